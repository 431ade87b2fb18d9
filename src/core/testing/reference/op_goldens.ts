// Runs an official-runtime op golden (src/core/testing/goldens) through our code, for the kernel
// tests: the single-op model goes through the Interpreter, exactly as a user's model would. A
// graph the Interpreter refuses as full-integer (e.g. DEQUANTIZE of a runtime int8 input, which
// only occurs inside such models) is run through the kernel alone with the same tensors instead.

import { describe, expect, it } from 'vitest';
import { Interpreter } from '../../interpreter/interpreter';
import { FullIntegerModelError } from '../../interpreter/errors';
import { KernelError, type Kernel, type TensorValue } from '../../interpreter/kernel';
import { allocTyped } from '../../interpreter/util/typed';
import { constantData } from '../../tflite/tensor_data';
import { elementCount } from '../../tflite/ir';
import { opGoldens, type OpGolden } from '../goldens/index';
import { constant, prepareKernel, runtime, type KernelInputSpec } from '../run_kernel';
import { maxRelDiff } from '../tolerance';

export function runOpGolden(g: OpGolden, kernel: Kernel<unknown>): { outputs: TensorValue[]; via: 'interpreter' | 'kernel' } {
  try {
    return { outputs: Interpreter.create(g.model).invoke(g.inputs), via: 'interpreter' };
  } catch (e) {
    if (!(e instanceof FullIntegerModelError)) throw e;
  }
  const sg = g.model.subgraphs[0];
  const op = sg.operators[0];
  const inputs: (KernelInputSpec | null)[] = op.inputs.map((t) => {
    if (t < 0) return null;
    const tensor = sg.tensors[t];
    const k = sg.inputs.indexOf(t);
    if (k >= 0) return runtime(g.inputs[k], tensor.name);
    if (tensor.isVariable) {
      const value = { dtype: tensor.dtype, shape: tensor.shape, data: allocTyped(tensor.dtype, elementCount(tensor.shape)), quantization: null };
      return { value, isVariable: true, name: tensor.name };
    }
    const data = constantData(g.model, tensor);
    if (data === null) throw new Error(`${g.title}: op input tensor ${t} is neither a graph input, a variable nor a constant`);
    return constant({ dtype: tensor.dtype, shape: tensor.shape, data, quantization: tensor.quantization }, tensor.name);
  });
  const outputs = op.outputs.map((t) => ({ dtype: sg.tensors[t].dtype, shape: sg.tensors[t].shape, quantization: sg.tensors[t].quantization }));
  const code = g.model.operatorCodes[op.opcodeIndex];
  const run = prepareKernel(kernel, { opName: g.case.op, version: code.version, options: op.options, inputs, outputs });
  return { outputs: run.run(), via: 'kernel' };
}

export interface GoldenTolerance {
  /** Bit-exact equality (NaN matches NaN). */
  exact?: boolean;
  /** Otherwise: the largest allowed maxRelDiff (max |ours − official| / max |official|). */
  maxRel?: number;
}

/**
 * Registers one test per golden case of `op`: same dtype and shape as the official runtime and
 * values within the tolerance; a case the official runtime refused must be refused by us too.
 */
export function describeOpGoldens(op: string, kernel: Kernel<unknown>, tol: GoldenTolerance): void {
  describe(`${op}: official runtime goldens`, () => {
    for (const g of opGoldens(op)) {
      it(`${g.title}${g.xnnpack ? ' (XNNPACK)' : ''}`, () => {
        if (g.error !== null) {
          expect(() => runOpGolden(g, kernel), `official runtime refused: ${g.error}`).toThrow(KernelError);
          return;
        }
        const { outputs } = runOpGolden(g, kernel);
        expect(outputs.length).toBe(g.expected.length);
        outputs.forEach((o, i) => {
          const e = g.expected[i];
          expect({ dtype: o.dtype, shape: o.shape }).toEqual({ dtype: e.dtype, shape: e.shape });
          if (tol.exact) {
            expect(Array.from(o.data as ArrayLike<number>)).toEqual(Array.from(e.data as ArrayLike<number>));
          } else {
            const d = maxRelDiff(o.data, e.data);
            expect(d, `maxRelDiff ${d}`).toBeLessThanOrEqual(tol.maxRel ?? 0);
          }
        });
      });
    }
  });
}
