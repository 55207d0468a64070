/**
 * API versions that Kubernetes has stopped serving, so `kubetutor explain` can tell a learner why
 * an old manifest (copied from a blog post or an old chart) is rejected and what to write instead.
 *
 * Source: the Kubernetes "Deprecated API Migration Guide",
 * https://kubernetes.io/docs/reference/using-api/deprecation-guide/, covering every removal up to
 * and including v1.32. It is hand-written because the generated schema cannot say this: it still
 * contains many removed versions (kubernetes-models keeps them) and records neither when a
 * version was removed nor what replaced it.
 *
 * `replacement` is the version to use on a v1.32 cluster. Where the guide's original target was
 * itself removed later (policy/v1beta1 PodSecurityPolicy, flowcontrol v1beta3), it points past it.
 */

export interface RemovedApi {
  readonly apiVersion: string;   // e.g. 'extensions/v1beta1'
  readonly kind: string;         // e.g. 'Deployment'
  readonly removedIn: string;    // Kubernetes minor version, e.g. '1.16'
  readonly replacement: string;  // e.g. 'apps/v1'
  /** Anything a migrating user must change besides apiVersion (one sentence), if any. */
  readonly note?: string;
}

// The selector became required and immutable in apps/v1; old versions defaulted it from the
// template labels, so manifests written for them often have none.
const APPS_SELECTOR_NOTE = 'Add spec.selector.matchLabels, which apps/v1 requires and never lets you change later; copy the labels from spec.template.metadata.labels.';

// Pod Security Admission is configured with namespace labels, not with an API object, so there is
// no apiVersion to migrate to.
const PSP_NOTE = 'PodSecurityPolicy has no replacement API: enforce pod security with Pod Security Admission (pod-security.kubernetes.io/* labels on the namespace) or a third-party admission webhook.';

const PLC_V1_NOTE = 'In spec.limited, assuredConcurrencyShares is renamed nominalConcurrencyShares, and an explicit 0 is no longer turned into the default of 30.';

export const REMOVED_APIS: readonly RemovedApi[] = [
  // v1.16
  {
    apiVersion: 'extensions/v1beta1',
    kind: 'NetworkPolicy',
    removedIn: '1.16',
    replacement: 'networking.k8s.io/v1',
  },
  {
    // The guide's 1.16 target, policy/v1beta1, was itself removed in 1.25.
    apiVersion: 'extensions/v1beta1',
    kind: 'PodSecurityPolicy',
    removedIn: '1.16',
    replacement: '',
    note: PSP_NOTE,
  },
  {
    apiVersion: 'extensions/v1beta1',
    kind: 'DaemonSet',
    removedIn: '1.16',
    replacement: 'apps/v1',
    note: 'Add the now required and immutable spec.selector (copy the template labels) and drop spec.templateGeneration; spec.updateStrategy.type now defaults to RollingUpdate instead of OnDelete.',
  },
  {
    apiVersion: 'apps/v1beta2',
    kind: 'DaemonSet',
    removedIn: '1.16',
    replacement: 'apps/v1',
    note: APPS_SELECTOR_NOTE,
  },
  {
    apiVersion: 'extensions/v1beta1',
    kind: 'Deployment',
    removedIn: '1.16',
    replacement: 'apps/v1',
    note: 'Add the now required and immutable spec.selector (copy the template labels) and drop spec.rollbackTo; defaults also change (progressDeadlineSeconds 600, revisionHistoryLimit 10, maxSurge and maxUnavailable 25%).',
  },
  {
    apiVersion: 'apps/v1beta1',
    kind: 'Deployment',
    removedIn: '1.16',
    replacement: 'apps/v1',
    note: 'Add the now required and immutable spec.selector (copy the template labels) and drop spec.rollbackTo; spec.revisionHistoryLimit now defaults to 10 instead of 2.',
  },
  {
    apiVersion: 'apps/v1beta2',
    kind: 'Deployment',
    removedIn: '1.16',
    replacement: 'apps/v1',
    note: APPS_SELECTOR_NOTE,
  },
  {
    apiVersion: 'apps/v1beta1',
    kind: 'StatefulSet',
    removedIn: '1.16',
    replacement: 'apps/v1',
    note: 'Add the now required and immutable spec.selector (copy the template labels); spec.updateStrategy.type now defaults to RollingUpdate instead of OnDelete.',
  },
  {
    apiVersion: 'apps/v1beta2',
    kind: 'StatefulSet',
    removedIn: '1.16',
    replacement: 'apps/v1',
    note: APPS_SELECTOR_NOTE,
  },
  {
    apiVersion: 'extensions/v1beta1',
    kind: 'ReplicaSet',
    removedIn: '1.16',
    replacement: 'apps/v1',
    note: APPS_SELECTOR_NOTE,
  },
  {
    // Listed by the guide, although apps/v1beta1 never served ReplicaSet; harmless, and a
    // manifest claiming it still gets pointed at apps/v1.
    apiVersion: 'apps/v1beta1',
    kind: 'ReplicaSet',
    removedIn: '1.16',
    replacement: 'apps/v1',
    note: APPS_SELECTOR_NOTE,
  },
  {
    apiVersion: 'apps/v1beta2',
    kind: 'ReplicaSet',
    removedIn: '1.16',
    replacement: 'apps/v1',
    note: APPS_SELECTOR_NOTE,
  },

  // v1.22
  {
    apiVersion: 'admissionregistration.k8s.io/v1beta1',
    kind: 'MutatingWebhookConfiguration',
    removedIn: '1.22',
    replacement: 'admissionregistration.k8s.io/v1',
    note: 'Each webhook must now set sideEffects (None or NoneOnDryRun) and admissionReviewVersions and have a unique name, and defaults change (failurePolicy Fail, matchPolicy Equivalent, timeoutSeconds 10).',
  },
  {
    apiVersion: 'admissionregistration.k8s.io/v1beta1',
    kind: 'ValidatingWebhookConfiguration',
    removedIn: '1.22',
    replacement: 'admissionregistration.k8s.io/v1',
    note: 'Each webhook must now set sideEffects (None or NoneOnDryRun) and admissionReviewVersions and have a unique name, and defaults change (failurePolicy Fail, matchPolicy Equivalent, timeoutSeconds 10).',
  },
  {
    apiVersion: 'apiextensions.k8s.io/v1beta1',
    kind: 'CustomResourceDefinition',
    removedIn: '1.22',
    replacement: 'apiextensions.k8s.io/v1',
    note: 'spec.scope and a structural spec.versions[*].schema.openAPIV3Schema are now required, and version, validation, subresources and additionalPrinterColumns move under spec.versions[*].',
  },
  {
    apiVersion: 'apiregistration.k8s.io/v1beta1',
    kind: 'APIService',
    removedIn: '1.22',
    replacement: 'apiregistration.k8s.io/v1',
  },
  {
    apiVersion: 'authentication.k8s.io/v1beta1',
    kind: 'TokenReview',
    removedIn: '1.22',
    replacement: 'authentication.k8s.io/v1',
  },
  {
    apiVersion: 'authorization.k8s.io/v1beta1',
    kind: 'LocalSubjectAccessReview',
    removedIn: '1.22',
    replacement: 'authorization.k8s.io/v1',
    note: 'spec.group is renamed spec.groups.',
  },
  {
    apiVersion: 'authorization.k8s.io/v1beta1',
    kind: 'SelfSubjectAccessReview',
    removedIn: '1.22',
    replacement: 'authorization.k8s.io/v1',
  },
  {
    apiVersion: 'authorization.k8s.io/v1beta1',
    kind: 'SubjectAccessReview',
    removedIn: '1.22',
    replacement: 'authorization.k8s.io/v1',
    note: 'spec.group is renamed spec.groups.',
  },
  {
    apiVersion: 'authorization.k8s.io/v1beta1',
    kind: 'SelfSubjectRulesReview',
    removedIn: '1.22',
    replacement: 'authorization.k8s.io/v1',
  },
  {
    apiVersion: 'certificates.k8s.io/v1beta1',
    kind: 'CertificateSigningRequest',
    removedIn: '1.22',
    replacement: 'certificates.k8s.io/v1',
    note: 'spec.signerName and spec.usages are now required, and the kubernetes.io/legacy-unknown signer can no longer be requested.',
  },
  {
    apiVersion: 'coordination.k8s.io/v1beta1',
    kind: 'Lease',
    removedIn: '1.22',
    replacement: 'coordination.k8s.io/v1',
  },
  {
    apiVersion: 'extensions/v1beta1',
    kind: 'Ingress',
    removedIn: '1.22',
    replacement: 'networking.k8s.io/v1',
    note: 'spec.backend becomes spec.defaultBackend, serviceName/servicePort become service.name and service.port.number (or service.port.name), and every path needs a pathType (ImplementationSpecific keeps the old behaviour).',
  },
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kind: 'Ingress',
    removedIn: '1.22',
    replacement: 'networking.k8s.io/v1',
    note: 'spec.backend becomes spec.defaultBackend, serviceName/servicePort become service.name and service.port.number (or service.port.name), and every path needs a pathType (ImplementationSpecific keeps the old behaviour).',
  },
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kind: 'IngressClass',
    removedIn: '1.22',
    replacement: 'networking.k8s.io/v1',
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1beta1',
    kind: 'ClusterRole',
    removedIn: '1.22',
    replacement: 'rbac.authorization.k8s.io/v1',
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1beta1',
    kind: 'ClusterRoleBinding',
    removedIn: '1.22',
    replacement: 'rbac.authorization.k8s.io/v1',
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1beta1',
    kind: 'Role',
    removedIn: '1.22',
    replacement: 'rbac.authorization.k8s.io/v1',
  },
  {
    apiVersion: 'rbac.authorization.k8s.io/v1beta1',
    kind: 'RoleBinding',
    removedIn: '1.22',
    replacement: 'rbac.authorization.k8s.io/v1',
  },
  {
    apiVersion: 'scheduling.k8s.io/v1beta1',
    kind: 'PriorityClass',
    removedIn: '1.22',
    replacement: 'scheduling.k8s.io/v1',
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kind: 'CSIDriver',
    removedIn: '1.22',
    replacement: 'storage.k8s.io/v1',
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kind: 'CSINode',
    removedIn: '1.22',
    replacement: 'storage.k8s.io/v1',
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kind: 'StorageClass',
    removedIn: '1.22',
    replacement: 'storage.k8s.io/v1',
  },
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kind: 'VolumeAttachment',
    removedIn: '1.22',
    replacement: 'storage.k8s.io/v1',
  },

  // v1.25
  {
    apiVersion: 'batch/v1beta1',
    kind: 'CronJob',
    removedIn: '1.25',
    replacement: 'batch/v1',
  },
  {
    apiVersion: 'discovery.k8s.io/v1beta1',
    kind: 'EndpointSlice',
    removedIn: '1.25',
    replacement: 'discovery.k8s.io/v1',
    note: 'Use each endpoint\'s nodeName and zone instead of topology["kubernetes.io/hostname"] and topology["topology.kubernetes.io/zone"]; topology itself becomes the read-only deprecatedTopology.',
  },
  {
    apiVersion: 'events.k8s.io/v1beta1',
    kind: 'Event',
    removedIn: '1.25',
    replacement: 'events.k8s.io/v1',
    note: 'involvedObject is renamed regarding, type must be Normal or Warning, action, reason, reportingController and reportingInstance are required, and eventTime and series replace firstTimestamp, lastTimestamp and count.',
  },
  {
    apiVersion: 'autoscaling/v2beta1',
    kind: 'HorizontalPodAutoscaler',
    removedIn: '1.25',
    replacement: 'autoscaling/v2',
    note: 'Metric targets move into a target block, e.g. targetAverageUtilization: 50 becomes target: {type: Utilization, averageUtilization: 50}.',
  },
  {
    apiVersion: 'policy/v1beta1',
    kind: 'PodDisruptionBudget',
    removedIn: '1.25',
    replacement: 'policy/v1',
    note: 'An empty spec.selector ({}) now selects every pod in the namespace instead of none.',
  },
  {
    apiVersion: 'policy/v1beta1',
    kind: 'PodSecurityPolicy',
    removedIn: '1.25',
    replacement: '',
    note: PSP_NOTE,
  },
  {
    apiVersion: 'node.k8s.io/v1beta1',
    kind: 'RuntimeClass',
    removedIn: '1.25',
    replacement: 'node.k8s.io/v1',
  },

  // v1.26. The guide pointed flowcontrol v1beta1 at v1beta3, which 1.32 removed in turn.
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1',
    kind: 'FlowSchema',
    removedIn: '1.26',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta1',
    kind: 'PriorityLevelConfiguration',
    removedIn: '1.26',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
    note: PLC_V1_NOTE,
  },
  {
    apiVersion: 'autoscaling/v2beta2',
    kind: 'HorizontalPodAutoscaler',
    removedIn: '1.26',
    replacement: 'autoscaling/v2',
  },

  // v1.27
  {
    apiVersion: 'storage.k8s.io/v1beta1',
    kind: 'CSIStorageCapacity',
    removedIn: '1.27',
    replacement: 'storage.k8s.io/v1',
  },

  // v1.29
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2',
    kind: 'FlowSchema',
    removedIn: '1.29',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2',
    kind: 'PriorityLevelConfiguration',
    removedIn: '1.29',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
    note: PLC_V1_NOTE,
  },

  // v1.32
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3',
    kind: 'FlowSchema',
    removedIn: '1.32',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3',
    kind: 'PriorityLevelConfiguration',
    removedIn: '1.32',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
    note: 'spec.limited.nominalConcurrencyShares only defaults to 30 when it is left out; an explicit 0 now stays 0.',
  },
];

const BY_VERSION_AND_KIND: ReadonlyMap<string, RemovedApi> = new Map(
  REMOVED_APIS.map((api) => [`${api.apiVersion} ${api.kind}`, api]),
);

export function removedApi(apiVersion: string, kind: string): RemovedApi | undefined {
  return BY_VERSION_AND_KIND.get(`${apiVersion.trim()} ${kind.trim()}`);
}

/**
 * Whole group-versions a 1.32 API server no longer serves at all (every kind in them), for kinds
 * the table above does not list one by one (ControllerRevision, Scale, Eviction, …).
 */
const GONE_GROUP_VERSIONS: Readonly<Record<string, { removedIn: string }>> = {
  'extensions/v1beta1': { removedIn: '1.22' },
  'apps/v1beta1': { removedIn: '1.16' },
  'apps/v1beta2': { removedIn: '1.16' },
};

/**
 * Kinds the schema package (Kubernetes 1.33) has in versions that 1.32 did not serve yet: a 1.32
 * cluster answers "no matches for kind". From the 1.33 release notes.
 */
const NEWER_THAN_132: Readonly<Record<string, string>> = {
  'networking.k8s.io/v1 IPAddress': 'networking.k8s.io/v1beta1',
  'networking.k8s.io/v1 ServiceCIDR': 'networking.k8s.io/v1beta1',
};

/** Not served by a 1.32 API server: removed (with what replaces it) or not there yet. */
export function unservedIn132(apiVersion: string, kind: string): { why: 'removed'; api: RemovedApi } | { why: 'newer'; use: string } | undefined {
  const removed = removedApi(apiVersion, kind);
  if (removed) return { why: 'removed', api: removed };
  const gone = GONE_GROUP_VERSIONS[apiVersion.trim()];
  if (gone) return { why: 'removed', api: { apiVersion, kind, removedIn: gone.removedIn, replacement: '' } };
  const newer = NEWER_THAN_132[`${apiVersion.trim()} ${kind.trim()}`];
  return newer ? { why: 'newer', use: newer } : undefined;
}
