/**
 * Lines of a scripted lesson (`--answers FILE`, or a pipe): UTF-8 text, one typed line each.
 * A byte-order mark is dropped; binary or non-UTF-8 input and absurdly long lines are refused
 * with one line instead of being typed into the shell (or exhausting memory). Each line is
 * checked on its own, so the lines before a bad one are typed (and saved) and the error names
 * the right line.
 */
import type { Readable } from 'node:stream';

/** The longest line a learner could plausibly type or paste. */
export const MAX_LINE_BYTES = 1 << 20;

export class AnswersError extends Error {
  override name = 'AnswersError';
}

export async function* answerLines(input: Readable, source: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineNo = 0;
  const line = (bytes: Buffer): string => {
    lineNo++;
    if (bytes.includes(0)) throw new AnswersError(`${source}: line ${lineNo} holds binary data (a NUL byte): answers are text, one typed line each`);
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      throw new AnswersError(`${source}: line ${lineNo} is not UTF-8 text: answers are text, one typed line each`);
    }
    if (lineNo === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return text.replace(/\r$/, '');
  };
  for await (const chunk of input) {
    let buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    for (let nl = buf.indexOf(0x0a); nl !== -1; nl = buf.indexOf(0x0a)) {
      const whole = Buffer.concat([...pending, buf.subarray(0, nl)]);
      pending = [];
      pendingBytes = 0;
      buf = buf.subarray(nl + 1);
      yield line(whole);
    }
    pending.push(buf);
    pendingBytes += buf.length;
    if (pendingBytes > MAX_LINE_BYTES) throw new AnswersError(`${source}: line ${lineNo + 1} is longer than ${MAX_LINE_BYTES} bytes`);
  }
  if (pendingBytes > 0) yield line(Buffer.concat(pending));
}
