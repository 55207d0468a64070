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

/** The docker network's gateway: the laptop, as the nodes see it. */
export const NODE_NETWORK_GATEWAY = '172.18.0.1';
/** The nameserver in every node's /etc/resolv.conf (kind points it at the gateway). */
export const NODE_RESOLVER = `${NODE_NETWORK_GATEWAY}:53`;

/** `localhost:5000` → { host: 'localhost', port: 5000 }; `[::1]:5000` keeps its brackets off. */
export function splitHostPort(domain: string): { host: string; port: number | undefined } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(domain);
  if (!m) return { host: domain, port: undefined };
  return { host: (m[1] as string).replace(/^\[|\]$/g, ''), port: m[2] === undefined ? undefined : Number(m[2]) };
}

/** docker.IsLocalhost: `localhost`, or a loopback address (127.0.0.0/8, ::1). */
export function isLoopback(domain: string): boolean {
  const { host } = splitHostPort(domain);
  return host === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1';
}

/**
 * The address a Go program dials for a loopback host: "localhost" resolves from the node's
 * /etc/hosts (127.0.0.1 first, then ::1), and Go reports the error of its first address.
 */
export function dialAddress(domain: string, defaultPort: number): string {
  const { host, port } = splitHostPort(domain);
  const ip = host === 'localhost' ? '127.0.0.1' : host;
  return `${ip.includes(':') ? `[${ip}]` : ip}:${port ?? defaultPort}`;
}

/**
 * The registries as a node's runtime sees them. A registry published on the laptop's port P
 * answers on the gateway's port P — in plain HTTP, which a runtime expecting HTTPS refuses.
 */
export function nodeView(laptop: RegistryLookup): RegistryLookup {
  const viaGateway = (domain: string): string | undefined => {
    const { host, port } = splitHostPort(domain);
    return host === NODE_NETWORK_GATEWAY && port !== undefined ? `localhost:${port}` : undefined;
  };
  return {
    registry: (domain) => {
      if (isLoopback(domain)) return undefined;
      const laptopHost = viaGateway(domain);
      return laptopHost === undefined ? laptop.registry(domain) : laptop.registry(laptopHost);
    },
    refuses: (domain) => isLoopback(domain) || viaGateway(domain) !== undefined || laptop.refuses(domain),
    plainHttp: (domain) => viaGateway(domain) !== undefined,
  };
}
