/**
 * Where one stored object is served in two shapes, as the API server's conversion functions do it:
 * - events.k8s.io/v1 Events live in /registry/events as core v1 Events (regarding ↔ involvedObject,
 *   note ↔ message, deprecatedCount ↔ count…; pkg/apis/events/v1/conversion.go);
 * - autoscaling/v1 HorizontalPodAutoscalers are stored as autoscaling/v2 ones
 *   (targetCPUUtilizationPercentage ↔ a cpu Resource metric; pkg/apis/autoscaling/v1/conversion.go).
 */
import { leaseAt } from './bootstrap-apis.ts';
import { clone, type Json, type KObject } from './objects.ts';

/** events.k8s.io/v1 field → core v1 field (the rest are the same in both). */
const EVENT_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['regarding', 'involvedObject'], ['note', 'message'], ['deprecatedSource', 'source'], ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'], ['deprecatedCount', 'count'], ['reportingController', 'reportingComponent'],
];

/** An events.k8s.io/v1 Event as the core v1 Event the store keeps. */
export function eventToCore(e: KObject): KObject {
  const out: Json = { ...clone(e), apiVersion: 'v1', kind: 'Event' };
  for (const [v1, core] of EVENT_FIELDS) {
    if (v1 in out) {
      if (out[v1] !== undefined) out[core] = out[v1];
      delete out[v1];
    }
  }
  out.involvedObject ??= {};
  return out as KObject;
}

/** A core v1 Event read through events.k8s.io/v1 (an empty reportingComponent is left out). */
export function eventFromCore(e: KObject): KObject {
  const out: Json = { ...e, apiVersion: 'events.k8s.io/v1', kind: 'Event' };
  for (const [v1, core] of EVENT_FIELDS) {
    if (core in out) {
      if (out[core] !== undefined && !(core === 'reportingComponent' && out[core] === '')) out[v1] = out[core];
      delete out[core];
    }
  }
  return out as KObject;
}

/** An autoscaling/v1 HorizontalPodAutoscaler in the autoscaling/v2 shape the server stores. */
export function hpaV1ToV2(h: KObject): KObject {
  const out = clone(h);
  out.apiVersion = 'autoscaling/v2';
  const spec: Json = out.spec ?? {};
  const cpu = spec.targetCPUUtilizationPercentage;
  delete spec.targetCPUUtilizationPercentage;
  if (typeof cpu === 'number') spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } }];
  if (out.status) {
    const current = out.status.currentCPUUtilizationPercentage;
    delete out.status.currentCPUUtilizationPercentage;
    if (typeof current === 'number') out.status.currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }];
  }
  return out;
}

/**
 * An object as a resource serves it at `now`: reads through events.k8s.io/v1 see the stored core
 * Events converted, the control plane's Leases show their last renewal; everything else is served
 * as stored. (The store and the API server's readers keep
 * the stored shape; kubectl's output converts, as the server would for that request.)
 */
export function servedAs(r: { readonly group: string; readonly kind: string }, o: KObject, now: number): KObject {
  if (r.group === 'events.k8s.io') return eventFromCore(o);
  return r.kind === 'Lease' ? leaseAt(o, now) : o;
}
