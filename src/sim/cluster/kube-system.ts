/**
 * What `kubeadm init` leaves running in kube-system, so that `kubectl get pods -A` shows the
 * control plane a learner is taught about: etcd, kube-apiserver, kube-controller-manager and
 * kube-scheduler as static pods on the control-plane node (their API objects are "mirror pods",
 * owned by the Node), kube-proxy on every node, and CoreDNS as an ordinary Deployment. They
 * are already running when the world starts; the kubelets take them over as they are.
 */
import type { RegistryLookup } from '../distribution.ts';
import { parseReference, withDefaultTag } from '../image-ref.ts';
import type { SeededRandom } from '../random.ts';
import type { ApiServer } from './api-server.ts';
import { keyFor } from './api-server.ts';
import type { NodeAgent } from './kubelet.ts';
import { daemonTolerations, nodeNameAffinity, REVISION_HASH, TEMPLATE_GENERATION } from './daemonset-controller.ts';
import { randomUid, SAFE_ALPHABET, templateHashOf } from './names.ts';
import { DS_TEMPLATE_GENERATION } from './workload-api.ts';
import { clone, type Json, type KObject } from './objects.ts';
import { resourceByKind, type ResourceType } from './resources.ts';
import type { Store } from './store.ts';

interface Component {
  readonly name: string;
  readonly image: string;
  readonly command: string[];
  readonly requests: Record<string, string>;
}

const CONTROL_PLANE: readonly Component[] = [
  { name: 'etcd', image: 'registry.k8s.io/etcd:3.5.16-0', requests: { cpu: '100m', memory: '100Mi' },
    command: ['etcd', '--advertise-client-urls=https://172.18.0.2:2379', '--data-dir=/var/lib/etcd', '--listen-client-urls=https://127.0.0.1:2379,https://172.18.0.2:2379', '--name=control-plane'] },
  { name: 'kube-apiserver', image: 'registry.k8s.io/kube-apiserver:v1.32.4', requests: { cpu: '250m' },
    command: ['kube-apiserver', '--advertise-address=172.18.0.2', '--authorization-mode=Node,RBAC', '--etcd-servers=https://127.0.0.1:2379', '--secure-port=6443', '--service-cluster-ip-range=10.96.0.0/16'] },
  { name: 'kube-controller-manager', image: 'registry.k8s.io/kube-controller-manager:v1.32.4', requests: { cpu: '200m' },
    command: ['kube-controller-manager', '--allocate-node-cidrs=true', '--cluster-cidr=10.244.0.0/16', '--controllers=*,bootstrapsigner,tokencleaner', '--leader-elect=true'] },
  { name: 'kube-scheduler', image: 'registry.k8s.io/kube-scheduler:v1.32.4', requests: { cpu: '100m' },
    command: ['kube-scheduler', '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf', '--kubeconfig=/etc/kubernetes/scheduler.conf', '--leader-elect=true'] },
];

function imageId(lookup: RegistryLookup, image: string): string {
  const ref = withDefaultTag(parseReference(image));
  const r = lookup.registry(ref.domain)?.resolve(ref.path, ref);
  return r?.ok ? `${ref.domain}/${ref.path}@${r.image.manifestDigest}` : '';
}

function runningStatus(hostIP: string, podIP: string, containers: Array<{ name: string; image: string }>, startedAt: string, lookup: RegistryLookup, random: SeededRandom, runtime: string): Json {
  const cond = (type: string): Json => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: startedAt });
  return {
    phase: 'Running',
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(cond),
    hostIP, hostIPs: [{ ip: hostIP }], podIP, podIPs: [{ ip: podIP }], startTime: startedAt, qosClass: 'Burstable',
    containerStatuses: containers.map((c) => ({
      name: c.name, ready: true, restartCount: 0, started: true, image: c.image, imageID: imageId(lookup, c.image),
      containerID: `${runtime}://${random.hexWords(64)}`, state: { running: { startedAt } }, lastState: {},
    })),
  };
}

export function bootstrapKubeSystem(store: Store, api: ApiServer, nodes: readonly NodeAgent[], lookup: RegistryLookup, random: SeededRandom, created: string): void {
  const podType = resourceByKind('Pod') as ResourceType;
  const put = (r: ResourceType, obj: KObject): void => { store.put(keyFor(r, obj.metadata.namespace, obj.metadata.name as string), obj); };
  const controlPlane = nodes.find((n) => n.spec.controlPlane) ?? nodes[0];
  if (!controlPlane) return;
  const addImage = (node: NodeAgent, image: string): void => {
    const ref = withDefaultTag(parseReference(image));
    const r = lookup.registry(ref.domain)?.resolve(ref.path, ref);
    if (r?.ok) node.images.add(r.image, ref, Date.parse(created));
  };
  const nodeUid = (name: string): string => (store.peek(keyFor(resourceByKind('Node') as ResourceType, undefined, name))?.metadata.uid as string) ?? '';
  const prefix = (node: NodeAgent): string => (node.spec.runtime === 'containerd' ? 'containerd' : 'cri-o');

  // Static pods: the kubelet runs them from /etc/kubernetes/manifests; their API objects mirror them.
  for (const c of CONTROL_PLANE) {
    addImage(controlPlane, c.image);
    const name = `${c.name}-${controlPlane.name}`;
    put(podType, {
      apiVersion: 'v1', kind: 'Pod',
      metadata: {
        name, namespace: 'kube-system', uid: api.newUid(), creationTimestamp: created,
        labels: { component: c.name, tier: 'control-plane' },
        annotations: { 'kubernetes.io/config.hash': random.hexWords(32), 'kubernetes.io/config.mirror': random.hexWords(32), 'kubernetes.io/config.seen': created.replace('Z', '.000000000Z'), 'kubernetes.io/config.source': 'file' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: controlPlane.name, uid: nodeUid(controlPlane.name), controller: true }],
      },
      spec: {
        containers: [{ name: c.name, image: c.image, command: c.command, imagePullPolicy: 'IfNotPresent', resources: { requests: c.requests }, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' }],
        dnsPolicy: 'ClusterFirst', enableServiceLinks: true, hostNetwork: true, nodeName: controlPlane.name, preemptionPolicy: 'PreemptLowerPriority', priority: 2000001000,
        priorityClassName: 'system-node-critical', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        terminationGracePeriodSeconds: 30, tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
      },
      status: runningStatus(controlPlane.spec.ip, controlPlane.spec.ip, [{ name: c.name, image: c.image }], created, lookup, random, prefix(controlPlane)),
    });
  }

  // kube-proxy: a DaemonSet, as kubeadm makes it, with one pod per node (its pods' uids and names
  // come from the streams they always came from; the DaemonSet takes the uid its pods name).
  const dsUid = api.newUid();
  const proxyTemplate = kubeProxyTemplate();
  for (const node of nodes) {
    addImage(node, 'registry.k8s.io/kube-proxy:v1.32.4');
    const spec = clone(proxyTemplate.spec);
    put(podType, {
      apiVersion: 'v1', kind: 'Pod',
      metadata: {
        name: `kube-proxy-${random.string(5, SAFE_ALPHABET)}`, generateName: 'kube-proxy-', namespace: 'kube-system', uid: api.newUid(), creationTimestamp: created,
        labels: { [REVISION_HASH]: KUBE_PROXY_HASH, 'k8s-app': 'kube-proxy', [TEMPLATE_GENERATION]: '1' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'kube-proxy', uid: dsUid, controller: true, blockOwnerDeletion: true }],
      },
      // As the DaemonSet controller makes its pods: the template, every daemon pod's tolerations, a
      // node affinity on this node's name; then the scheduler's binding and the admission defaults.
      spec: {
        ...spec, affinity: nodeNameAffinity(undefined, node.name), enableServiceLinks: true, nodeName: node.name, preemptionPolicy: 'PreemptLowerPriority', priority: 2000001000,
        tolerations: daemonTolerations(spec),
      },
      status: { ...runningStatus(node.spec.ip, node.spec.ip, [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.32.4' }], created, lookup, random, prefix(node)), qosClass: 'BestEffort' },
    });
  }
  kubeProxyDaemonSet(put, dsUid, proxyTemplate, nodes.length, created, random.fork('kube-proxy-revision'));

  // CoreDNS: a Deployment like any other (2 replicas), whose pods tolerate the control-plane taint.
  addImage(controlPlane, 'registry.k8s.io/coredns/coredns:v1.11.3');
  const dep = api.create({
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
    spec: {
      replicas: 2, selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-dns' } },
        spec: {
          containers: [{ name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.3', args: ['-conf', '/etc/coredns/Corefile'], ports: [{ containerPort: 53, name: 'dns', protocol: 'UDP' }, { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' }, { containerPort: 9153, name: 'metrics', protocol: 'TCP' }], resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } } }],
          nodeSelector: { 'kubernetes.io/os': 'linux' }, priorityClassName: 'system-cluster-critical', serviceAccountName: 'coredns',
          tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }, { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }],
        },
      },
    },
  }, { actor: 'kubeadm' });
  if (!dep.ok) return;
  const depObj = clone(dep.object);
  depObj.metadata.creationTimestamp = created;
  depObj.metadata.annotations = { 'deployment.kubernetes.io/revision': '1' };
  const hash = templateHashOf(depObj);
  const rsTemplate = clone(depObj.spec.template);
  rsTemplate.metadata.labels = { ...rsTemplate.metadata.labels, 'pod-template-hash': hash };
  const rsName = `coredns-${hash}`;
  const rsUid = api.newUid();
  put(resourceByKind('ReplicaSet') as ResourceType, {
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: {
      name: rsName, namespace: 'kube-system', uid: rsUid, creationTimestamp: created, generation: 1,
      labels: { 'k8s-app': 'kube-dns', 'pod-template-hash': hash },
      annotations: { 'deployment.kubernetes.io/desired-replicas': '2', 'deployment.kubernetes.io/max-replicas': '3', 'deployment.kubernetes.io/revision': '1' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'coredns', uid: depObj.metadata.uid as string, controller: true, blockOwnerDeletion: true }],
    },
    spec: { replicas: 2, selector: { matchLabels: { 'k8s-app': 'kube-dns', 'pod-template-hash': hash } }, template: rsTemplate },
    status: { replicas: 2, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 },
  });
  depObj.status = {
    observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2,
    conditions: [
      { type: 'Available', status: 'True', lastUpdateTime: created, lastTransitionTime: created, reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
      { type: 'Progressing', status: 'True', lastUpdateTime: created, lastTransitionTime: created, reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.` },
    ],
  };
  put(resourceByKind('Deployment') as ResourceType, depObj);
  for (const ip of ['10.244.0.2', '10.244.0.3']) {
    const pod: KObject = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: {
        name: `${rsName}-${random.string(5, SAFE_ALPHABET)}`, generateName: `${rsName}-`, namespace: 'kube-system', uid: api.newUid(), creationTimestamp: created,
        labels: rsTemplate.metadata.labels,
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName, uid: rsUid, controller: true, blockOwnerDeletion: true }],
      },
      spec: { ...clone(rsTemplate.spec), nodeName: controlPlane.name, serviceAccount: 'coredns', enableServiceLinks: true, preemptionPolicy: 'PreemptLowerPriority', priority: 2000000000 },
      status: runningStatus(controlPlane.spec.ip, ip, [{ name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.11.3' }], created, lookup, random, prefix(controlPlane)),
    };
    put(podType, pod);
  }
}

/**
 * The pod-template-hash kubeadm's kube-proxy revision carries. The real controller computed it
 * from Go's dump of the template (controller.ComputeHash), which kubetutor cannot reproduce byte
 * for byte; the DaemonSet controller finds a revision by its data and takes the hash from the
 * revision's label (as the real one does), so this hash and the pods' labels stay consistent.
 */
const KUBE_PROXY_HASH = '64b9dbc74b';

/** kubeadm's kube-proxy pod template (its addon manifest), defaulted as the API server stores it. */
function kubeProxyTemplate(): Json {
  return {
    metadata: { creationTimestamp: null, labels: { 'k8s-app': 'kube-proxy' } },
    spec: {
      containers: [{
        command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf', '--hostname-override=$(NODE_NAME)'],
        env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
        image: 'registry.k8s.io/kube-proxy:v1.32.4', imagePullPolicy: 'IfNotPresent', name: 'kube-proxy', resources: {}, securityContext: { privileged: true },
        terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
      }],
      dnsPolicy: 'ClusterFirst', hostNetwork: true, nodeSelector: { 'kubernetes.io/os': 'linux' }, priorityClassName: 'system-node-critical', restartPolicy: 'Always',
      schedulerName: 'default-scheduler', securityContext: {}, serviceAccount: 'kube-proxy', serviceAccountName: 'kube-proxy', terminationGracePeriodSeconds: 30,
      tolerations: [{ operator: 'Exists' }],
    },
  };
}

/** The kube-proxy DaemonSet and its first ControllerRevision, settled (every node runs its pod). */
function kubeProxyDaemonSet(put: (r: ResourceType, obj: KObject) => void, uid: string, template: Json, nodes: number, created: string, random: SeededRandom): void {
  const annotations = { [DS_TEMPLATE_GENERATION]: '1' };
  put(resourceByKind('DaemonSet') as ResourceType, {
    apiVersion: 'apps/v1', kind: 'DaemonSet',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', uid, creationTimestamp: created, generation: 1, labels: { 'k8s-app': 'kube-proxy' }, annotations },
    spec: {
      revisionHistoryLimit: 10, selector: { matchLabels: { 'k8s-app': 'kube-proxy' } }, template,
      updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' },
    },
    status: { currentNumberScheduled: nodes, numberMisscheduled: 0, desiredNumberScheduled: nodes, numberReady: nodes, observedGeneration: 1, updatedNumberScheduled: nodes, numberAvailable: nodes },
  });
  put(resourceByKind('ControllerRevision') as ResourceType, {
    apiVersion: 'apps/v1', kind: 'ControllerRevision',
    metadata: {
      name: `kube-proxy-${KUBE_PROXY_HASH}`, namespace: 'kube-system', uid: randomUid(random), creationTimestamp: created,
      labels: { [REVISION_HASH]: KUBE_PROXY_HASH, 'k8s-app': 'kube-proxy' }, annotations,
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'kube-proxy', uid, controller: true, blockOwnerDeletion: true }],
    },
    data: { spec: { template: { ...clone(template), $patch: 'replace' } } },
    revision: 1,
  });
}
