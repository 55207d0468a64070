/**
 * `kubetutor explain` on a terminal: the YAML with each field's explanation under it, then the
 * findings with their file:line:column and fix, then what the cluster would do — coloured on a
 * terminal, plain otherwise, wrapped to the width.
 */
import type { ExplainedDocument, Finding, Severity } from '../explain/analyze.ts';
import type { TimelineEntry } from '../explain/timeline.ts';
import { wrap } from './wrap.ts';
import type { Theme } from './theme.ts';

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const m = /^(.+?[.!?])(\s|$)/.exec(flat);
  const s = m ? (m[1] as string) : flat;
  return s.length > 220 ? `${s.slice(0, 217)}…` : s;
}

function severityText(s: Severity, t: Theme): string {
  return s === 'error' ? t.error('error') : s === 'warning' ? t.strong('warning') : t.hint('info');
}

/** A YAML syntax error's source line with a caret under its column (tabs kept, so the caret lines up). */
function sourceCaret(f: Finding, text: string, t: Theme): string {
  const line = text.split('\n')[f.line - 1];
  if (line === undefined) return '';
  const src = line.replace(/\r$/, '');
  const n = String(f.line);
  const pad = src.slice(0, Math.max(0, f.column - 1)).replace(/[^\t]/g, ' ');
  return `    ${t.dim(`${n} │`)} ${src}\n    ${t.dim(`${' '.repeat(n.length)} │`)} ${pad}${t.error('^')}\n`;
}

function renderFinding(f: Finding, file: string, t: Theme, width: number, text: string): string {
  const head = `${file}:${f.line}:${f.column}: ${severityText(f.severity, t)} [${f.code}] ${f.message}`;
  const [first = '', ...rest] = wrap(head, width, '');
  const body = [first, ...wrap(rest.join(' '), width - 4, '')].filter(Boolean).join('\n    ');
  const caret = f.code === 'yaml-syntax' ? sourceCaret(f, text, t) : '';
  return `${body}\n${caret}${wrap(`fix: ${f.suggestion}`, width - 4, '    ').map((l) => t.dim(l)).join('\n')}\n`;
}

/** One document: the header, its lines annotated, its findings. */
export function renderDocument(d: ExplainedDocument, text: string, t: Theme, width: number, annotate: boolean): string {
  const out: string[] = [];
  const what = d.kind ? `${d.kind}${d.name ? ` "${d.name}"` : ''}${d.apiVersion ? ` (${d.apiVersion})` : ''}` : 'not a Kubernetes object';
  out.push(t.strong(`${d.file} — document ${d.index + 1}: ${what}`));
  if (annotate && d.fields.length) {
    const lines = text.split('\n');
    const byLine = new Map<number, typeof d.fields[number][]>();
    for (const f of d.fields) {
      const list = byLine.get(f.line) ?? [];
      list.push(f);
      byLine.set(f.line, list);
    }
    const first = Math.min(...d.fields.map((f) => f.line), d.start.line);
    const last = Math.max(...d.fields.map((f) => f.line));
    const numWidth = String(last).length;
    for (let n = first; n <= last; n++) {
      const src = lines[n - 1] ?? '';
      out.push(`${t.dim(String(n).padStart(numWidth))} │ ${src}`);
      for (const f of byLine.get(n) ?? []) {
        const indent = ' '.repeat(numWidth + 3 + Math.max(0, f.column - 1) + 2);
        const note = `${firstSentence(f.description)}${f.component ? ` — ${f.component}` : ''}`;
        for (const l of wrap(note, Math.max(30, width - indent.length), '')) out.push(`${indent}${t.dim(l)}`);
      }
    }
  }
  for (const f of d.findings) out.push(renderFinding(f, d.file, t, width, text).replace(/\n$/, ''));
  return `${out.join('\n')}\n`;
}

export function renderTimeline(entries: readonly TimelineEntry[], t: Theme, width: number): string {
  if (!entries.length) return '';
  const out = [t.strong('What would happen if you applied it (in kubetutor\'s simulated cluster):')];
  for (const e of entries) {
    const head = `+${(e.atMs / 1000).toFixed(1).padStart(5)}s  ${e.component}: `;
    const lines = wrap(e.text, Math.max(30, width - head.length), '');
    out.push(`${t.dim(head)}${lines[0] ?? ''}`, ...lines.slice(1).map((l) => `${' '.repeat(head.length)}${l}`));
  }
  return `${out.join('\n')}\n`;
}

export function summary(counts: Record<Severity, number>, documents: number, t: Theme): string {
  const part = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  const text = `${part(counts.error, 'error')}, ${part(counts.warning, 'warning')}, ${part(counts.info, 'note')} in ${part(documents, 'document')}`;
  return `${counts.error ? t.error(text) : text}\n`;
}
