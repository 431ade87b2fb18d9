// The one error type of the format layer. Reader, verifier and writer throw it for anything wrong
// with a file or an IR: never a RangeError from a typed array, never a hang.
//
// `where` is a human path to the offending part, e.g. "subgraph 0 › tensor 17 'dense/kernel'" or
// "operator 4 (CONV_2D)"; `fileName` is set when the caller gave one. The message joins all three,
// so a one-line print is enough for the CLI and the UI.

export class TfliteFormatError extends Error {
  constructor(
    /** What is wrong, in one sentence. */
    readonly detail: string,
    /** Where it is wrong (empty for whole-file problems). */
    readonly where: string = '',
    /** The file being read, if known. */
    readonly fileName?: string,
  ) {
    super([fileName, where, detail].filter((s) => s !== undefined && s !== '').join(': '));
    this.name = 'TfliteFormatError';
  }
}

/** "tensor 17 'dense/kernel'": index plus name when it has one. */
export function describeTensor(index: number, name?: string | null): string {
  return name ? `tensor ${index} '${name}'` : `tensor ${index}`;
}

/** Joins path parts the way every message in this layer does. */
export function wherePath(...parts: string[]): string {
  return parts.filter((p) => p !== '').join(' › ');
}
