/**
 * Turns the lesson engine's blocks into terminal text: wrapped to the width, `**terms**` bold
 * and `code` highlighted on a colour terminal, plain (markers dropped) otherwise.
 */
import type { Block } from '../course/lesson-run.ts';
import { renderPlain } from './render.ts';
import type { Theme } from './theme.ts';
import { prose, wrap } from './wrap.ts';


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
  const para = (text: string, indent = ''): string => `${prose(text, w, t, indent).join('\n')}\n`;
  const after = (text: string, room: number): string => prose(text, room, t).join('\n  ');
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
      return `${head}\n${para(b.text)}${b.choices.map((c, i) => `  ${i + 1}) ${prose(c, w - 5, t).join('\n     ')}\n`).join('')}`;
    }
    case 'command': {
      const echo = o.echoed && !b.byTutor ? '' : `${t.prompt(b.prompt)}${b.line}\n`;
      return echo + renderPlain(b.result, t);
    }
    case 'success': return `${t.prompt('✓ Done.')}${b.text ? ` ${after(b.text, w - 8)}` : ''}\n`;
    case 'feedback': return `${t.error('✗')} ${after(b.text, w - 2)}\n`;
    case 'hint': return `${t.hint(`Hint ${b.number}/${b.of}:`)} ${after(b.text, w - 12)}\n`;
    // Verbatim, not indented: pasted back, every line (a heredoc's EOF too) is what was meant.
    case 'solution': return `${t.hint('Solution (type or paste these lines):')}\n${b.lines.map((l) => `${l}\n`).join('')}`;
    case 'waited': return `${t.dim(`(${b.seconds} s later)`)}\n`;
    case 'happened': {
      const lines = b.entries.flatMap((e) => wrap(`${e.component}: ${e.action} — ${e.why}`, w - 4).map((l, i) => `  ${i === 0 ? t.dim('•') : ' '} ${l}`));
      if (b.more) lines.push(t.dim(`  … and ${b.more} more step${b.more === 1 ? '' : 's'} (\`trace\` shows the last command's whole chain)`));
      return `${t.dim('What just happened:')}\n${lines.join('\n')}\n`;
    }
    case 'note': return `${t.dim(prose(b.text, w, t).join('\n'))}\n`;
    case 'complete': return `\n${t.prompt(`Lesson complete: ${b.title}`)}\n`;
  }
}
