/**
 * What the API server fills in (SetDefaults_* and the admission plugins a learner sees the
 * effects of). Defaults are written once, at creation: `imagePullPolicy` is computed from the
 * image then and never again, even if the image changes later (kubernetes pkg/apis/core/v1/defaults.go).
 */
import { tryParseReference } from '../image-ref.ts';
import { deepFreeze, type Json, type KObject } from './objects.ts';

/** `Always` for `:latest` or no tag (and no digest), `IfNotPresent` otherwise — unparsable images too. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  const ref = tryParseReference(image);
  if (!ref) return 'IfNotPresent';
  const tag = ref.tag ?? (ref.digest === undefined ? 'latest' : undefined);
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: Json): void {
  if (typeof c.image === 'string' && c.imagePullPolicy === undefined) c.imagePullPolicy = defaultPullPolicy(c.image);
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
}

export function defaultPodSpec(spec: Json): void {
  if (!spec || typeof spec !== 'object') return;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) if (c && typeof c === 'object') defaultContainer(c);
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
}

/** What every pod's token volume projects, and the two default tolerations: frozen, shared by all pods. */
const TOKEN_SOURCES = deepFreeze([
  { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
  { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
  { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
]);
const DEFAULT_TOLERATIONS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'].map((key) => deepFreeze({ effect: 'NoExecute', key, operator: 'Exists', tolerationSeconds: 300 }));

/** Admission for a new Pod: service account, its token volume, default tolerations, priority. */
export function admitPod(pod: KObject, suffix: string): void {
  const spec = pod.spec;
  spec.serviceAccountName ??= spec.serviceAccount ?? 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  spec.enableServiceLinks ??= true;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  spec.priority ??= 0;
  const volume = `kube-api-access-${suffix}`;
  spec.volumes = [...(spec.volumes ?? []), {
    name: volume,
    projected: { defaultMode: 420, sources: TOKEN_SOURCES },
  }];
  for (const c of spec.containers ?? []) {
    c.volumeMounts = [...(c.volumeMounts ?? []), { mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: volume, readOnly: true }];
  }
  const tolerations: Json[] = spec.tolerations ?? [];
  for (const t of DEFAULT_TOLERATIONS) if (!tolerations.some((x) => x.key === t.key)) tolerations.push(t);
  spec.tolerations = tolerations;
}

export function defaultObject(obj: KObject): void {
  switch (obj.kind) {
    case 'Pod':
      defaultPodSpec(obj.spec);
      break;
    case 'Deployment': {
      const s = (obj.spec ??= {});
      s.replicas ??= 1;
      s.revisionHistoryLimit ??= 10;
      s.progressDeadlineSeconds ??= 600;
      s.strategy ??= {};
      s.strategy.type ??= 'RollingUpdate';
      if (s.strategy.type === 'RollingUpdate') {
        s.strategy.rollingUpdate ??= {};
        s.strategy.rollingUpdate.maxSurge ??= '25%';
        s.strategy.rollingUpdate.maxUnavailable ??= '25%';
      }
      defaultPodSpec(s.template?.spec);
      break;
    }
    case 'ReplicaSet':
      obj.spec ??= {};
      obj.spec.replicas ??= 1;
      defaultPodSpec(obj.spec.template?.spec);
      break;
    case 'Job':
      defaultJobSpec(obj);
      break;
    case 'CronJob': {
      // SetDefaults_CronJob; the job template's own spec is left as written (SetDefaults_Job runs on Jobs only).
      const s = (obj.spec ??= {});
      s.concurrencyPolicy ??= 'Allow';
      s.suspend ??= false;
      s.successfulJobsHistoryLimit ??= 3;
      s.failedJobsHistoryLimit ??= 1;
      defaultPodSpec(s.jobTemplate?.spec?.template?.spec);
      break;
    }
    case 'DaemonSet': {
      const s = (obj.spec ??= {});
      s.updateStrategy ??= {};
      s.updateStrategy.type ??= 'RollingUpdate';
      if (s.updateStrategy.type === 'RollingUpdate') {
        s.updateStrategy.rollingUpdate ??= {};
        s.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
        s.updateStrategy.rollingUpdate.maxSurge ??= 0;
      }
      s.revisionHistoryLimit ??= 10;
      defaultPodSpec(s.template?.spec);
      break;
    }
    case 'StatefulSet': {
      const s = (obj.spec ??= {});
      s.podManagementPolicy ??= 'OrderedReady';
      if (s.updateStrategy?.type === undefined) s.updateStrategy = { ...(s.updateStrategy ?? {}), type: 'RollingUpdate', rollingUpdate: s.updateStrategy?.rollingUpdate ?? {} };
      if (s.updateStrategy.type === 'RollingUpdate' && s.updateStrategy.rollingUpdate) s.updateStrategy.rollingUpdate.partition ??= 0;
      // StatefulSetAutoDeletePVC (beta since 1.27): claims are kept unless asked otherwise.
      s.persistentVolumeClaimRetentionPolicy ??= {};
      s.persistentVolumeClaimRetentionPolicy.whenDeleted ??= 'Retain';
      s.persistentVolumeClaimRetentionPolicy.whenScaled ??= 'Retain';
      s.replicas ??= 1;
      s.revisionHistoryLimit ??= 10;
      defaultPodSpec(s.template?.spec);
      for (const t of Array.isArray(s.volumeClaimTemplates) ? s.volumeClaimTemplates : []) if (t && typeof t === 'object') defaultClaim(t);
      break;
    }
    case 'PersistentVolumeClaim':
      defaultClaim(obj);
      break;
    case 'Service': {
      const s = (obj.spec ??= {});
      s.type ??= 'ClusterIP';
      s.sessionAffinity ??= 'None';
      s.internalTrafficPolicy ??= 'Cluster';
      s.ipFamilies ??= ['IPv4'];
      s.ipFamilyPolicy ??= 'SingleStack';
      for (const p of s.ports ?? []) {
        p.protocol ??= 'TCP';
        p.targetPort ??= p.port;
      }
      if (s.type === 'NodePort' || s.type === 'LoadBalancer') s.externalTrafficPolicy ??= 'Cluster';
      break;
    }
    case 'Secret':
      obj.type ??= 'Opaque';
      // The API server folds stringData into base64 data and never stores stringData itself.
      if (obj.stringData && typeof obj.stringData === 'object') {
        obj.data = { ...(obj.data ?? {}) };
        for (const [k, v] of Object.entries(obj.stringData as Record<string, unknown>)) obj.data[k] = Buffer.from(String(v)).toString('base64');
        delete obj.stringData;
      }
      break;
    case 'Namespace':
      obj.spec ??= { finalizers: ['kubernetes'] };
      obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name as string };
      break;
    case 'ReplicationController': {
      // SetDefaults_ReplicationController: selector and labels from the template's labels.
      const s = (obj.spec ??= {});
      const labels = s.template?.metadata?.labels;
      if (labels && (!s.selector || Object.keys(s.selector).length === 0)) s.selector = { ...labels };
      if (labels && !obj.metadata.labels) obj.metadata.labels = { ...labels };
      s.replicas ??= 1;
      defaultPodSpec(s.template?.spec);
      break;
    }
    case 'PodTemplate':
      defaultPodSpec(obj.template?.spec);
      break;
    case 'PersistentVolume':
      obj.spec ??= {};
      obj.spec.persistentVolumeReclaimPolicy ??= 'Retain';
      obj.spec.volumeMode ??= 'Filesystem';
      if (obj.spec.hostPath && typeof obj.spec.hostPath === 'object') obj.spec.hostPath.type ??= '';
      obj.status = { ...(obj.status ?? {}), phase: obj.status?.phase ?? 'Pending' };
      break;
    case 'StorageClass':
      obj.reclaimPolicy ??= 'Delete';
      obj.volumeBindingMode ??= 'Immediate';
      break;
    case 'PriorityClass':
      obj.preemptionPolicy ??= 'PreemptLowerPriority';
      break;
    case 'NetworkPolicy': {
      // SetDefaults_NetworkPolicy: Ingress always, Egress when there are egress rules.
      const s = (obj.spec ??= {});
      if (!Array.isArray(s.policyTypes) || s.policyTypes.length === 0) s.policyTypes = ['Ingress', ...(Array.isArray(s.egress) && s.egress.length ? ['Egress'] : [])];
      break;
    }
    case 'HorizontalPodAutoscaler':
      defaultHpa(obj);
      break;
    case 'Endpoints':
      for (const ss of obj.subsets ?? []) for (const p of ss?.ports ?? []) if (p) p.protocol ??= 'TCP';
      break;
    default:
      break;
  }
}

/** SetDefaults_HorizontalPodAutoscaler (autoscaling/v2): one replica at least, 80% CPU, the default behavior. */
function defaultHpa(obj: KObject): void {
  const s = (obj.spec ??= {});
  s.minReplicas ??= 1;
  if (!Array.isArray(s.metrics) || s.metrics.length === 0) s.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  const b = (s.behavior ??= {});
  b.scaleUp ??= {};
  b.scaleUp.stabilizationWindowSeconds ??= 0;
  b.scaleUp.selectPolicy ??= 'Max';
  b.scaleUp.policies ??= [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }];
  b.scaleDown ??= {};
  b.scaleDown.stabilizationWindowSeconds ??= 300;
  b.scaleDown.selectPolicy ??= 'Max';
  b.scaleDown.policies ??= [{ type: 'Percent', value: 100, periodSeconds: 15 }];
}

/** SetDefaults_Job (batch/v1 defaults.go): both counts 1 when neither is set, back-off limit 6. */
export function defaultJobSpec(obj: KObject): void {
  const s = (obj.spec ??= {});
  if (s.completions === undefined && s.parallelism === undefined) { s.completions = 1; s.parallelism = 1; }
  s.parallelism ??= 1;
  s.backoffLimit ??= s.backoffLimitPerIndex !== undefined ? 2147483647 : 6;
  // The job's labels default to its template's (before the API server adds the generated ones).
  const labels = s.template?.metadata?.labels;
  if (labels && Object.keys(obj.metadata?.labels ?? {}).length === 0) obj.metadata.labels = { ...labels };
  s.completionMode ??= 'NonIndexed';
  s.suspend ??= false;
  // JobPodReplacementPolicy (beta, on in 1.32).
  s.podReplacementPolicy ??= s.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  s.manualSelector ??= false;
  defaultPodSpec(s.template?.spec);
}

/** A claim's defaults: the file-system volume mode, and Pending until something binds it. */
function defaultClaim(c: Json): void {
  c.apiVersion ??= 'v1';
  c.kind ??= 'PersistentVolumeClaim';
  c.spec ??= {};
  c.spec.volumeMode ??= 'Filesystem';
  c.status ??= {};
  c.status.phase ??= 'Pending';
}
