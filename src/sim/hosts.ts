/**
 * Host names as the machines of the world dial them. Every machine has its own `localhost`:
 * a registry published on the laptop's port 5000 answers at localhost:5000 on the laptop only —
 * on a cluster node or the CI runner, localhost is that machine, and nothing listens there.
 */
import type { RegistryLookup } from './distribution.ts';

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

/** How a machine's Go programs report a failed dial: the nameserver it asks, where `localhost` leads first. */
export interface Dialer {
  /** The machine, as kubetutor's hints name it. */
  readonly name: string;
  /** The nameserver in the machine's /etc/resolv.conf. */
  readonly resolver: string;
  /** The first address of `localhost` in /etc/hosts that the machine can use. */
  readonly localhost: string;
}

/** The laptop: systemd-resolved's stub resolver, and an IPv6 loopback that Go tries first. */
export const LAPTOP: Dialer = { name: 'laptop', resolver: '127.0.0.53:53', localhost: '::1' };

/**
 * The address a Go program dials for a host: "localhost" resolves from /etc/hosts — in a container
 * without IPv6, 127.0.0.1 first — and Go reports the error of its first address.
 */
export function dialAddress(domain: string, defaultPort: number, localhost = '127.0.0.1'): string {
  const { host, port } = splitHostPort(domain);
  const ip = host === 'localhost' ? localhost : host;
  return `${ip.includes(':') ? `[${ip}]` : ip}:${port ?? defaultPort}`;
}

/** Go's error for a name the machine's resolver does not know. */
export function noSuchHost(machine: Dialer, domain: string): string {
  return `dial tcp: lookup ${splitHostPort(domain).host} on ${machine.resolver}: no such host`;
}

/** Go's error for a port where nothing listens. */
export function connectionRefused(machine: Dialer, domain: string, defaultPort: number): string {
  return `dial tcp ${dialAddress(domain, defaultPort, machine.localhost)}: connect: connection refused`;
}

/**
 * The registries as another machine sees them: the laptop's view, except that loopback names are
 * that machine itself (a refused connection). With a `gateway` — the address at which that
 * machine reaches the laptop — a registry published on the laptop's port P answers there on
 * port P, in plain HTTP, which a client expecting HTTPS refuses.
 */
export function otherMachine(laptop: RegistryLookup, gateway?: string): RegistryLookup {
  const viaGateway = (domain: string): string | undefined => {
    const { host, port } = splitHostPort(domain);
    return gateway !== undefined && host === gateway && port !== undefined ? `localhost:${port}` : undefined;
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
