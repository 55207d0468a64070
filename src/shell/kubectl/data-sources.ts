/**
 * Where `kubectl create secret generic` and `create configmap` take their keys from:
 * --from-literal=KEY=VALUE, --from-file=[KEY=]PATH (a file, or every regular file of a folder) and
 * --from-env-file=PATH, read as kubectl 1.32 reads them (cmd/create/create_secret.go,
 * create_configmap.go, cmd/util/env_file.go, pkg/util/util.go ParseFileSource). Paths are the
 * laptop's, resolved from the shell's folder (an absolute path or one `~` or $HOME expanded to by
 * the shell works too).
 */
import type { CommandContext } from '../context.ts';
import { laptopPath, readLaptopFile } from '../paths.ts';

const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIG_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const ENV_NAME_MSG = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

/** apimachinery's IsConfigMapKey. */
export function configKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!CONFIG_KEY.test(key)) errs.push(CONFIG_KEY_MSG);
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** ParseFileSource: `path` (the key is its base name) or `key=path`. */
export function parseFileSource(source: string): { key: string; path: string } | string {
  const n = source.split('=').length - 1;
  if (n === 0) return { key: source.replace(/\/+$/, '').split('/').pop() || '/', path: source };
  if (n === 1 && source.startsWith('=')) return `key name for file path ${source.slice(1)} missing`;
  if (n === 1 && source.endsWith('=')) return `file path for key name ${source.slice(0, -1)} missing`;
  if (n > 1) return "key names or file paths cannot contain '='";
  const [key, path] = source.split('=') as [string, string];
  return { key, path };
}

/** Go's error text for a path that cannot be read (os.PathError.Err). */
const GO_ERRNO: Record<string, string> = { 'No such file or directory': 'no such file or directory', 'Not a directory': 'not a directory', 'Is a directory': 'is a directory' };

/** cmd/util/env_file.go: `KEY=value` lines; blank lines and `#` comments skipped; `KEY` alone takes kubectl's environment. */
export function readEnvFile(text: string, env: ReadonlyMap<string, string>): Array<[string, string]> | string {
  const pairs: Array<[string, string]> = [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const [i, raw] of lines.entries()) {
    const line = (i === 0 ? raw.replace(/^\uFEFF/, '') : raw).replace(/\r$/, '').replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    if (!ENV_NAME.test(key)) return `"${key}" is not a valid key name: ${ENV_NAME_MSG}`;
    pairs.push([key, eq < 0 ? env.get(key) ?? '' : line.slice(eq + 1)]);
  }
  return pairs;
}

/** What the three kinds of source give, in the order kubectl adds them (literals, files, env files). */
export function collectData(ctx: CommandContext, sources: { literals: readonly string[]; files: readonly string[]; envFiles: readonly string[] }, kind: 'Secret' | 'ConfigMap', name: string): Map<string, string> | string {
  const data = new Map<string, string>();
  const add = (key: string, value: string): string | undefined => {
    const errs = configKeyErrors(key);
    if (errs.length) return kind === 'Secret' ? `"${key}" is not valid key name for a Secret ${errs.join(';')}` : `"${key}" is not a valid key name for a ConfigMap: ${errs.join(',')}`;
    if (data.has(key)) return kind === 'Secret' ? `cannot add key ${key}, another key by that name already exists` : `cannot add key "${key}", another key by that name already exists in Data for ConfigMap "${name}"`;
    data.set(key, value);
    return undefined;
  };
  for (const l of sources.literals) {
    const eq = l.indexOf('=');
    if (eq <= 0) return `invalid literal source ${l}, expected key=value`;
    const e = add(l.slice(0, eq), l.slice(eq + 1));
    if (e) return e;
  }
  const fs = ctx.world.laptop;
  for (const source of sources.files) {
    const parsed = parseFileSource(source);
    if (typeof parsed === 'string') return parsed;
    const abs = laptopPath(ctx, parsed.path);
    if (fs.kind(abs) === 'dir') {
      if (source.includes('=')) return 'cannot give a key name for a directory path';
      for (const item of (fs.list(abs) ?? []).filter((x) => !x.dir).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const e = add(item.name, fs.read(`${abs}/${item.name}`) ?? '');
        if (e) return e;
      }
      continue;
    }
    const read = readLaptopFile(ctx, parsed.path);
    if (!read.ok) return `error reading ${parsed.path}: ${GO_ERRNO[read.reason] ?? read.reason}`;
    const e = add(parsed.key, read.text);
    if (e) return e;
  }
  for (const path of sources.envFiles) {
    const abs = laptopPath(ctx, path);
    if (fs.kind(abs) === 'dir') return `env ${kind === 'Secret' ? 'secret' : 'config'} file cannot be a directory`;
    const read = readLaptopFile(ctx, path);
    if (!read.ok) return `error reading ${path}: ${GO_ERRNO[read.reason] ?? read.reason}`;
    const pairs = readEnvFile(read.text, ctx.env);
    if (typeof pairs === 'string') return pairs;
    for (const [k, v] of pairs) {
      const e = add(k, v);
      if (e) return e;
    }
  }
  return data;
}
