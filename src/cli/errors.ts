/** Errors the CLI turns into exit codes: usage (2); everything else unexpected is a bug (70). */
export class UsageError extends Error {
  override name = 'UsageError';
}
