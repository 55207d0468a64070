/**
 * The API server's validation of Jobs and CronJobs, after pkg/apis/batch/validation: the same
 * checks in the same order, with the same messages. (The other kinds' rules, the apps ones
 * included, are in validation.ts, which dispatches here for these two.)
 */
import { knownTimeZone, parseCron } from './cron.ts';
import { selectorMatches, type Json, type KObject } from './objects.ts';
import { goLabelSelector, invalid, required, unsupported, validateMeta, validatePodTemplate, type FieldError } from './validation.ts';

/** The labels a Job's pods carry, and the one its generated selector names. */
export const JOB_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
const LEGACY_UID_LABEL = 'controller-uid';
const LEGACY_NAME_LABEL = 'job-name';

const nonNegative = (errs: FieldError[], path: string, v: unknown): void => {
  if (typeof v === 'number' && v < 0) errs.push(invalid(path, v, 'must be greater than or equal to 0'));
};

/** validateJobSpec: counts, completion mode, the pod template, and a restart policy a Job can finish with. */
function validateJobSpec(spec: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) nonNegative(errs, `${path}.${f}`, spec?.[f]);
  const mode = spec?.completionMode;
  if (mode !== undefined) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(unsupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed' && spec.completions === undefined) errs.push(required(`${path}.completions`, 'when completion mode is Indexed'));
  }
  const rpp = spec?.podReplacementPolicy;
  if (rpp !== undefined && rpp !== 'Failed' && rpp !== 'TerminatingOrFailed') errs.push(unsupported(`${path}.podReplacementPolicy`, rpp, ['Failed', 'TerminatingOrFailed']));
  const tpl = `${path}.template.spec`;
  errs.push(...validatePodTemplate(`${path}.template`, spec?.template).filter((e) => e.field !== `${tpl}.restartPolicy`));
  const rp = spec?.template?.spec?.restartPolicy;
  // Defaulting made a missing restartPolicy Always, so both read as "not set" here.
  if (rp === 'Always' || rp === undefined || rp === '') errs.push(required(`${tpl}.restartPolicy`, 'valid values: "OnFailure", "Never"'));
  else if (rp !== 'OnFailure' && rp !== 'Never') errs.push(unsupported(`${tpl}.restartPolicy`, rp, ['OnFailure', 'Never']));
  return errs;
}

/** ValidateJob: the name, the generated selector, the spec, and a selector that matches the template. */
export function validateJob(obj: KObject): FieldError[] {
  const errs = validateMeta(obj, 'subdomain');
  const spec = obj.spec ?? {};
  const sel = spec.selector;
  // validateGeneratedSelector: unless the selector is manual, it must select the pods the Job makes.
  if (spec.manualSelector !== true && sel) {
    const expected: Record<string, string> = { [JOB_UID_LABEL]: String(obj.metadata?.uid ?? ''), [JOB_NAME_LABEL]: String(obj.metadata?.name ?? ''), [LEGACY_UID_LABEL]: String(obj.metadata?.uid ?? ''), [LEGACY_NAME_LABEL]: String(obj.metadata?.name ?? '') };
    if (!selectorMatches(sel, expected)) errs.push(invalid('spec.selector', goLabelSelector(sel), '`selector` not auto-generated'));
  }
  errs.push(...validateJobSpec(spec, 'spec'));
  // The API server generates the selector before it validates; a manifest explained offline has none yet.
  if (!sel && spec.manualSelector === true) errs.push(required('spec.selector'));
  if (sel && !selectorMatches(sel, spec.template?.metadata?.labels)) {
    errs.push({ field: 'spec.template.metadata.labels', type: 'Invalid value', value: spec.template?.metadata?.labels ?? {}, hasValue: true, detail: '`selector` does not match template `labels`' });
  }
  return errs;
}

/** ValidateCronJobCreate: name (52 characters, for the Job names it makes), schedule, time zone, policy, job template. */
export function validateCronJob(obj: KObject): FieldError[] {
  const errs = validateMeta(obj, 'subdomain');
  const spec = obj.spec ?? {};
  const schedule = spec.schedule;
  if (typeof schedule !== 'string' || schedule.length === 0) errs.push(required('spec.schedule'));
  else {
    const parsed = parseCron(schedule);
    if (typeof parsed === 'string') errs.push(invalid('spec.schedule', schedule, parsed));
    if (schedule.includes('TZ')) errs.push(invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  nonNegative(errs, 'spec.startingDeadlineSeconds', spec.startingDeadlineSeconds);
  const tz = spec.timeZone;
  if (typeof tz === 'string') {
    if (tz.length === 0) errs.push(invalid('spec.timeZone', tz, 'timeZone must be nil or non-empty string'));
    else if (tz.split('/').some((p) => p === '.' || p === '..' || p.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(p))) errs.push(invalid('spec.timeZone', tz, `unknown time zone ${tz}`));
    else {
      if (tz.toLowerCase() === 'local') errs.push(invalid('spec.timeZone', tz, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
      if (!knownTimeZone(tz)) errs.push(invalid('spec.timeZone', tz, `unknown time zone ${tz}`));
    }
  }
  const policy = spec.concurrencyPolicy;
  if (policy === '') errs.push(required('spec.concurrencyPolicy'));
  else if (policy !== undefined && !['Allow', 'Forbid', 'Replace'].includes(policy)) errs.push(unsupported('spec.concurrencyPolicy', policy, ['Allow', 'Forbid', 'Replace']));
  // ValidateJobTemplateSpec: the job spec, and no selector of its own (the Jobs get generated ones).
  const jobSpec = spec.jobTemplate?.spec ?? {};
  errs.push(...validateJobSpec(jobSpec, 'spec.jobTemplate.spec'));
  if (jobSpec.selector) errs.push(invalid('spec.jobTemplate.spec.selector', goLabelSelector(jobSpec.selector), '`selector` will be auto-generated'));
  if (jobSpec.manualSelector === true) errs.push(unsupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  nonNegative(errs, 'spec.successfulJobsHistoryLimit', spec.successfulJobsHistoryLimit);
  nonNegative(errs, 'spec.failedJobsHistoryLimit', spec.failedJobsHistoryLimit);
  if (typeof obj.metadata?.name === 'string' && obj.metadata.name.length > 52) errs.push(invalid('metadata.name', obj.metadata.name, 'must be no more than 52 characters'));
  return errs;
}
