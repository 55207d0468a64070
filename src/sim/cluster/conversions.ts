/**
 * Where one stored object is served in two shapes, as the API server's conversion functions do it:
 * - events.k8s.io/v1 Events live in /registry/events as core v1 Events (regarding ↔ involvedObject,
 *   note ↔ message, deprecatedCount ↔ count…; pkg/apis/events/v1/conversion.go);
 * - autoscaling/v1 HorizontalPodAutoscalers are stored as autoscaling/v2 ones
 *   (targetCPUUtilizationPercentage ↔ a cpu Resource metric; pkg/apis/autoscaling/v1/conversion.go).
 */
import { leaseAt } from './bootstrap-apis.ts';
import { clone, type Json, type KObject } from './objects.ts';

/** An events.k8s.io/v1 Event as the core v1 Event the store keeps. */
export function eventToCore(e: KObject): KObject {
  const { regarding, note, deprecatedSource, deprecatedFirstTimestamp, deprecatedLastTimestamp, deprecatedCount, reportingController, ...rest } = clone(e) as Json;
  const out: Json = { ...rest, apiVersion: 'v1', kind: 'Event' };
  if (regarding !== undefined) out.involvedObject = regarding;
  else out.involvedObject ??= {};
  if (note !== undefined) out.message = note;
  if (deprecatedSource !== undefined) out.source = deprecatedSource;
  if (deprecatedFirstTimestamp !== undefined) out.firstTimestamp = deprecatedFirstTimestamp;
  if (deprecatedLastTimestamp !== undefined) out.lastTimestamp = deprecatedLastTimestamp;
  if (deprecatedCount !== undefined) out.count = deprecatedCount;
  if (reportingController !== undefined) out.reportingComponent = reportingController;
  return out as KObject;
}

/** A core v1 Event read through events.k8s.io/v1. */
export function eventFromCore(e: KObject): KObject {
  const { involvedObject, message, source, firstTimestamp, lastTimestamp, count, reportingComponent, apiVersion: _v, kind: _k, metadata, ...rest } = e as Json;
  const out: Json = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata, ...rest };
  if (source !== undefined) out.deprecatedSource = source;
  if (firstTimestamp !== undefined) out.deprecatedFirstTimestamp = firstTimestamp;
  if (lastTimestamp !== undefined) out.deprecatedLastTimestamp = lastTimestamp;
  if (count !== undefined) out.deprecatedCount = count;
  if (message !== undefined) out.note = message;
  if (involvedObject !== undefined) out.regarding = involvedObject;
  if (reportingComponent !== undefined && reportingComponent !== '') out.reportingController = reportingComponent;
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
