/**
 * Lines of a scripted lesson (`--answers FILE`, or a pipe): UTF-8 text, one typed line each.
 * A byte-order mark is dropped; binary or non-UTF-8 input and absurdly long lines are refused
 * with one line instead of being typed into the shell (or exhausting memory).
 */
import type { Readable } from 'node:stream';

/** The longest line a learner could plausibly type or paste. */
export const MAX_LINE_BYTES = 1 << 20;

export class AnswersError extends Error {
  override name = 'AnswersError';
}

export async function* answerLines(input: Readable, source: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending = '';
  let first = true;
  let lineNo = 0;
  const take = (text: string): string[] => {
    pending += text;
    if (first && pending.length) {
      first = false;
      if (pending.charCodeAt(0) === 0xfeff) pending = pending.slice(1);
    }
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    if (pending.length > MAX_LINE_BYTES) throw new AnswersError(`${source}: line ${lineNo + parts.length + 1} is longer than ${MAX_LINE_BYTES} characters`);
    return parts;
  };
  const check = (line: string): string => {
    lineNo++;
    if (line.includes('\u0000')) throw new AnswersError(`${source}: line ${lineNo} holds binary data (a NUL byte): answers are text, one typed line each`);
    if (line.length > MAX_LINE_BYTES) throw new AnswersError(`${source}: line ${lineNo} is longer than ${MAX_LINE_BYTES} characters`);
    return line.replace(/\r$/, '');
  };
  for await (const chunk of input) {
    let text: string;
    try {
      text = decoder.decode(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array), { stream: true });
    } catch {
      throw new AnswersError(`${source}: not UTF-8 text (line ${lineNo + 1}): answers are text, one typed line each`);
    }
    for (const line of take(text)) yield check(line);
  }
  let tail: string;
  try {
    tail = decoder.decode();
  } catch {
    throw new AnswersError(`${source}: not UTF-8 text (it ends inside a character)`);
  }
  for (const line of take(tail)) yield check(line);
  if (pending) yield check(pending);
}
