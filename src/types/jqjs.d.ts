/** @michaelhomer/jqjs (pure-JavaScript jq) ships no types: the one function kubetutor calls. */
declare module '@michaelhomer/jqjs' {
  /** Compile a jq program; the result runs it on one input and yields its outputs. Errors are thrown as strings. */
  const jq: { compile(program: string): (input: unknown) => Iterable<unknown> };
  export default jq;
}
