/**
 * What the API server's registry strategies do for the workload kinds beside Deployments
 * (pkg/registry/batch/job, pkg/registry/apps/daemonset, pkg/registry/apps/statefulset): the
 * Job's generated selector, the DaemonSet's template generation, the status a new object starts
 * with, and the StatefulSet fields that may not change.
 */
import type { Json, KObject } from './objects.ts';
import type { FieldError } from './validation.ts';
import { JOB_NAME_LABEL, JOB_UID_LABEL } from './workload-validation.ts';

/** apps/v1 keeps a DaemonSet's TemplateGeneration in this annotation; its pods carry it as `pod-template-generation`. */
export const DS_TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

export const PVC_PROTECTION = 'kubernetes.io/pvc-protection';

/** Kinds whose spec changes bump metadata.generation (and whose controllers report observedGeneration). */
export const GENERATION_KINDS: ReadonlySet<string> = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'DaemonSet', 'StatefulSet', 'PodDisruptionBudget']);

/**
 * Kinds whose spec.selector is immutable once created, in ValidateImmutableField's words (the
 * strategies of Deployments, ReplicaSets and DaemonSets; ValidateJobSpecUpdate). A StatefulSet's
 * selector is not checked on its own: ValidateStatefulSetUpdate refuses it with the rest of the spec.
 */
export const IMMUTABLE_SELECTOR_KINDS: ReadonlySet<string> = new Set(['Deployment', 'ReplicaSet', 'DaemonSet', 'Job']);

/** The status a new object is stored with: Go's zero values of the fields that are not omitempty. */
export const INITIAL_STATUS: Readonly<Record<string, Json>> = {
  Job: {},
  CronJob: {},
  DaemonSet: { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 },
  StatefulSet: { replicas: 0, availableReplicas: 0 },
  PersistentVolumeClaim: { phase: 'Pending' },
  PodDisruptionBudget: { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 },
};

/**
 * generateSelector (job strategy): unless the selector is manual, the template gets the job-name
 * and controller-uid labels (legacy and prefixed) and the selector the prefixed uid. A Job with no
 * labels of its own gets its template's (SetDefaults_Job shares the map, so the generated ones too).
 */
export function generateJobSelector(job: KObject, labelsGiven: boolean): void {
  const spec = job.spec;
  if (!spec || spec.manualSelector === true) return;
  spec.template ??= {};
  spec.template.metadata ??= {};
  const labels: Record<string, string> = (spec.template.metadata.labels ??= {});
  const name = String(job.metadata.name ?? '');
  const uid = String(job.metadata.uid ?? '');
  for (const k of ['job-name', JOB_NAME_LABEL]) labels[k] ??= name;
  for (const k of ['controller-uid', JOB_UID_LABEL]) labels[k] ??= uid;
  spec.selector ??= {};
  spec.selector.matchLabels ??= {};
  spec.selector.matchLabels[JOB_UID_LABEL] ??= uid;
  if (!labelsGiven) job.metadata.labels = { ...labels };
}

/** ValidateStatefulSetUpdate: only these fields of a StatefulSet's spec may change. */
export function statefulSetUpdateErrors(live: KObject, next: KObject): FieldError[] {
  const strip = (spec: Json): string => {
    const s = { ...(spec ?? {}) };
    for (const k of ['replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']) delete s[k];
    return JSON.stringify(s);
  };
  if (strip(live.spec) === strip(next.spec)) return [];
  return [{ field: 'spec', type: 'Forbidden', detail: "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden" }];
}

/**
 * ValidateJobSpecUpdate: a Job's completions, template and completion mode stay as created. The
 * real message prints the whole new template as Go's %#v of core.PodTemplateSpec (hundreds of
 * fields, pointer addresses among them); kubetutor abbreviates that dump.
 */
export function jobUpdateErrors(live: KObject, next: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  if (!same(live.spec?.completions, next.spec?.completions)) errs.push({ field: 'spec.completions', type: 'Invalid value', value: next.spec?.completions ?? null, hasValue: true, detail: 'field is immutable' });
  if (!same(live.spec?.template, next.spec?.template)) errs.push({ field: 'spec.template', type: 'Invalid value', detail: 'core.PodTemplateSpec{…}: field is immutable' });
  if (!same(live.spec?.completionMode, next.spec?.completionMode)) errs.push({ field: 'spec.completionMode', type: 'Invalid value', value: next.spec?.completionMode ?? null, hasValue: true, detail: 'field is immutable' });
  return errs;
}
