/**
 * `kubectl create job NAME --image=IMAGE [-- COMMAND…]`, `create job NAME --from=cronjob/X` and
 * `kubectl create cronjob NAME --image=IMAGE --schedule=SPEC [-- COMMAND…]`, as their generators
 * build them (staging/src/k8s.io/kubectl/pkg/cmd/create/create_job.go, create_cronjob.go): one
 * container named after the Job, restartPolicy Never for a Job and OnFailure (or --restart) for a
 * CronJob's; a Job made from a CronJob takes its jobTemplate, `cronjob.kubernetes.io/instantiate:
 * manual` and an owner reference to it.
 */
import type { Json } from '../../sim/cluster/objects.ts';
import { resourceByKind, type ResourceType } from '../../sim/cluster/resources.ts';
import type { CommandContext } from '../context.ts';
import { flag, type ParsedFlags } from '../flags.ts';
import { err, result, type CommandResult } from '../result.ts';
import { isResult, namespaceOf, notFoundLine, parseTargets } from './common.ts';

/** A generated object, and the word kubectl's `failed to create …` uses for it. */
export type Generated = { readonly obj: Json; readonly kind: string; readonly what: string };

/** NameFromCommandArgs: exactly one word before `--`. */
export function nameFrom(sub: string, words: readonly string[]): string | CommandResult {
  if (words.length !== 1) return result([err(`error: exactly one NAME is required, got ${words.length}`), err(`See 'kubectl create ${sub} -h' for help and examples`)], 1);
  return words[0] as string;
}

/** The generator's container: its name is the object's, the command what followed `--`. */
function container(name: string, image: string, command: readonly string[]): Json {
  return { ...(command.length ? { command: [...command] } : {}), image, name, resources: {} };
}

export function jobFor(words: string[], afterDash: string[], ctx: CommandContext, p: ParsedFlags): Generated | CommandResult {
  const name = nameFrom('job', words);
  if (typeof name !== 'string') return name;
  const image = flag(p, 'image') ?? '';
  const from = flag(p, 'from') ?? '';
  if ((image === '' && from === '') || (image !== '' && from !== '')) return result([err('error: either --image or --from must be specified')], 1);
  if (afterDash.length && from !== '') return result([err('error: cannot specify --from and command')], 1);
  const ns = flag(p, 'namespace') !== undefined ? { namespace: namespaceOf(ctx, p) } : {};
  if (image !== '') {
    return {
      kind: 'Job', what: 'job',
      obj: {
        apiVersion: 'batch/v1', kind: 'Job', metadata: { creationTimestamp: null, name, ...ns },
        spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: [container(name, image, afterDash)], restartPolicy: 'Never' } } },
        status: {},
      },
    };
  }
  const targets = parseTargets([from]);
  if (isResult(targets)) return targets;
  const t = targets[0];
  if (!t || t.names.length !== 1) return result([err('error: from must be an existing cronjob')], 1);
  const cron = ctx.world.cluster.api.get(t.type, t.type.namespaced ? namespaceOf(ctx, p) : undefined, t.names[0] as string);
  if (!('metadata' in cron)) return result([notFoundLine(t.type, t.names[0] as string)], 1);
  if (cron.kind !== 'CronJob') return result([err(`error: unknown object type *v1.${cron.kind}`)], 1);
  const template: Json = cron.spec?.jobTemplate ?? {};
  return {
    kind: 'Job', what: 'job',
    obj: {
      apiVersion: 'batch/v1', kind: 'Job',
      metadata: {
        annotations: { 'cronjob.kubernetes.io/instantiate': 'manual', ...(template.metadata?.annotations ?? {}) },
        creationTimestamp: null,
        ...(template.metadata?.labels ? { labels: template.metadata.labels } : {}),
        name, ...ns,
        ownerReferences: [{ apiVersion: 'batch/v1', controller: true, kind: 'CronJob', name: cron.metadata.name, uid: cron.metadata.uid }],
      },
      spec: template.spec ?? {},
      status: {},
    },
  };
}

export function cronJobFor(words: string[], afterDash: string[], ctx: CommandContext, p: ParsedFlags): Generated | CommandResult {
  const missing = ['image', 'schedule'].filter((f) => flag(p, f) === undefined);
  if (missing.length) return result([err(`error: required flag(s) ${missing.map((m) => `"${m}"`).join(', ')} not set`)], 1);
  const name = nameFrom('cronjob', words);
  if (typeof name !== 'string') return name;
  const ns = flag(p, 'namespace') !== undefined ? { namespace: namespaceOf(ctx, p) } : {};
  return {
    kind: 'CronJob', what: 'cronjob',
    obj: {
      apiVersion: 'batch/v1', kind: 'CronJob', metadata: { creationTimestamp: null, name, ...ns },
      spec: {
        jobTemplate: {
          metadata: { creationTimestamp: null, name },
          spec: { template: { metadata: { creationTimestamp: null }, spec: { containers: [container(name, flag(p, 'image') as string, afterDash)], restartPolicy: flag(p, 'restart') || 'OnFailure' } } },
        },
        schedule: flag(p, 'schedule'),
      },
      status: {},
    },
  };
}

/** The batch/v1 type of a generated object (Job, CronJob), for its `job.batch/NAME` line. */
export function batchType(kind: string): ResourceType {
  return resourceByKind(kind, 'batch/v1') as ResourceType;
}
