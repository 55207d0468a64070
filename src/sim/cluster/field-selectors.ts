/**
 * Field selectors, as the API server evaluates them on a list or a watch: `field=value`,
 * `field==value`, `field!=value`, joined by commas (k8s.io/apimachinery pkg/fields/selector.go).
 * Each kind supports only the fields its registry exposes (its field label conversion function in
 * pkg/apis/GROUP/v1/conversion.go and its strategy's GetAttrs): metadata.name and
 * metadata.namespace for every kind, and a few more for some; any other field is refused with
 * `field label not supported: FIELD`.
 */
import type { KObject } from './objects.ts';

type Getter = (o: KObject) => string;

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/** The fields beyond metadata.name and metadata.namespace, per kind. */
const EXTRA: Readonly<Record<string, Readonly<Record<string, Getter>>>> = {
  Pod: {
    'spec.nodeName': (o) => str(o.spec?.nodeName),
    'spec.restartPolicy': (o) => str(o.spec?.restartPolicy),
    'spec.schedulerName': (o) => str(o.spec?.schedulerName),
    'spec.serviceAccountName': (o) => str(o.spec?.serviceAccountName),
    'spec.hostNetwork': (o) => String(Boolean(o.spec?.hostNetwork)),
    'status.phase': (o) => str(o.status?.phase),
    'status.podIP': (o) => str(o.status?.podIP),
    'status.podIPs': (o) => str(o.status?.podIPs?.[0]?.ip),
    'status.nominatedNodeName': (o) => str(o.status?.nominatedNodeName),
  },
  Node: { 'spec.unschedulable': (o) => String(Boolean(o.spec?.unschedulable)) },
  Namespace: { 'status.phase': (o) => str(o.status?.phase) },
  Secret: { type: (o) => str(o.type) },
  ReplicationController: { 'status.replicas': (o) => str(o.status?.replicas ?? 0) },
  ReplicaSet: { 'status.replicas': (o) => str(o.status?.replicas ?? 0) },
  Job: { 'status.successful': (o) => str(o.status?.succeeded ?? 0) },
  CertificateSigningRequest: { 'spec.signerName': (o) => str(o.spec?.signerName) },
  Event: {
    'involvedObject.kind': (o) => str(o.involvedObject?.kind),
    'involvedObject.namespace': (o) => str(o.involvedObject?.namespace),
    'involvedObject.name': (o) => str(o.involvedObject?.name),
    'involvedObject.uid': (o) => str(o.involvedObject?.uid),
    'involvedObject.apiVersion': (o) => str(o.involvedObject?.apiVersion),
    'involvedObject.resourceVersion': (o) => str(o.involvedObject?.resourceVersion),
    'involvedObject.fieldPath': (o) => str(o.involvedObject?.fieldPath),
    reason: (o) => str(o.reason),
    reportingComponent: (o) => str(o.reportingComponent),
    source: (o) => str(o.source?.component),
    type: (o) => str(o.type),
  },
};

const META: Readonly<Record<string, Getter>> = {
  'metadata.name': (o) => str(o.metadata.name),
  'metadata.namespace': (o) => str(o.metadata.namespace),
};

/**
 * A field selector's test for objects of `kind`, or the server's error message (a term it cannot
 * parse, a field the kind does not support).
 */
export function fieldSelectorTest(kind: string, text: string): ((o: KObject) => boolean) | string {
  const fields = { ...META, ...(EXTRA[kind] ?? {}) };
  const tests: Array<(o: KObject) => boolean> = [];
  for (const part of text.split(',')) {
    const term = part.trim();
    if (term === '') continue;
    const m = /^([^=!]+)(==|=|!=)(.*)$/.exec(term);
    if (!m) return `invalid selector: '${text}'; can't understand '${term}'`;
    const [, field, op, value] = m as unknown as [string, string, string, string];
    const get = fields[field];
    if (!get) return `field label not supported: ${field}`;
    tests.push(op === '!=' ? (o) => get(o) !== value : (o) => get(o) === value);
  }
  return (o) => tests.every((t) => t(o));
}
