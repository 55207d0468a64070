/**
 * Errors the CLI turns into exit codes: usage (2); everything else unexpected is a bug (70).
 * `kubectl` style: the line starts `error: ` as kubectl's do (the explainer's input errors);
 * otherwise `kubetutor: `.
 */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(message: string, readonly style: 'kubetutor' | 'kubectl' = 'kubetutor') {
    super(message);
  }
}
