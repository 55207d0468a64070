/**
 * The Kubernetes API schema, as the simulated API server and the explainer see it.
 *
 * The data is generated at build time from the `kubernetes-models` package (see
 * src/build/generate-schema.ts) rather than typed by hand, so descriptions, required fields and
 * enums are the official ones and move with the package. This module only reads it: no I/O, so
 * the simulated world stays pure and deterministic.
 *
 * Type ids are OpenAPI definition names (`io.k8s.api.core.v1.Container`), the names kubectl
 * explain and the API server's own errors are built from.
 */
import data from '../generated/k8s-schema.json' with { type: 'json' };

/** How a value of a field is shaped; mirrors the generator's encoding. */
export type TypeEncoding =
  | { readonly t: 'string' | 'integer' | 'number' | 'boolean' | 'int-or-string' | 'quantity' | 'time' | 'any' }
  | { readonly t: 'array'; readonly i: TypeEncoding }
  | { readonly t: 'map'; readonly v: TypeEncoding }
  | { readonly t: 'ref'; readonly r: string };

export interface FieldInfo {
  readonly name: string;
  /** The type the field belongs to. */
  readonly owner: string;
  readonly description: string;
  readonly required: boolean;
  readonly type: TypeEncoding;
  /**
   * Allowed values of the field's string (or of each item/value, for lists and maps of enums).
   * Only present where the API documents the field as an enum.
   */
  readonly enum?: readonly string[];
}

export interface TypeInfo {
  readonly id: string;
  readonly description: string;
  /** Sorted by name. Empty for aliases and free-form types. */
  readonly fields: readonly FieldInfo[];
  /** Set for types that are not objects on the wire: Quantity, IntOrString, Time, RawExtension… */
  readonly alias?: TypeEncoding;
}

export interface SchemaIssue {
  /** kubectl notation: `spec.template.spec.containers[0].imagee`; map keys as `[key]`. */
  readonly path: string;
  readonly kind: 'unknown-field' | 'wrong-type' | 'enum' | 'required';
  /** For wrong-type and required: the type wanted, in kubectl explain's words (`integer`, `[]Container`). */
  readonly expected?: string;
  readonly value?: unknown;
  readonly allowed?: readonly string[];
}

interface RawField { readonly d?: string; readonly r?: 1; readonly t: TypeEncoding; readonly e?: readonly string[] }
interface RawType { readonly d?: string; readonly p?: Readonly<Record<string, RawField>>; readonly a?: TypeEncoding }
interface RawIndex {
  readonly k: Readonly<Record<string, string>>;
  readonly s: Readonly<Record<string, string>>;
  readonly t: Readonly<Record<string, RawType>>;
  readonly v: number;
}

// The JSON's inferred type is only as precise as its first few entries; the generator is the
// real contract, so the data is viewed through the encoding declared above.
const index = data as unknown as RawIndex;

/** Own keys only: user input and lookups like `constructor` must never reach Object.prototype. */
function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Where the schema came from, for `explain` footers and bug reports. */
export function schemaSource(): string {
  return Object.entries(index.s)
    .map(([name, version]) => `${name}@${version}`)
    .join(', ');
}

/** The type id of a kind (`apps/v1`, `Deployment`), including APIs the cluster no longer serves. */
export function kindType(apiVersion: string, kind: string): string | undefined {
  return own(index.k, `${apiVersion}/${kind}`);
}

/** Every `apiVersion/Kind` the schema knows (`apps/v1/Deployment`, `v1/Pod`), sorted. */
export function allKinds(): readonly string[] {
  return Object.keys(index.k);
}

export function typeDef(id: string): TypeInfo | undefined {
  const raw = own(index.t, id);
  if (!raw) return undefined;
  const fields = Object.keys(raw.p ?? {}).map((name) => fieldDef(id, name)!);
  return { id, description: raw.d ?? '', fields, ...(raw.a ? { alias: raw.a } : {}) };
}

export function fieldDef(typeId: string, name: string): FieldInfo | undefined {
  const raw = own(own(index.t, typeId)?.p, name);
  if (!raw) return undefined;
  return {
    name,
    owner: typeId,
    description: raw.d ?? '',
    required: raw.r === 1,
    type: raw.t,
    ...(raw.e ? { enum: raw.e } : {}),
  };
}

/**
 * The object type a field leads to once lists and maps are looked through, as kubectl explain
 * does: `spec.containers.image` names the `image` of each container, not of the list.
 */
export function elementType(type: TypeEncoding): string | undefined {
  if (type.t === 'array') return elementType(type.i);
  if (type.t === 'map') return elementType(type.v);
  return type.t === 'ref' ? type.r : undefined;
}

/**
 * The field at `path` below a kind, e.g. ['spec', 'containers', 'imagePullPolicy']. Undefined
 * for an empty path (use typeDef(kindType(…)) for the kind itself) and for any step that does
 * not exist, so callers can say "field not found" the way kubectl explain does.
 */
export function explainPath(apiVersion: string, kind: string, path: readonly string[]): FieldInfo | undefined {
  let typeId = kindType(apiVersion, kind);
  let field: FieldInfo | undefined;
  for (const name of path) {
    if (typeId === undefined) return undefined;
    field = fieldDef(typeId, name);
    if (!field) return undefined;
    typeId = elementType(field.type);
  }
  return field;
}

/** A type as kubectl explain prints it between angle brackets: `[]Container`, `map[string]string`. */
export function typeLabel(type: TypeEncoding): string {
  switch (type.t) {
    case 'array': return `[]${typeLabel(type.i)}`;
    case 'map': return `map[string]${typeLabel(type.v)}`;
    case 'ref': return type.r.slice(type.r.lastIndexOf('.') + 1);
    case 'int-or-string': return 'IntOrString';
    case 'quantity': return 'Quantity';
    case 'time': return 'Time';
    case 'any': return 'Object';
    default: return type.t;
  }
}

/**
 * What the API server's decoding would object to in a decoded manifest, in document order:
 * each object's fields in the order they were written, then the required fields it lacks.
 *
 * The rules follow the server rather than the JSON schema where the two differ:
 * - apiVersion and kind may be left out (the server takes them from the request URL); when
 *   present they must name this kind. metadata is an ObjectMeta like any other field, so
 *   misspelt metadata fields are unknown fields (strict field validation reports them too).
 * - null is "not set": never a wrong type, but it does not satisfy a required field.
 * - Quantity and IntOrString accept a number or a string; free-form fields accept anything.
 * - Enums are checked, as the server's validation does for enum-typed fields.
 *
 * Below a wrong-typed value nothing more is reported: the server stops decoding there too.
 * Throws when the kind is unknown, which the server reports differently ("no matches for kind").
 */
export function checkObject(apiVersion: string, kind: string, obj: unknown): SchemaIssue[] {
  const typeId = kindType(apiVersion, kind);
  if (typeId === undefined) throw new Error(`no schema for ${apiVersion}/${kind}`);
  const issues: SchemaIssue[] = [];
  if (!isPlainObject(obj)) {
    issues.push({ path: '', kind: 'wrong-type', expected: typeLabel({ t: 'ref', r: typeId }), value: obj });
    return issues;
  }
  const expectedMeta: Record<string, string> = { apiVersion, kind };
  const rootChecks = (key: string, value: unknown, path: string): boolean => {
    const want = own(expectedMeta, key);
    if (want === undefined || value === null || value === undefined) return false;
    if (typeof value !== 'string') issues.push({ path, kind: 'wrong-type', expected: 'string', value });
    else if (value !== want) issues.push({ path, kind: 'enum', value, allowed: [want] });
    return true;
  };
  checkFields(typeId, obj, '', issues, rootChecks);
  return issues;
}

type RootCheck = (key: string, value: unknown, path: string) => boolean;

function checkFields(typeId: string, obj: Record<string, unknown>, path: string, issues: SchemaIssue[], root?: RootCheck): void {
  const props = own(index.t, typeId)?.p;
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    const at = path === '' ? key : `${path}.${key}`;
    if (root?.(key, value, at)) continue;
    const field = own(props, key);
    if (!field) issues.push({ path: at, kind: 'unknown-field', value });
    else checkValue(field.t, value, at, field.e, issues);
  }
  for (const [name, field] of Object.entries(props ?? {})) {
    if (field.r === 1 && (obj[name] === undefined || obj[name] === null)) {
      issues.push({ path: path === '' ? name : `${path}.${name}`, kind: 'required', expected: typeLabel(field.t) });
    }
  }
}

function checkValue(type: TypeEncoding, value: unknown, path: string, allowed: readonly string[] | undefined, issues: SchemaIssue[]): void {
  if (value === null || value === undefined) return;
  const wrong = (): void => { issues.push({ path, kind: 'wrong-type', expected: typeLabel(type), value }); };
  switch (type.t) {
    case 'string':
      if (typeof value !== 'string') return wrong();
      if (allowed && !allowed.includes(value)) issues.push({ path, kind: 'enum', value, allowed });
      return;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) wrong();
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) wrong();
      return;
    case 'boolean':
      if (typeof value !== 'boolean') wrong();
      return;
    case 'int-or-string':
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) wrong();
      return;
    case 'quantity':
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) wrong();
      return;
    case 'time':
      if (typeof value !== 'string') wrong();
      return;
    case 'any':
      return;
    case 'array':
      if (!Array.isArray(value)) return wrong();
      value.forEach((item, i) => { checkValue(type.i, item, `${path}[${i}]`, allowed, issues); });
      return;
    case 'map':
      if (!isPlainObject(value)) return wrong();
      for (const key of Object.keys(value)) checkValue(type.v, value[key], `${path}[${key}]`, allowed, issues);
      return;
    case 'ref': {
      const alias = own(index.t, type.r)?.a;
      if (alias) return checkValue(alias, value, path, allowed, issues);
      if (!isPlainObject(value)) return wrong();
      checkFields(type.r, value, path, issues);
      return;
    }
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
