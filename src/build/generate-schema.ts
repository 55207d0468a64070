/**
 * Build step: turns the Kubernetes API schema shipped inside the `kubernetes-models` and
 * `@kubernetes-models/apimachinery` packages into src/generated/k8s-schema.json, the compact
 * index that src/sim/schema.ts reads.
 *
 * Why the .d.ts files: the packages do not ship the OpenAPI JSON they were generated from, but
 * their declaration files keep everything we need from it — the official descriptions (JSDoc),
 * required-ness (`?`), property types, references between definitions and the enum lists. The
 * one thing TypeScript erases is integer versus number, so that is read back from the package's
 * compiled validators (_schemas/*.mjs), which keep the OpenAPI `type` keyword.
 *
 * Why hand-written parsing with the compiler API's parser only (no type checker): each model
 * file is self-contained (imports name other models by their full OpenAPI-derived name), so a
 * syntax walk is enough and keeps the step well under a second or two.
 *
 * Usage: node --import tsx src/build/generate-schema.ts [output.json]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

/** The encodings that src/sim/schema.ts understands; keep the two in step. */
type Enc =
  | { t: 'string' | 'integer' | 'number' | 'boolean' | 'int-or-string' | 'quantity' | 'time' | 'any' }
  | { t: 'array'; i: Enc }
  | { t: 'map'; v: Enc }
  | { t: 'ref'; r: string };

interface FieldOut { d?: string; r?: 1; t: Enc; e?: string[] }
interface TypeOut { d?: string; p?: Record<string, FieldOut>; a?: Enc }

/** One model file as parsed, before references are resolved to OpenAPI ids. */
interface Model {
  id: string;
  /** The package's name for it: the OpenAPI id camel-cased (IoK8sApiCoreV1Container). */
  fullName: string;
  file: string;
  schemaFile: string;
  description: string;
  /** Interface members; undefined for the type aliases (Quantity, IntOrString, Time, …). */
  members?: ts.NodeArray<ts.TypeElement>;
  alias?: ts.TypeNode;
  localName: string;
  sourceFile: ts.SourceFile;
}

const FORMAT_VERSION = 1;
const require = createRequire(import.meta.url);
const repoRoot = join(import.meta.dirname, '..', '..');
const outFile = process.argv[2] ?? join(repoRoot, 'src', 'generated', 'k8s-schema.json');
const warnings: string[] = [];

function packageRoot(name: string): { root: string; version: string } {
  const root = dirname(require.resolve(name));
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  return { root, version };
}

function modelFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      if (e.isDirectory()) return e.name === '_schemas' || e.name === 'node_modules' ? [] : modelFiles(join(dir, e.name));
      return e.name.endsWith('.d.ts') && e.name !== 'index.d.ts' ? [join(dir, e.name)] : [];
    })
    .sort();
}

/**
 * The packages name everything by the OpenAPI definition name run through camelCase on '.' and
 * '-' (io.k8s.api.apps.v1.Deployment → IoK8sApiAppsV1Deployment). Going back is unambiguous
 * for every segment except the two hyphenated module names, which are restored here; anything
 * outside the four known roots stops the build rather than producing a wrong id.
 */
function openApiId(pascal: string, localName: string): string {
  if (!pascal.endsWith(localName)) throw new Error(`${pascal}: does not end with its type name ${localName}`);
  const prefix = pascal.slice(0, pascal.length - localName.length);
  const segments = prefix.match(/[A-Z][a-z0-9]*/g) ?? [];
  if (segments.join('') !== prefix) throw new Error(`${pascal}: cannot split ${prefix} into segments`);
  const id = [...segments.map((s) => s.toLowerCase()), localName]
    .join('.')
    .replace(/^io\.k8s\.apiextensions\.apiserver\./, 'io.k8s.apiextensions-apiserver.')
    .replace(/^io\.k8s\.kube\.aggregator\./, 'io.k8s.kube-aggregator.');
  if (!/^io\.k8s\.(api\.[a-z0-9]+\.v[0-9a-z]+|apimachinery\.pkg(\.[a-z0-9]+)+|apiextensions-apiserver\.pkg\.apis\.apiextensions\.v[0-9a-z]+|kube-aggregator\.pkg\.apis\.apiregistration\.v[0-9a-z]+)\.[A-Za-z0-9]+$/.test(id)) {
    throw new Error(`${pascal}: unexpected OpenAPI id ${id}; teach openApiId about it`);
  }
  return id;
}

/**
 * The JSDoc text exactly as the package wrote it, minus the comment frame. The compiler's JSDoc
 * parser is avoided on purpose: it would treat `@` in prose as tags. The package escapes
 * backslash, `*` and `/` so descriptions cannot close the comment; those escapes are undone.
 */
function leadingDoc(node: ts.Node, sf: ts.SourceFile): string {
  const ranges = ts.getLeadingCommentRanges(sf.text, node.getFullStart()) ?? [];
  const last = ranges.filter((r) => sf.text.startsWith('/**', r.pos)).at(-1);
  if (!last) return '';
  const body = sf.text.slice(last.pos + 3, last.end - 2);
  const lines = body.split('\n').map((line) => line.replace(/^\s*\* ?/, '').replace(/\s+$/, ''));
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  return lines.join('\n').replace(/\\([\\*/])/g, '$1');
}

/**
 * `Possible enum values:` is how Kubernetes' OpenAPI generator documents Go enum types; each
 * value follows as ` - `"Value"` means …`. The TS literal union carries the same values, so the
 * two are compared and a disagreement is reported instead of being silently resolved.
 */
function docEnum(doc: string): string[] | undefined {
  const at = doc.indexOf('Possible enum values:');
  if (at < 0) return undefined;
  const values: string[] = [];
  for (const line of doc.slice(at).split('\n').slice(1)) {
    const m = /^\s*-\s*`"((?:[^"\\]|\\.)*)"`/.exec(line);
    if (m) values.push(JSON.parse(`"${m[1]}"`) as string);
  }
  return values;
}

function literalStrings(node: ts.TypeNode): string[] | undefined {
  const parts = ts.isUnionTypeNode(node) ? node.types : [node];
  const out: string[] = [];
  for (const p of parts) {
    if (!ts.isLiteralTypeNode(p) || !ts.isStringLiteral(p.literal)) return undefined;
    out.push(p.literal.text);
  }
  return out;
}

function parseModel(file: string, schemaDir: string): Model | undefined {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  let decl: ts.InterfaceDeclaration | ts.TypeAliasDeclaration | undefined;
  const exported = new Map<string, string>();
  for (const s of sf.statements) {
    if (ts.isInterfaceDeclaration(s) || (ts.isTypeAliasDeclaration(s) && s.name.text.startsWith('I') && !decl)) {
      if (decl && ts.isInterfaceDeclaration(decl)) throw new Error(`${file}: more than one interface`);
      decl = s;
    }
    if (ts.isExportDeclaration(s) && s.exportClause && ts.isNamedExports(s.exportClause)) {
      for (const el of s.exportClause.elements) if (el.propertyName) exported.set(el.propertyName.text, el.name.text);
    }
  }
  if (!decl) return undefined;
  const localName = decl.name.text;
  const pascal = exported.get(localName);
  if (!pascal || !pascal.startsWith('IIoK8s')) throw new Error(`${file}: ${localName} is not exported under its OpenAPI name`);
  const fullName = pascal.slice(1);
  const id = openApiId(fullName, localName.slice(1));
  return {
    id,
    fullName,
    file,
    schemaFile: join(schemaDir, `${fullName}.mjs`),
    description: leadingDoc(decl, sf),
    members: ts.isInterfaceDeclaration(decl) ? decl.members : undefined,
    alias: ts.isTypeAliasDeclaration(decl) ? decl.type : undefined,
    localName,
    sourceFile: sf,
  };
}

/**
 * Which JSON number type a `number` property has, read from the compiled ajv validator of its
 * definition: the property's validator function (and the functions it calls, for arrays and
 * maps) carries `params:{type:"integer"}` or `params:{type:"number"}`.
 */
class NumberKinds {
  private cache = new Map<string, string>();

  kind(schemaFile: string, prop: string): 'integer' | 'number' | undefined {
    let text = this.cache.get(schemaFile);
    if (text === undefined) {
      text = existsSync(schemaFile) ? readFileSync(schemaFile, 'utf8') : '';
      this.cache.set(schemaFile, text);
    }
    const access = /^[A-Za-z_$][\w$]*$/.test(prop) ? `data.${prop}` : `data[${JSON.stringify(prop)}]`;
    const call = new RegExp(`void 0===${escapeRe(access)}\\|\\|(validate\\d+)\\(`).exec(text);
    if (call?.[1]) return this.follow(text, call[1], new Set());
    // Recursive definitions (JSONSchemaProps) get their properties checked inline instead.
    const inline = new RegExp(`schemaPath:"#/properties/${escapeRe(prop)}/type",keyword:"type",params:\\{type:"(integer|number)"\\}`).exec(text);
    return inline?.[1] as 'integer' | 'number' | undefined;
  }

  private follow(text: string, fn: string, seen: Set<string>): 'integer' | 'number' | undefined {
    if (seen.has(fn)) return undefined;
    seen.add(fn);
    const start = text.indexOf(`function ${fn}(`);
    if (start < 0) return undefined;
    const rest = text.slice(start + 1);
    const end = rest.search(/function validate\d+\(|export const |import\{|let schema\d+=|let formats\d+=/);
    const body = end < 0 ? rest : rest.slice(0, end);
    if (body.includes('params:{type:"integer"}')) return 'integer';
    if (body.includes('params:{type:"number"}')) return 'number';
    for (const m of body.matchAll(/\b(validate\d+)\(/g)) {
      const found = m[1] && m[1] !== fn ? this.follow(text, m[1], seen) : undefined;
      if (found) return found;
    }
    return undefined;
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function main(): void {
  const started = performance.now();
  const kmPkg = packageRoot('kubernetes-models');
  const amPkg = packageRoot('@kubernetes-models/apimachinery');

  const models: Model[] = [];
  for (const pkg of [amPkg, kmPkg]) {
    for (const file of modelFiles(pkg.root)) {
      const m = parseModel(file, join(pkg.root, '_schemas'));
      if (m) models.push(m);
    }
  }
  const seen = new Set<string>();
  for (const m of models) {
    if (seen.has(m.id)) throw new Error(`${m.file}: ${m.id} defined twice`);
    seen.add(m.id);
  }
  /** Import names (IIoK8sApiCoreV1EnvVar) → OpenAPI ids, built from the files themselves. */
  const idOfImport = new Map<string, string>();
  for (const m of models) idOfImport.set(`I${m.fullName}`, m.id);

  const numbers = new NumberKinds();
  const types: Record<string, TypeOut> = {};
  const kinds: Record<string, string> = {};
  const aliasEnc = new Map<string, Enc>();
  const emptyObjects = new Set<string>();

  // Aliases and empty interfaces first: fields that point at them are encoded as the alias
  // itself ({t:'quantity'}) rather than as a reference, so checkers need no second lookup.
  for (const m of models) {
    if (m.alias) {
      const enc = aliasEncoding(m);
      aliasEnc.set(m.id, enc);
      types[m.id] = withDescription({ a: enc }, m.description);
    } else if (m.members && m.members.length === 0) {
      // RawExtension, FieldsV1, JSON, JSONSchemaPropsOr*: free-form JSON in the API.
      emptyObjects.add(m.id);
      aliasEnc.set(m.id, { t: 'any' });
      types[m.id] = withDescription({ a: { t: 'any' } }, m.description);
    }
  }

  const typeMetaDocs = { apiVersion: new Map<string, number>(), kind: new Map<string, number>() };
  const pendingTypeMeta: Array<{ field: FieldOut; prop: 'apiVersion' | 'kind' }> = [];
  const inline: Array<{ owner: string; prop: string; def: TypeOut; set: (id: string) => void }> = [];

  const encode = (m: Model, node: ts.TypeNode, prop: string, enumOut: { values?: string[] }): Enc => {
    if (node.kind === ts.SyntaxKind.StringKeyword) return { t: 'string' };
    if (node.kind === ts.SyntaxKind.BooleanKeyword) return { t: 'boolean' };
    if (node.kind === ts.SyntaxKind.NumberKeyword) {
      const k = numbers.kind(m.schemaFile, prop);
      if (!k) warnings.push(`${m.id}.${prop}: integer or number not found in ${relative(repoRoot, m.schemaFile)}; recorded as number`);
      return { t: k ?? 'number' };
    }
    const lits = literalStrings(node);
    if (lits) {
      enumOut.values = lits;
      return { t: 'string' };
    }
    if (ts.isTypeReferenceNode(node)) {
      const name = node.typeName.getText(m.sourceFile);
      if (name === 'Array') return { t: 'array', i: encode(m, node.typeArguments![0]!, prop, enumOut) };
      const id = name === m.localName ? m.id : idOfImport.get(name);
      if (!id) throw new Error(`${m.file}: ${prop}: unknown type ${name}`);
      return aliasEnc.get(id) ?? { t: 'ref', r: id };
    }
    if (ts.isTypeLiteralNode(node)) {
      const index = node.members.length === 1 ? node.members[0] : undefined;
      if (index && ts.isIndexSignatureDeclaration(index)) return { t: 'map', v: encode(m, index.type, prop, enumOut) };
      // An object spelled out in place (the package inlines StatefulSetSpec.volumeClaimTemplates'
      // PersistentVolumeClaim to relax apiVersion/kind); resolved to its named twin below.
      const enc: { t: 'ref'; r: string } = { t: 'ref', r: '' };
      inline.push({ owner: m.id, prop, def: properties(m, node.members), set: (id) => { enc.r = id; } });
      return enc;
    }
    throw new Error(`${m.file}: ${prop}: unsupported type ${node.getText(m.sourceFile)}`);
  };

  const properties = (m: Model, members: ts.NodeArray<ts.TypeElement>): TypeOut => {
    const p: Record<string, FieldOut> = {};
    for (const member of members) {
      if (!ts.isPropertySignature(member) || !member.type) throw new Error(`${m.file}: unsupported member ${member.getText(m.sourceFile)}`);
      const name = ts.isStringLiteral(member.name) || ts.isIdentifier(member.name) ? member.name.text : member.name.getText(m.sourceFile);
      const doc = leadingDoc(member, m.sourceFile);
      const enumOut: { values?: string[] } = {};
      const isTypeMeta = (name === 'apiVersion' || name === 'kind') && ts.isLiteralTypeNode(member.type);
      // apiVersion/kind literal types are the package's rendering of x-kubernetes-group-version-kind
      // (and it makes them required); in the OpenAPI schema they are optional strings.
      const t = isTypeMeta ? ({ t: 'string' } as Enc) : encode(m, member.type, name, enumOut);
      const field: FieldOut = { t };
      if (doc) field.d = doc;
      if (!member.questionToken && !isTypeMeta) field.r = 1;
      const fromDoc = docEnum(doc);
      if (fromDoc && enumOut.values && fromDoc.join('\0') !== [...enumOut.values].join('\0')) {
        if ([...fromDoc].sort().join('\0') !== [...enumOut.values].sort().join('\0')) {
          warnings.push(`${m.id}.${name}: enum in description (${fromDoc.join(', ')}) differs from the type (${enumOut.values.join(', ')}); using the description`);
        }
      }
      const values = fromDoc && fromDoc.length > 0 ? fromDoc : enumOut.values;
      if (values) field.e = values;
      if (name === 'apiVersion' || name === 'kind') {
        if (isTypeMeta) pendingTypeMeta.push({ field, prop: name });
        else if (doc && t.t === 'string') typeMetaDocs[name].set(doc, (typeMetaDocs[name].get(doc) ?? 0) + 1);
      }
      p[name] = field;
    }
    return Object.keys(p).length > 0 ? { p } : {};
  };

  for (const m of models) {
    if (!m.members || emptyObjects.has(m.id)) continue;
    types[m.id] = withDescription(properties(m, m.members), m.description);
    const literal = (prop: string): string | undefined => {
      const member = m.members!.find((x) => ts.isPropertySignature(x) && x.name.getText(m.sourceFile).replace(/"/g, '') === prop);
      const type = member && ts.isPropertySignature(member) ? member.type : undefined;
      return type && ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal) ? type.literal.text : undefined;
    };
    const apiVersion = literal('apiVersion');
    const kind = literal('kind');
    if (apiVersion && kind) {
      const key = `${apiVersion}/${kind}`;
      if (kinds[key]) throw new Error(`${key}: both ${kinds[key]} and ${m.id}`);
      kinds[key] = m.id;
    }
  }

  // The package drops the descriptions of the apiVersion/kind fields it turns into literals;
  // every definition in the API shares one standard text, which the remaining plain-string
  // apiVersion/kind fields (Status, DeleteOptions, …) still carry.
  for (const { field, prop } of pendingTypeMeta) {
    const best = [...typeMetaDocs[prop]].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    if (best) field.d = best[0];
  }

  const signature = (def: TypeOut): string => JSON.stringify(Object.entries(def.p ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, f]) => [k, f.t, f.r ?? 0]));
  for (const item of inline) {
    const sig = signature(item.def);
    const twins = Object.entries(types).filter(([, def]) => def.p && signature(def) === sig).map(([id]) => id);
    if (twins.length === 1) {
      item.set(twins[0]!);
    } else {
      const id = `${item.owner}.${item.prop}`;
      warnings.push(`${id}: inline object with ${twins.length} named matches; recorded under its own id`);
      types[id] = item.def;
      item.set(id);
    }
  }

  for (const [id, def] of Object.entries(types)) {
    for (const [name, f] of Object.entries(def.p ?? {})) checkRefs(`${id}.${name}`, f.t, types);
  }

  const index = {
    k: kinds,
    s: { '@kubernetes-models/apimachinery': amPkg.version, 'kubernetes-models': kmPkg.version },
    t: types,
    v: FORMAT_VERSION,
  };
  const json = `${canonical(index)}\n`;
  mkdirSync(dirname(outFile), { recursive: true });
  const unchanged = existsSync(outFile) && readFileSync(outFile, 'utf8') === json;
  if (!unchanged) writeFileSync(outFile, json);
  for (const w of warnings) process.stderr.write(`generate-schema: warning: ${w}\n`);
  if (process.env.KUBETUTOR_SCHEMA_VERBOSE) {
    const ms = Math.round(performance.now() - started);
    process.stderr.write(`generate-schema: ${Object.keys(types).length} types, ${Object.keys(kinds).length} kinds, ${json.length} bytes${unchanged ? ' (unchanged)' : ''} in ${ms} ms → ${relative(repoRoot, outFile)}\n`);
  }
}

function aliasEncoding(m: Model): Enc {
  const text = m.alias!.getText(m.sourceFile).replace(/\s+/g, '');
  const name = m.id.slice(m.id.lastIndexOf('.') + 1);
  if (name === 'IntOrString' && (text === 'string|number' || text === 'number|string')) return { t: 'int-or-string' };
  if (name === 'Quantity' && (text === 'string|number' || text === 'number|string')) return { t: 'quantity' };
  if ((name === 'Time' || name === 'MicroTime') && text === 'string') return { t: 'time' };
  if (text === 'string') return { t: 'string' };
  throw new Error(`${m.file}: unsupported alias ${m.localName} = ${text}`);
}

function withDescription(def: TypeOut, description: string): TypeOut {
  return description ? { d: description, ...def } : def;
}

function checkRefs(where: string, enc: Enc, types: Record<string, TypeOut>): void {
  if (enc.t === 'ref' && !types[enc.r]) throw new Error(`${where}: reference to unknown ${enc.r}`);
  if (enc.t === 'array') checkRefs(where, enc.i, types);
  if (enc.t === 'map') checkRefs(where, enc.v, types);
}

/** JSON with object keys sorted at every level, so the file only changes when the schema does. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

main();
