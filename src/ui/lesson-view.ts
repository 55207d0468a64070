/**
 * Turns the lesson engine's blocks into terminal text: wrapped to the width, `**terms**` bold
 * and `code` highlighted on a colour terminal, plain (markers dropped) otherwise.
 */
import type { Block } from '../course/lesson-run.ts';
import { renderPlain } from './render.ts';
import type { Theme } from './theme.ts';

/** `**term**` → bold, `` `code` `` → highlighted; plain text keeps the backticks and drops the stars. */
export function inline(text: string, t: Theme): string {
  return text.replace(/\*\*([^*]+)\*\*/g, (_, s: string) => t.strong(s)).replace(/`([^`]+)`/g, (m, s: string) => (t.strong('x') === 'x' ? m : t.hint(s)));
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

function visible(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '').replace(/\*\*/g, '');
}

export interface ViewOptions {
  readonly width: number;
  /** The typed line was already on screen (a terminal echoes it; scripted mode echoes it first). */
  readonly echoed: boolean;
  /** Show the list of lesson commands under the first task. */
  readonly firstTask?: boolean;
}

const COMMANDS_LINE = 'In a lesson: hint · check · solution · skip · restart · quit';

/** One block as text (ending with a newline), except `command` blocks rendered live by the caller on a terminal. */
export function renderBlock(b: Block, t: Theme, o: ViewOptions): string {
  const w = Math.max(40, Math.min(o.width, 100));
  const para = (text: string, indent = ''): string => `${wrap(text, w, indent).map((l) => inline(l, t)).join('\n')}\n`;
  switch (b.kind) {
    case 'title': return `\n${t.strong(b.title)}\n${para(b.summary)}`;
    case 'explain': return `\n${para(b.text)}`;
    case 'recap': return `\n${t.strong('Recap')}\n${para(b.text)}`;
    case 'task': {
      const head = `\n${t.strong(`Step ${b.number}/${b.of}`)}`;
      return `${head}\n${para(b.text)}${o.firstTask ? `${t.dim(COMMANDS_LINE)}\n` : ''}`;
    }
    case 'question': {
      const head = `\n${t.strong(`Question · step ${b.number}/${b.of}`)}`;
      return `${head}\n${para(b.text)}${b.choices.map((c, i) => `  ${i + 1}) ${inline(c, t)}\n`).join('')}`;
    }
    case 'command': {
      const echo = o.echoed && !b.byTutor ? '' : `${t.prompt(b.prompt)}${b.line}\n`;
      return echo + renderPlain(b.result, t);
    }
    case 'success': return `${t.prompt('✓ Done.')}${b.text ? ` ${wrap(b.text, w - 8).map((l) => inline(l, t)).join('\n  ')}` : ''}\n`;
    case 'feedback': return `${t.error('✗')} ${wrap(b.text, w - 2).map((l) => inline(l, t)).join('\n  ')}\n`;
    case 'hint': return `${t.hint(`Hint ${b.number}/${b.of}:`)} ${wrap(b.text, w - 12).map((l) => inline(l, t)).join('\n  ')}\n`;
    case 'solution': return `${t.hint('Solution (type these lines):')}\n${b.lines.map((l) => `  ${l}\n`).join('')}`;
    case 'waited': return `${t.dim(`(${b.seconds} s later)`)}\n`;
    case 'happened': {
      const lines = b.entries.flatMap((e) => wrap(`${e.component}: ${e.action} — ${e.why}`, w - 4).map((l, i) => `  ${i === 0 ? t.dim('•') : ' '} ${l}`));
      if (b.more) lines.push(t.dim(`  … and ${b.more} more step${b.more === 1 ? '' : 's'} (\`trace\` shows the last command's whole chain)`));
      return `${t.dim('What just happened:')}\n${lines.join('\n')}\n`;
    }
    case 'note': return `${t.dim(wrap(b.text, w).join('\n'))}\n`;
    case 'complete': return `\n${t.prompt(`Lesson complete: ${b.title}`)}\n`;
  }
}
