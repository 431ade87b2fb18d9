// Corrupted model files all the way through: bytes → reader → Interpreter.create → invoke.
// Whatever a flipped byte does (a bad index, an absurd shape, a wrong type or option, an op or
// version we lack), the outcome is either a correct run or one of our typed errors naming the
// file, tensor or op: never a RangeError, a TypeError or a hang.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { elementCount } from '../tflite/ir';
import { readModel } from '../tflite/reader';
import { makeRng } from '../util/rng';
import { Interpreter } from './interpreter';
import type { TensorValue } from './kernel';

const FIXTURE = fileURLToPath(new URL('../../../e2e/fixtures/mnist_trained_float.tflite', import.meta.url));
const TYPED = new Set(['TfliteFormatError', 'KernelError', 'UnsupportedOpError', 'FullIntegerModelError', 'InterpreterInputError']);
/** Inputs larger than this are not fed (a flipped shape byte can ask for gigabytes). */
const MAX_INPUT_ELEMENTS = 1 << 22;

function feed(interp: Interpreter, seed: number): TensorValue[] | null {
  const inputs: TensorValue[] = [];
  for (const t of interp.inputs) {
    const shape = t.shape.map((d) => Math.max(d, 1));
    const n = elementCount(shape);
    if (n > MAX_INPUT_ELEMENTS) return null;
    const data = t.dtype === 'float32' ? makeRng(seed).floats(n, 0, 1) : t.dtype === 'int32' ? new Int32Array(n) : new Uint8Array(n);
    inputs.push({ dtype: t.dtype, shape, data, quantization: null });
  }
  return inputs;
}

describe('corrupted models, read and run', () => {
  it('600 seeded mutants of the trained fixture end in a run or a typed error', () => {
    const original = new Uint8Array(readFileSync(FIXTURE));
    const rng = makeRng(20261129);
    const outcomes: Record<string, number> = {};
    for (let m = 0; m < 600; m++) {
      const bytes = original.slice();
      for (let k = rng.int(1, 4); k > 0; k--) {
        // Mostly in the first or last 4 KB: flatbuffers are built back to front, so the tables
        // (shapes, indices, options) sit at one end and the weight buffers fill the middle.
        const r = rng.next();
        const head = Math.min(4095, bytes.length - 1);
        const tail = Math.max(0, bytes.length - 4096);
        const at = r < 0.4 ? rng.int(0, head) : r < 0.8 ? rng.int(tail, bytes.length - 1) : rng.int(0, bytes.length - 1);
        bytes[at] = rng.int(0, 255);
      }
      let outcome = 'ran';
      try {
        const interp = Interpreter.create(readModel(bytes, `mutant ${m}`));
        const inputs = feed(interp, m);
        if (inputs) interp.invoke(inputs);
        else outcome = 'input too large to feed';
      } catch (e) {
        const name = e instanceof Error ? e.name : typeof e;
        expect(TYPED.has(name), `mutant ${m}: ${name}: ${e instanceof Error ? e.message : String(e)}`).toBe(true);
        outcome = name;
      }
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    // Runs, reader refusals and kernel refusals must all occur, or the mutants do not reach every stage.
    expect(outcomes.ran).toBeGreaterThan(0);
    expect(outcomes.TfliteFormatError).toBeGreaterThan(0);
    expect(outcomes.KernelError).toBeGreaterThan(0);
  });
});
