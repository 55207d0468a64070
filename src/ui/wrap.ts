/** Word wrapping for kubetutor's own text (never the real tools' lines, which the terminal wraps). */
import type { Theme } from './theme.ts';

/**
 * Prose with markup, wrapped: `**term**` bold, `` `code` `` highlighted on a colour terminal (plain
 * text keeps the backticks and drops the stars). The text is wrapped first, on what will be
 * visible — a code span never breaks (a non-space holds its words together), a bold term may, and stays bold on both lines.
 */
export function prose(text: string, width: number, t: Theme, indent = ''): string[] {
  const plain = t.strong('x') === 'x';
  const kept = text.replace(/`[^`\n]+`/g, (m) => m.replace(/ /g, '\u001f'));
  let bold = false;
  return wrap(kept, width, indent).map((line) => {
    let out = '';
    line.split('**').forEach((part, i) => {
      if (i > 0) bold = !bold;
      out += bold && part ? t.strong(part) : part;
    });
    return out.replace(/`([^`]+)`/g, (m, c: string) => (plain ? m : t.hint(c))).replace(/\u001f/g, ' ');
  });
}

/**
 * Wrap prose to `width`. Lines of one paragraph are joined and re-flowed; a blank line ends a
 * paragraph; lines that start with spaces, `-` or `*` (code, lists) keep their own line.
 */
export function wrap(text: string, width: number, indent = ''): string[] {
  const out: string[] = [];
  let para: string[] = [];
  const flush = (): void => {
    if (!para.length) return;
    const words = para.join(' ').split(/\s+/).filter(Boolean);
    let line = '';
    for (const w of words) {
      if (line && visible(line).length + 1 + visible(w).length > width - indent.length) { out.push(indent + line); line = w; } else line = line ? `${line} ${w}` : w;
    }
    if (line) out.push(indent + line);
    para = [];
  };
  for (const raw of text.replace(/\s+$/, '').split('\n')) {
    if (raw.trim() === '') { flush(); out.push(''); continue; }
    if (/^(\s+|[-*] )/.test(raw)) { flush(); out.push(indent + raw); continue; }
    para.push(raw.trim());
  }
  flush();
  return out;
}

export function visible(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '').replace(/\*\*/g, '');
}

