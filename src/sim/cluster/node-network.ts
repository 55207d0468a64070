/**
 * What a cluster node reaches when its container runtime pulls: the same registries as the
 * laptop (docker.io, ghcr.io, registry.example.com …), except that `localhost` and 127.0.0.1 are
 * the node itself — nothing listens on localhost:5000 there, whatever runs on the laptop. The
 * laptop is reachable from a node only as the gateway of the docker network the nodes sit on.
 *
 * The nodes look like kind's: containers on docker's `kind` network, 172.18.0.0/16, whose
 * gateway 172.18.0.1 is the machine running docker. kind's entrypoint (enable_network_magic)
 * rewrites the node's /etc/resolv.conf from docker's embedded DNS (127.0.0.11) to that gateway,
 * so containerd and CRI-O — which resolve registry names with the node's resolv.conf, never with
 * the cluster's DNS Service — ask 172.18.0.1:53.
 */
import type { RegistryLookup } from '../distribution.ts';
import { otherMachine, type Dialer } from '../hosts.ts';

/** The docker network's gateway: the laptop, as the nodes see it. */
export const NODE_NETWORK_GATEWAY = '172.18.0.1';
/** The nameserver in every node's /etc/resolv.conf (kind points it at the gateway). */
export const NODE_RESOLVER = `${NODE_NETWORK_GATEWAY}:53`;
/** A node's runtime dials as a program in a container does: 127.0.0.1 for localhost. */
export const NODE: Dialer = { name: 'node', resolver: NODE_RESOLVER, localhost: '127.0.0.1' };

/** The registries as a node's runtime sees them: its own localhost, and the laptop at the gateway. */
export function nodeView(laptop: RegistryLookup): RegistryLookup {
  return otherMachine(laptop, NODE_NETWORK_GATEWAY);
}
