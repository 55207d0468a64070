/**
 * Beginner explanations for the manifest fields people meet first, used by `kubetutor explain`.
 *
 * The API's own description of every field already comes from the generated schema
 * (src/generated/k8s-schema.json, read through src/sim/schema.ts), so nothing here repeats it.
 * What the schema cannot say is written by hand: plain wording for someone new to Kubernetes,
 * and which cluster component actually acts on the field. That knowledge lives in the
 * components' code and docs, not in the OpenAPI data, so it is curated rather than generated.
 *
 * Accurate for Kubernetes 1.32.
 */

export interface CuratedField {
  /** Field path pattern in kubectl notation with list indices as `[]`, relative to the pod spec / object as described below. */
  readonly pattern: string;
  /** One or two plain sentences for a beginner: what this field does and why it matters. */
  readonly explanation: string;
  /** The cluster component that acts on this field, and how, in a few words — e.g. 'kubelet: asks the container runtime (containerd, CRI-O) to pull this image from its registry'. */
  readonly component: string;
  /** When present, the entry applies only to objects of these kinds. */
  readonly kinds?: readonly string[];
  /**
   * When true, the pattern must equal the whole path instead of a suffix of it. Needed where the
   * same field name recurs deeper in an object with another meaning: `kind` and `apiVersion` also
   * appear in ownerReferences, scaleTargetRef and fieldRef, and a pod template's `metadata.name`
   * is not the name of any object.
   */
  readonly wholePath?: boolean;
}

// Deployments, StatefulSets and DaemonSets are rejected by the API server when the selector does
// not match the template labels; ReplicaSets too. Jobs are left out: the API server generates their
// selector and labels (see the Job `spec.selector` entry).
const SELECTOR_WORKLOADS: readonly string[] = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'];

// CronJob is included because `spec.jobTemplate.spec.template` ends with `spec.template`, and it is
// the same pod blueprint, handed on through the Job the CronJob creates.
const TEMPLATE_WORKLOADS: readonly string[] = [...SELECTOR_WORKLOADS, 'Job', 'CronJob'];

type ContainerField = Omit<CuratedField, 'pattern'> & { readonly field: string };

// Written once and expanded for `containers[]` and `initContainers[]`, since init containers take
// the same fields and a beginner needs the same explanation for both. Probes are deliberately not
// shared: the API server only accepts them on init containers that are sidecars.
const SHARED_CONTAINER_FIELDS: readonly ContainerField[] = [
  {
    field: 'name',
    explanation: 'A name for this container, unique within the pod. You use it to pick the container in commands such as kubectl logs -c or kubectl exec -c.',
    component: 'kubelet: identifies the container by this name in the pod status it reports and when serving logs and exec',
  },
  {
    field: 'image',
    explanation: 'The container image to run, such as nginx:1.27 or ghcr.io/acme/api:2.1; a name without a registry host means Docker Hub (docker.io). Kubernetes never builds images: the image must already exist in a registry the node can reach.',
    component: 'kubelet: asks the container runtime (containerd, CRI-O) to pull this image from the registry named in the reference',
  },
  {
    field: 'imagePullPolicy',
    explanation: 'When to pull the image: Always (check the registry every time the container starts), IfNotPresent (only if the node does not have it yet) or Never (only use an image already on the node). If left out it is Always for a :latest or missing tag, and IfNotPresent for any other tag or a @sha256 digest.',
    component: 'kubelet: decides on each container start whether to ask the runtime to pull (the API server fills in the default)',
  },
  {
    field: 'command',
    explanation: 'The program to run, replacing the image\'s ENTRYPOINT. If you set command but not args, the image\'s CMD is ignored as well.',
    component: 'kubelet: hands it to the container runtime as the process to start, with no shell unless you call one yourself',
  },
  {
    field: 'args',
    explanation: 'The arguments for the program, replacing the image\'s CMD. $(NAME) references to the container\'s environment variables are expanded.',
    component: 'kubelet: expands $(NAME) references and hands the final argument list to the container runtime',
  },
  {
    field: 'env',
    explanation: 'Environment variables for the container, either literal values or taken from a ConfigMap, Secret or pod field with valueFrom. They are read when the container starts, so a change needs a new container.',
    component: 'kubelet: resolves valueFrom references and passes the variables to the container runtime when it starts the container',
  },
  {
    field: 'envFrom',
    explanation: 'Turns every key of a ConfigMap or Secret into an environment variable at once, optionally with a prefix. A variable set in env wins over one with the same name from envFrom.',
    component: 'kubelet: reads the ConfigMap or Secret from the API server and sets the variables when it starts the container',
  },
  {
    field: 'resources',
    explanation: 'How much CPU and memory the container asks for (requests) and may use at most (limits). Requests decide which node the pod fits on; limits are enforced on that node.',
    component: 'kube-scheduler uses the requests to pick a node; the kubelet and container runtime enforce the limits with Linux cgroups',
  },
  {
    field: 'resources.requests',
    explanation: 'The CPU and memory reserved for this container, such as cpu: 250m and memory: 128Mi. The pod is only placed on a node that still has that much unreserved capacity.',
    component: 'kube-scheduler: adds up the requests and filters out nodes without enough allocatable room',
  },
  {
    field: 'resources.limits',
    explanation: 'The most CPU and memory this container may use. Going over the CPU limit only slows it down, but going over the memory limit gets it killed (OOMKilled).',
    component: 'kubelet: has the container runtime set them as cgroup limits, which the Linux kernel enforces by throttling CPU and OOM-killing on memory',
  },
  {
    field: 'volumeMounts',
    explanation: 'Where volumes listed in the pod\'s spec.volumes appear inside this container, matched by volume name and placed at mountPath. Mounting is per container, so other containers only see a volume if they mount it too.',
    component: 'kubelet: has the container runtime bind-mount the volume it prepared on the node at mountPath',
  },
];

const CONTAINER_LISTS = ['containers[]', 'initContainers[]'] as const;

const EXPANDED_CONTAINER_FIELDS: readonly CuratedField[] = CONTAINER_LISTS.flatMap((list) =>
  SHARED_CONTAINER_FIELDS.map(({ field, ...rest }) => ({ pattern: `${list}.${field}`, ...rest })),
);

export const CURATED_FIELDS: readonly CuratedField[] = [
  // Top level of every object.
  {
    pattern: 'apiVersion',
    wholePath: true,
    explanation: 'Which API group and version this manifest is written against, such as v1 for a Pod or apps/v1 for a Deployment. Old beta versions stop being served after a few releases, and the API server then rejects the manifest.',
    component: 'kube-apiserver: uses apiVersion and kind to choose the schema it validates the object against and where it stores it',
  },
  {
    pattern: 'kind',
    wholePath: true,
    explanation: 'The type of object this is: Pod, Deployment, Service and so on. Together with apiVersion it decides which fields are allowed and which controller will act on the object.',
    component: 'kubectl: looks up (through the API server\'s discovery) which endpoint serves this kind, and sends the object there; the controller for the type then watches it',
  },
  {
    pattern: 'metadata.name',
    wholePath: true,
    explanation: 'The object\'s name, unique among objects of the same kind in its namespace. Other objects and kubectl commands refer to the object by this name.',
    component: 'kube-apiserver: stores the object under this name and rejects a second object with the same kind, namespace and name',
  },
  {
    pattern: 'metadata.namespace',
    wholePath: true,
    explanation: 'The namespace, a named group of objects, that this object lives in. If you leave it out, kubectl uses the namespace of your current context, usually default.',
    component: 'kube-apiserver: stores the object in that namespace; names only have to be unique within a namespace',
  },
  {
    pattern: 'metadata.labels',
    explanation: 'Key/value tags such as app: web. Selectors in Deployments and Services, and kubectl get -l, find objects by their labels, so labels are how objects are tied together.',
    component: 'kube-apiserver: stores them and answers label-selector queries; controllers such as the ReplicaSet and EndpointSlice controllers select pods by them',
  },
  {
    pattern: 'metadata.annotations',
    explanation: 'Free-form key/value notes for tools and people, such as a change cause or settings for an ingress controller. Unlike labels, they cannot be used to select objects.',
    component: 'kube-apiserver: stores them as they are; whichever tool or controller owns a key reads it',
  },

  // Workload controllers.
  {
    pattern: 'spec.replicas',
    kinds: ['Deployment', 'ReplicaSet', 'StatefulSet'],
    explanation: 'How many copies of the pod should be running (1 if left out). If a pod dies or is deleted, a replacement is created to get back to this number.',
    component: 'kube-controller-manager: the Deployment controller passes it to its ReplicaSet, whose controller (or the StatefulSet controller) creates or deletes pods to match',
  },
  {
    pattern: 'spec.selector',
    kinds: SELECTOR_WORKLOADS,
    explanation: 'A label query deciding which pods belong to this object; it must match the labels in spec.template.metadata.labels. It is required in apps/v1 and cannot be changed after creation.',
    component: 'kube-controller-manager: the workload\'s controller counts and manages only the pods whose labels match',
  },
  {
    pattern: 'spec.selector',
    kinds: ['Job', 'CronJob'],
    explanation: 'Which pods belong to this Job. Normally you leave it out and the API server generates a unique selector; you only set it yourself together with spec.manualSelector: true.',
    component: 'kube-apiserver: generates the selector and matching template labels on create; the Job controller then tracks its pods by it',
  },
  {
    pattern: 'spec.selector',
    kinds: ['Service'],
    explanation: 'The labels a pod must have to receive this Service\'s traffic. Matching pods are listed as endpoints, and only the Ready ones get traffic; a Service without a selector gets no endpoints automatically.',
    component: 'kube-controller-manager: the EndpointSlice controller lists the matching pods (marking which are ready) in EndpointSlices; kube-proxy routes only to the ready ones',
  },
  {
    pattern: 'spec.template',
    kinds: TEMPLATE_WORKLOADS,
    explanation: 'The blueprint for the pods this object creates: their labels and their pod spec with containers, volumes and so on. Changing it in a Deployment starts a rollout that replaces the pods.',
    component: 'kube-controller-manager: the workload\'s controller (ReplicaSet, StatefulSet, DaemonSet or Job controller) creates pods from it',
  },
  {
    pattern: 'spec.template.metadata.labels',
    kinds: SELECTOR_WORKLOADS,
    explanation: 'The labels every pod created from this template gets. They must match spec.selector, otherwise the API server rejects the object.',
    component: 'kube-apiserver: checks them against spec.selector; the controller then recognises its pods by them',
  },
  {
    pattern: 'spec.strategy',
    kinds: ['Deployment'],
    explanation: 'How old pods are replaced when the template changes: RollingUpdate (the default) swaps them a few at a time, Recreate stops all old pods before starting new ones. For RollingUpdate, maxSurge and maxUnavailable (both 25% by default) limit how many extra or missing pods are allowed during the rollout.',
    component: 'kube-controller-manager: the Deployment controller scales the new ReplicaSet up and the old one down within these limits',
  },
  {
    pattern: 'spec.backoffLimit',
    kinds: ['Job', 'CronJob'],
    explanation: 'How many times failed pods are retried before the whole Job is marked failed (6 if left out). Retries wait longer each time: 10s, 20s, 40s and so on, up to ten minutes (the Job controller\'s cap; the Jobs page of the Kubernetes docs still says six).',
    component: 'kube-controller-manager: the Job controller counts pod failures and stops creating pods once the limit is reached',
  },
  {
    pattern: 'spec.schedule',
    kinds: ['CronJob'],
    explanation: 'When to start a Job, in cron format (minute hour day-of-month month day-of-week); "*/5 * * * *" means every five minutes. Times follow the time zone of kube-controller-manager unless you set spec.timeZone.',
    component: 'kube-controller-manager: the CronJob controller creates a Job from spec.jobTemplate at each scheduled time',
  },
  {
    pattern: 'spec.jobTemplate',
    kinds: ['CronJob'],
    explanation: 'The Job to create each time the schedule fires. It holds a complete Job spec, including the pod template.',
    component: 'kube-controller-manager: the CronJob controller creates Jobs from it, and the Job controller then creates their pods',
  },

  // Pod spec. Written as `spec.<field>` so they match `spec.<field>` in a Pod and
  // `…template.spec.<field>` in workloads, but not a same-named field elsewhere.
  {
    pattern: 'spec.containers',
    explanation: 'The containers that run in the pod; a pod needs at least one. Containers in one pod share its network, so they reach each other on localhost, and can share volumes.',
    component: 'kubelet on the pod\'s node: asks the container runtime to create and start each container',
  },
  {
    pattern: 'spec.initContainers',
    explanation: 'Containers that run one after another before the main containers start, each to completion — setup work such as waiting for a database or preparing files. One with restartPolicy: Always is a sidecar instead: it starts in that order and keeps running beside the main containers.',
    component: 'kubelet: runs them in order and starts the main containers once each has succeeded (or, for a sidecar, has started)',
  },
  ...EXPANDED_CONTAINER_FIELDS,
  {
    pattern: 'containers[].ports',
    explanation: 'Documents which ports the program listens on (containerPort); it is informational and does not open or publish anything by itself. To reach the pod from elsewhere you create a Service, whose targetPort can refer to a named port here.',
    component: 'kube-apiserver only stores it: nothing acts on containerPort itself, Services can refer to named ports, and only the rarely used hostPort makes the node\'s network plugin open a port',
  },
  {
    pattern: 'containers[].livenessProbe',
    explanation: 'A regular health check (HTTP request, TCP connection, gRPC call or command). When it fails several times in a row (failureThreshold, 3 by default), the container is killed and restarted.',
    component: 'kubelet: runs the probe and restarts the container when it fails, following the pod\'s restartPolicy',
  },
  {
    pattern: 'containers[].readinessProbe',
    explanation: 'A regular check of whether the container is ready to serve requests. While it fails, the pod is not Ready and Services stop sending it traffic, but the container is not restarted.',
    component: 'kubelet: runs the probe and sets the pod\'s Ready condition; the EndpointSlice controller then marks the pod\'s endpoint ready or not ready, and kube-proxy sends traffic only to ready ones',
  },
  {
    pattern: 'containers[].startupProbe',
    explanation: 'A check for slow-starting programs: liveness and readiness probes only begin once it has succeeded. If it does not succeed within failureThreshold × periodSeconds, the container is restarted.',
    component: 'kubelet: runs it until it succeeds once, then hands over to the liveness and readiness probes',
  },
  {
    pattern: 'spec.volumes',
    explanation: 'The storage the pod can use, each with a name: emptyDir scratch space, files from a configMap or secret, a persistentVolumeClaim disk and more. Containers see a volume only where their volumeMounts place it.',
    component: 'kubelet: prepares each volume on the node (through the CSI driver for persistent volumes) before starting the containers',
  },
  {
    pattern: 'spec.imagePullSecrets',
    explanation: 'Names of Secrets of type kubernetes.io/dockerconfigjson (or the older kubernetes.io/dockercfg) that hold registry credentials, needed to pull images from a private registry. The Secrets must be in the same namespace as the pod.',
    component: 'kubelet: passes the matching credentials to the container runtime with each image pull',
  },
  {
    pattern: 'spec.nodeSelector',
    explanation: 'Labels a node must have for the pod to run there, such as kubernetes.io/arch: arm64. If no node has them, the pod stays Pending.',
    component: 'kube-scheduler: filters out every node whose labels do not match',
  },
  {
    pattern: 'spec.affinity',
    explanation: 'Richer placement rules: nodeAffinity chooses nodes by label, podAffinity and podAntiAffinity place the pod near or away from other pods. "required…" rules are hard conditions, "preferred…" rules only make a node more attractive.',
    component: 'kube-scheduler: filters and scores nodes by these rules; they are not re-checked once the pod is running',
  },
  {
    pattern: 'spec.tolerations',
    explanation: 'Allows the pod onto nodes with matching taints, such as node-role.kubernetes.io/control-plane:NoSchedule on control-plane nodes. A toleration only permits those nodes; it does not attract the pod to them.',
    component: 'kube-scheduler: matches them against node taints; for NoExecute taints, kube-controller-manager also evicts running pods that do not tolerate them',
  },
  {
    pattern: 'spec.restartPolicy',
    explanation: 'What happens when a container exits: Always (the default, and the only value Deployments allow), OnFailure or Never (Jobs must use one of these two). A container that keeps crashing is restarted after a back-off that starts at 10s and doubles up to 5 minutes, shown as CrashLoopBackOff.',
    component: 'kubelet: restarts exited containers on its node according to this policy',
  },
  {
    pattern: 'spec.serviceAccountName',
    explanation: 'The ServiceAccount the pod runs as (the one named default if left out), which decides what the pod may do through the Kubernetes API. If the pod lists no imagePullSecrets, the ServiceAccount\'s imagePullSecrets are copied into it.',
    component: 'kube-apiserver: the ServiceAccount admission plugin fills in the default, adds the account\'s token volume and copies its imagePullSecrets',
  },
  {
    pattern: 'spec.nodeName',
    explanation: 'The node the pod runs on, normally filled in by the scheduler. If you set it yourself the scheduler is bypassed and that node\'s kubelet tries to run the pod anyway, so it fails (for example OutOfcpu) instead of waiting when the node lacks room.',
    component: 'kube-scheduler: sets it by binding the pod to a node; the kubelet on that node then starts the pod',
  },

  // Service.
  {
    pattern: 'spec.type',
    kinds: ['Service'],
    explanation: 'How the Service is exposed: ClusterIP (the default, a virtual IP reachable only inside the cluster), NodePort (also opens a port on every node) or LoadBalancer (also gets an external load balancer from the cloud provider). ExternalName instead makes the Service a DNS alias for another host name.',
    component: 'kube-proxy programs ClusterIP and NodePort forwarding on every node; for LoadBalancer, the cloud-controller-manager creates the external load balancer',
  },
  {
    pattern: 'spec.ports',
    kinds: ['Service'],
    explanation: 'The ports the Service accepts (port) and where on the selected pods it sends the traffic (targetPort, the same as port if left out). targetPort can also name a port declared in the pod\'s containers.',
    component: 'kube-proxy on every node: programs iptables, IPVS or nftables rules that forward the Service\'s IP and port to a pod\'s targetPort',
  },
  {
    pattern: 'spec.ports[].port',
    kinds: ['Service'],
    explanation: 'The port clients connect to on the Service\'s cluster IP and DNS name. It does not need to match the port the application listens on; targetPort handles that.',
    component: 'kube-proxy: accepts connections to the Service\'s IP on this port and forwards them to a pod',
  },
  {
    pattern: 'spec.ports[].targetPort',
    kinds: ['Service'],
    explanation: 'The port on the pods that traffic is forwarded to, as a number or a named containerPort; it defaults to the same value as port. If nothing listens there, connections through the Service fail even though the Service exists.',
    component: 'kube-proxy: rewrites forwarded connections to this port on the chosen pod (the EndpointSlice controller resolves named ports)',
  },
  {
    pattern: 'spec.ports[].nodePort',
    kinds: ['Service'],
    explanation: 'For NodePort and LoadBalancer Services, the port opened on every node, in the range 30000-32767 by default. Leave it out and the API server picks a free one.',
    component: 'kube-apiserver allocates the port; kube-proxy on every node forwards traffic arriving on it to the Service',
  },

  // Secret and ConfigMap. Anchored to the whole path because `data` and `type` are top-level here.
  {
    pattern: 'type',
    kinds: ['Secret'],
    wholePath: true,
    explanation: 'What the Secret holds: Opaque (the default, any keys) or a built-in type such as kubernetes.io/dockerconfigjson for registry credentials used by imagePullSecrets. Built-in types are checked for their required keys, such as .dockerconfigjson.',
    component: 'kube-apiserver: checks that the keys required by the type are present; consumers such as the kubelet look for the type they need',
  },
  {
    pattern: 'data',
    kinds: ['Secret'],
    wholePath: true,
    explanation: 'The secret values, each base64-encoded. Base64 is an encoding, not encryption: anyone who can read the Secret can decode it.',
    component: 'kube-apiserver stores it in etcd (encrypted only if the cluster enables encryption at rest); the kubelet delivers it to pods as files or environment variables',
  },
  {
    pattern: 'stringData',
    kinds: ['Secret'],
    wholePath: true,
    explanation: 'A write-only convenience: plain-text values that are base64-encoded into data for you, winning over data for the same key. It never appears when you read the Secret back.',
    component: 'kube-apiserver: merges it into data when the Secret is written',
  },
  {
    pattern: 'data',
    kinds: ['ConfigMap'],
    wholePath: true,
    explanation: 'Non-secret configuration as plain-text key/value pairs. Pods use it as environment variables or as files from a configMap volume.',
    component: 'kube-apiserver stores it; the kubelet projects it into pods (mounted files are refreshed after a short delay, environment variables only on restart)',
  },
];

// Split at dots outside brackets, so a map key such as `labels[app.kubernetes.io/name]` stays one
// segment and cannot line up with a pattern by accident.
function segmentsOf(path: string): readonly string[] {
  const segments: string[] = [];
  let current = '';
  let depth = 0;
  for (const char of path) {
    if (char === '[') depth += 1;
    if (char === ']' && depth > 0) depth -= 1;
    if (char === '.' && depth === 0) {
      segments.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  segments.push(current);
  return segments;
}

const PATTERN_SEGMENTS: ReadonlyMap<CuratedField, readonly string[]> = new Map(
  CURATED_FIELDS.map((entry) => [entry, segmentsOf(entry.pattern)]),
);

/** The curated entry for a concrete path (indices like [0] and map keys), or undefined. */
export function curatedFor(kind: string, path: string): CuratedField | undefined {
  const normalised = path.replace(/^\./, '').replace(/\[\d+\]/g, '[]');
  const segments = segmentsOf(normalised);
  let best: CuratedField | undefined;
  let bestLength = 0;
  for (const entry of CURATED_FIELDS) {
    if (entry.kinds !== undefined && !entry.kinds.includes(kind)) continue;
    const pattern = PATTERN_SEGMENTS.get(entry) ?? [];
    if (pattern.length > segments.length) continue;
    if (entry.wholePath === true && pattern.length !== segments.length) continue;
    const offset = segments.length - pattern.length;
    if (!pattern.every((segment, i) => segments[offset + i] === segment)) continue;
    // Every matching pattern is a suffix of the same path, so more segments means more specific;
    // strict `>` keeps the first entry on a tie.
    if (pattern.length > bestLength) {
      best = entry;
      bestLength = pattern.length;
    }
  }
  return best;
}
