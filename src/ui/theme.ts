/** kubetutor's colours. Plain text when colour is off, so transcripts stay byte-exact. */
import { Chalk } from 'chalk';

export interface Theme {
  prompt(text: string): string;
  hint(text: string): string;
  error(text: string): string;
  dim(text: string): string;
  strong(text: string): string;
}

export function theme(color: boolean): Theme {
  const c = new Chalk({ level: color ? 2 : 0 });
  return {
    prompt: (t) => c.bold.green(t),
    hint: (t) => c.cyan(t),
    error: (t) => c.red(t),
    dim: (t) => c.dim(t),
    strong: (t) => c.bold(t),
  };
}
