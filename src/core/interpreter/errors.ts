// Typed errors of the interpreter (kernels throw KernelError, see kernel.ts). Each names what the
// UI needs to show: the op, its version and node, the tensor, or the input.

/** One operator the interpreter cannot run. */
export interface UnsupportedOp {
  nodeIndex: number;
  opName: string;
  version: number;
  reason: string;
}

/** The model uses ops (or op versions, or custom ops) we have no kernel for. Thrown by
 *  Interpreter.create before anything runs; lists every such operator, first one in the message. */
export class UnsupportedOpError extends Error {
  readonly opName: string;
  readonly version: number;
  readonly nodeIndex: number;
  constructor(readonly ops: UnsupportedOp[]) {
    const first = ops[0];
    const byOp = new Map<string, number[]>();
    for (const o of ops) {
      const key = `${o.opName} v${o.version}`;
      byOp.set(key, [...(byOp.get(key) ?? []), o.nodeIndex]);
    }
    const list = [...byOp].map(([k, nodes]) => `${k} (node${nodes.length > 1 ? 's' : ''} ${nodes.join(', ')})`).join('; ');
    super(`${first.opName} v${first.version} (node ${first.nodeIndex}): ${first.reason}. Unsupported: ${list}`);
    this.name = 'UnsupportedOpError';
    this.opName = first.opName;
    this.version = first.version;
    this.nodeIndex = first.nodeIndex;
  }
}

/** The model computes on integer activations (int8/uint8/int16 with quantization parameters). */
export class FullIntegerModelError extends Error {
  constructor(readonly tensorIndex: number, readonly tensorName: string, detail: string) {
    super(`this app runs float and dynamic-range models; this is a full-integer model (${detail})`);
    this.name = 'FullIntegerModelError';
  }
}

/** invoke() was given inputs that do not fit the model: wrong count, dtype, shape or size. */
export class InterpreterInputError extends Error {
  constructor(readonly inputIndex: number, detail: string) {
    super(inputIndex >= 0 ? `input ${inputIndex}: ${detail}` : detail);
    this.name = 'InterpreterInputError';
  }
}
