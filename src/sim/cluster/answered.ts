/**
 * The resources the API server answers without storing anything: the review kinds (create-only:
 * the request comes back with its status filled in), `bindings` (create-only: the scheduler's way,
 * and anyone's, to put a pod on a node) and `componentstatuses` (get and list only, deprecated
 * since 1.19: the control plane's health, as the API server probes it).
 *
 * The sandbox's user is kubeadm's `kubernetes-admin` (group kubeadm:cluster-admins, bound to the
 * cluster-admin ClusterRole), so its own reviews always allow.
 */
import { clone, type Json, type KObject } from './objects.ts';

/** Who `kubectl` is in the sandbox: kubeadm's admin.conf user. */
export const ADMIN_USER = { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] } as const;

const ADMIN_REASON = 'RBAC: allowed by ClusterRoleBinding "kubeadm:cluster-admins" of ClusterRole "cluster-admin" to Group "kubeadm:cluster-admins"';

/** Whether a user with these groups holds cluster-admin in a fresh kubeadm cluster. */
function isClusterAdmin(user: string | undefined, groups: readonly string[] | undefined): boolean {
  return (groups ?? []).some((g) => g === 'system:masters' || g === 'kubeadm:cluster-admins') || user === ADMIN_USER.username;
}

/** A review sent to the API server, as it comes back (metadata.creationTimestamp null, status filled). */
export function answerReview(input: KObject): KObject {
  const out = clone(input);
  out.metadata = { ...(out.metadata ?? {}), creationTimestamp: null } as unknown as KObject['metadata'];
  const spec: Json = out.spec ?? {};
  switch (out.kind) {
    case 'SelfSubjectAccessReview':
      out.status = { allowed: true, reason: ADMIN_REASON };
      break;
    case 'SubjectAccessReview': case 'LocalSubjectAccessReview':
      out.status = isClusterAdmin(spec.user, spec.groups) ? { allowed: true, reason: ADMIN_REASON } : { allowed: false };
      break;
    case 'SelfSubjectRulesReview':
      out.status = {
        resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] }],
        nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
        incomplete: false,
      };
      break;
    case 'SelfSubjectReview':
      out.status = { userInfo: { username: ADMIN_USER.username, groups: [...ADMIN_USER.groups] } };
      break;
    case 'TokenReview':
      // The sandbox issues no tokens a learner could hold: every token is unknown.
      out.status = { user: {}, error: '[invalid bearer token, token lookup failed]' };
      break;
    default:
      break;
  }
  return out;
}

/**
 * `kubectl get componentstatuses`: the scheduler, the controller manager and etcd, each healthy
 * (the API server's componentstatus REST storage probes them; the order is its list's).
 */
export function componentStatuses(): KObject[] {
  return ['scheduler', 'controller-manager', 'etcd-0'].map((name) => ({
    apiVersion: 'v1', kind: 'ComponentStatus',
    metadata: { name, creationTimestamp: null } as unknown as KObject['metadata'],
    conditions: [{ type: 'Healthy', status: 'True', message: 'ok', error: null }],
  }));
}

/** The warning the API server sends with every ComponentStatus request. */
export const COMPONENT_STATUS_WARNING = 'Warning: v1 ComponentStatus is deprecated in v1.19+';
