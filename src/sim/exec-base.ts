/**
 * What every simulated program shares: the context a command runs in (an image's files, env,
 * working directory), its result, and how compiled programs and large files are stood in for.
 */
import { unitFromText } from './digest.ts';
import type { Distro } from './image.ts';
import type { Exchange, Request } from './network.ts';

export interface ExecContext {
  readonly distro: Distro;
  /** The container's files: read and written in place. */
  readonly files: Map<string, string>;
  readonly env: Map<string, string>;
  cwd: string;
  readonly hostname: string;
  /** Simulated time, for `date`. */
  readonly now: number;
  /** The Dockerfile's USER (`nobody`, `app:app`, `1000`); root when empty. */
  readonly user?: string;
  /** The network this container is on (curl, wget); none in a build step. */
  readonly net?: NetAccess;
}

/** What a container's programs may do on the network. */
export interface NetAccess {
  request(req: Request): Exchange;
  /** Simulated time passing while a connection waits. */
  advance(ms: number): void;
}

export interface ExecResult {
  readonly output: string[];
  readonly exitCode: number;
  /** Bytes the command added to the filesystem (for layer sizes). */
  readonly bytesAdded: number;
  /** Simulated milliseconds the command took. */
  readonly durationMs: number;
  /** For a shell script: when each output line was printed, in ms from the start. */
  readonly lineAt?: readonly number[];
  /** Which of `output` went to stderr (same indexes); all stdout when absent. */
  readonly errLines?: ReadonlySet<number>;
  /** kubetutor's notes on what happened (a curl to a ClusterIP from outside …), never the program's output. */
  readonly teach?: readonly string[];
  /** The program serves and keeps running (`java -jar app.jar`, `mvn spring-boot:run`). */
  readonly keepsRunning?: boolean;
}


export function resolvePath(cwd: string, p: string): string {
  const abs = p.startsWith('/') ? p : `${cwd.replace(/\/$/, '')}/${p}`;
  const parts: string[] = [];
  for (const seg of abs.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') parts.pop(); else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}

export function isDir(files: ReadonlyMap<string, string>, path: string): boolean {
  const prefix = path === '/' ? '/' : `${path}/`;
  for (const k of files.keys()) if (k.startsWith(prefix)) return true;
  return files.get(path) === '\0dir';
}

export const ok = (output: string[] = [], extra: Partial<ExecResult> = {}): ExecResult => ({ output, exitCode: 0, bytesAdded: 0, durationMs: 20, ...extra });
export const fail = (output: string[], exitCode = 1, durationMs = 20): ExecResult => ({ output, exitCode, bytesAdded: 0, durationMs });

/** Deterministic pseudo-version for a package, e.g. `8.11.1-r0`. */
export function pkgVersion(name: string, distro: Distro): string {
  const u = unitFromText(`pkg:${name}`);
  const major = 1 + Math.floor(u * 9);
  const minor = Math.floor(unitFromText(`pkg2:${name}`) * 20);
  return distro === 'alpine' ? `${major}.${minor}.${Math.floor(u * 7)}-r0` : `${major}.${minor}.${Math.floor(u * 7)}-1+deb12u1`;
}

/** What a script prints: the string literals it passes to console.log / print / printf. */
export function scriptOutput(source: string, lang: 'node' | 'python' | 'go' | 'c'): string[] {
  const re = lang === 'node' ? /console\.(?:log|info|error)\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g
    : lang === 'go' ? /(?:fmt\.Print(?:ln|f)?|log\.Print(?:ln|f)?)\(\s*(["`])((?:\\.|(?!\1).)*)\1/g
    : lang === 'c' ? /(?:printf|puts|std::cout\s*<<|cout\s*<<)\(?\s*(")((?:\\.|(?!\1).)*)\1/g
    : /print\(\s*f?(['"])((?:\\.|(?!\1).)*)\1/g;
  const out: string[] = [];
  for (const m of source.matchAll(re)) out.push((m[2] as string).replace(/\\n$/, '').replace(/\$\{[^}]*\}|\{[^}]*\}|%[sdv]/g, (s) => (/port|%d/i.test(s) ? '8080' : s)));
  return out;
}

const BINARY = '\u0000binary\n';
const STAND_IN = '\u0000large-file\n';

/** A compiled program in the image: what it prints, whether it keeps running, and how big it is on disk. */
export function binaryFile(output: readonly string[], server: boolean, bytes = 0): string {
  return `${BINARY}${JSON.stringify({ output, server, bytes })}`;
}

export function readBinary(content: string | undefined): { output: string[]; server: boolean; bytes?: number } | undefined {
  if (!content?.startsWith(BINARY)) return undefined;
  return JSON.parse(content.slice(BINARY.length)) as { output: string[]; server: boolean; bytes?: number };
}

/**
 * A file too big to hold in memory (a dataset, a video, a database dump in the build context):
 * it travels as its size alone, so COPY still finds it and layers still weigh what it weighs.
 */
export function standInFile(bytes: number): string {
  return `${STAND_IN}${bytes}`;
}

/** The size a stand-in declares, or undefined for ordinary content. */
export function standInSize(content: string): number | undefined {
  return content.startsWith(STAND_IN) ? Number(content.slice(STAND_IN.length)) : undefined;
}

/** Bytes a file occupies: UTF-8 for text, the declared size for stand-ins and compiled programs. */
export function contentBytes(content: string): number {
  const standIn = standInSize(content);
  if (standIn !== undefined) return standIn;
  const bin = readBinary(content);
  if (bin) return bin.bytes ?? content.length;
  let n = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) { n += 4; i++; } else n += 3;
  }
  return n;
}

/** Does this program keep running (a server) rather than exit? */
export function looksLikeServer(source: string): boolean {
  return /\.listen\(|createServer\(|app\.run\(|serve_forever\(|ListenAndServe\(|uvicorn\.run\(/.test(source);
}
