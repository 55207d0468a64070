/**
 * What decoding into Go's typed objects does to the JSON a client sent, where it shows. The API
 * server holds every object as a Go struct: a nested ObjectMeta (a pod template's, a job
 * template's, a claim template's) is a value, not a pointer, and its zero `creationTimestamp`
 * (metav1.Time) marshals as `null` — so `creationTimestamp: null` and no `creationTimestamp` at
 * all decode to the same object, and every served object shows
 * `spec.template.metadata.creationTimestamp: null` (k8s.io/apimachinery pkg/apis/meta/v1/time.go,
 * MarshalJSON of a zero Time; the templates in k8s.io/api apps/v1, batch/v1 and core/v1 types.go).
 * kubetutor keeps objects as JSON, so it writes the null (and the other empty structs that show)
 * the typed object would have.
 */
import { POD_SPEC_PATHS, fieldAt, type Json, type KObject } from './objects.ts';

/** Where each kind holds a nested ObjectMeta besides the pod spec's claim templates (`[]` marks a list). */
const NESTED_META: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec.template'],
  ReplicaSet: ['spec.template'],
  DaemonSet: ['spec.template'],
  StatefulSet: ['spec.template', 'spec.volumeClaimTemplates[]'],
  Job: ['spec.template'],
  CronJob: ['spec.jobTemplate', 'spec.jobTemplate.spec.template'],
  ReplicationController: ['spec.template'],
  PodTemplate: ['template'],
};

/** A struct holding an ObjectMeta: absent metadata is the zero ObjectMeta, whose time is null. */
function zeroTime(holder: unknown): void {
  if (!holder || typeof holder !== 'object' || Array.isArray(holder)) return;
  const h = holder as Json;
  if (h.metadata === undefined || h.metadata === null) h.metadata = {};
  if (typeof h.metadata !== 'object' || Array.isArray(h.metadata)) return;
  if (h.metadata.creationTimestamp === undefined) {
    // Go's encoding/json writes struct fields in declaration order; `-o json` sorts keys anyway.
    h.metadata = { creationTimestamp: null, ...h.metadata };
  }
}

/** Generic ephemeral volumes: each volumeClaimTemplate is a PersistentVolumeClaimTemplate (an ObjectMeta and a spec). */
function podSpecClaims(spec: unknown): void {
  const volumes = (spec as Json)?.volumes;
  if (!Array.isArray(volumes)) return;
  for (const v of volumes) if (v?.ephemeral?.volumeClaimTemplate) zeroTime(v.ephemeral.volumeClaimTemplate);
}

/** The object as the server holds it after decoding (changed in place). */
export function decodeTyped(obj: KObject): void {
  // ServiceStatus.LoadBalancer is a struct, not a pointer: every Service shows `status: {loadBalancer: {}}`.
  if (obj.kind === 'Service') {
    if (!obj.status || typeof obj.status !== 'object') obj.status = {};
    obj.status.loadBalancer ??= {};
  }
  for (const path of NESTED_META[obj.kind] ?? []) {
    if (path.endsWith('[]')) {
      const list = fieldAt(obj, path.slice(0, -2));
      if (Array.isArray(list)) for (const item of list) zeroTime(item);
    } else {
      zeroTime(fieldAt(obj, path));
    }
  }
  const specPath = POD_SPEC_PATHS[obj.kind];
  if (specPath !== undefined) podSpecClaims(fieldAt(obj, specPath));
}
