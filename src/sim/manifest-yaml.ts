/**
 * Reading a manifest's YAML the way kubectl does (sigs.k8s.io/yaml over go-yaml v2): YAML 1.1
 * (`yes` is a boolean, `0755` octal), `<<: *anchor` merges, duplicate keys refused — and
 * libyaml's escape table in double-quoted scalars, which has `\'` (an apostrophe) where YAML 1.2
 * and the `yaml` package do not (go-yaml's scannerc.go, yaml_parser_scan_flow_scalar). The one
 * place manifests are parsed: kubectl in the sandbox, the explainer and the lessons' checks.
 */
import { isScalar, LineCounter, parseAllDocuments, parseDocument, visit, type Document } from 'yaml';

export interface ManifestYamlOptions {
  /** Collects line starts, for positions (the explainer). */
  readonly lineCounter?: LineCounter;
  /** Errors with line and column (`linePos`) and the source excerpt in their message (default true). */
  readonly prettyErrors?: boolean;
}

/** Every `---` document of `text`, with go-yaml's `\'` escape accepted and decoded. */
export function parseManifestYaml(text: string, options: ManifestYamlOptions = {}): Document.Parsed[] {
  const parsed = parseAllDocuments(text, { ...(options.lineCounter ? { lineCounter: options.lineCounter } : {}), uniqueKeys: true, prettyErrors: options.prettyErrors ?? true, version: '1.1', merge: true });
  const docs = Array.isArray(parsed) ? parsed : [];
  for (const doc of docs) {
    // The `yaml` package keeps `\'` as written and reports BAD_DQ_ESCAPE at the backslash.
    const apostrophes = new Set<number>();
    doc.errors = doc.errors.filter((e) => {
      const at = e.pos[0];
      if (e.code === 'BAD_DQ_ESCAPE' && text[at] === '\\' && text[at + 1] === "'") { apostrophes.add(at); return false; }
      return true;
    });
    if (apostrophes.size === 0) continue;
    visit(doc, {
      Scalar(_key, node) {
        if (!isScalar(node) || node.type !== 'QUOTE_DOUBLE' || !node.range) return;
        const [start, end] = node.range;
        const here = [...apostrophes].filter((p) => p >= start && p < end).sort((a, b) => b - a);
        if (here.length === 0) return;
        // Decode the scalar again with each `\'` spelled `\x27`: same value, folding and all.
        let source = text.slice(start, end);
        for (const p of here) source = `${source.slice(0, p - start)}\\x27${source.slice(p - start + 2)}`;
        const value = parseDocument(source, { version: '1.1' }).contents;
        if (isScalar(value) && typeof value.value === 'string') node.value = value.value;
      },
    });
  }
  return docs;
}
