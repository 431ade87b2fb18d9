// Nodes the official runtime runs on TFLite's builtin kernels (a RESHAPE fed by a run-time shape
// makes every later tensor dynamic, and XNNPACK takes only static shapes): our CONV_2D and
// FULLY_CONNECTED then sum in that kernel's order (Eigen's product, util/eigen_order.ts) and give
// the official runtime's numbers bit for bit. Each case is RESHAPE(x, shape input) → op, run live
// through the official runtime one batch item per invoke (as the app and the goldens use it) and
// through our interpreter in one batched invoke, SIMD and JavaScript paths.

import { afterAll, describe, expect, it } from 'vitest';
import { Interpreter } from '../../src/core/interpreter/interpreter';
import { setSimdEnabled } from '../../src/core/interpreter/simd/kernels';
import { buildModel, options as o } from '../../src/core/testing/model_builder';
import { writeModel } from '../../src/core/tflite/writer';
import { makeRng } from '../../src/core/util/rng';
import type { BuiltinOptions } from '../../src/core/tflite/options';
import { executionPlan, loadOfficial } from './official_runtime';

interface Case { name: string; x: number[]; w: number[]; y: number[]; op: 'CONV_2D' | 'FULLY_CONNECTED'; options: BuiltinOptions }

const conv = (name: string, x: number[], w: number[], y: number[], opts: Parameters<typeof o<'Conv2DOptions'>>[1] = {}): Case =>
  ({ name, x, w, y, op: 'CONV_2D', options: o('Conv2DOptions', opts) });
const fc = (name: string, x: number[], w: number[], opts: Parameters<typeof o<'FullyConnectedOptions'>>[1] = {}): Case =>
  ({ name, x, w, y: x.length === 2 ? [x[0], w[0]] : [x[0] * x[1], w[0]], op: 'FULLY_CONNECTED', options: o('FullyConnectedOptions', opts) });

const CASES: Case[] = [
  conv('mnist 3×3, 12 channels (K 9)', [1, 28, 28, 1], [12, 3, 3, 1], [1, 26, 26, 12], { fusedActivation: 'RELU' }),
  conv('25 pixels: the last one summed one by one', [1, 7, 7, 3], [6, 3, 3, 3], [1, 5, 5, 6]),
  conv('batch 3, SAME, stride 2, 20 pixels per image', [3, 9, 7, 5], [7, 3, 3, 5], [3, 5, 4, 7], { padding: 'SAME', strideH: 2, strideW: 2 }),
  conv('batch 2, 15 pixels per image: each image\'s last 3 one by one', [2, 7, 11, 2], [4, 3, 3, 2], [2, 3, 5, 4], { strideH: 2, strideW: 2 }),
  conv('dilation 2, RELU6', [1, 10, 9, 4], [5, 3, 3, 4], [1, 6, 5, 5], { dilationH: 2, dilationW: 2, fusedActivation: 'RELU6' }),
  conv('1×1 over 16 channels', [1, 5, 5, 16], [10, 1, 1, 16], [1, 5, 5, 10]),
  conv('K 1152 > 816: depth blocks', [1, 5, 5, 128], [4, 3, 3, 128], [1, 3, 3, 4]),
  conv('one output pixel: matrix-vector', [1, 3, 3, 8], [6, 3, 3, 8], [1, 1, 1, 6]),
  fc('batch 5 of single rows: matrix-vector each', [5, 100], [7, 100], { fusedActivation: 'RELU' }),
  fc('batch 1 of 6 rows: 4 grouped and 2 one by one', [1, 6, 100], [7, 100]),
  fc('batch 2 of 8 rows, K 2028: depth blocks of 680, 680, 668', [2, 8, 2028], [10, 2028]),
  fc('batch 1 of 13 rows, K 37', [1, 13, 37], [5, 37]),
  fc('tiny product (2 + 3 + 5 < 20): coefficient-wise', [1, 2, 5], [3, 5]),
];

/** The case's model, or its batch-1 twin (same weights) when `one`. */
function model(c: Case, one = false): { bytes: Uint8Array; shape: Int32Array } {
  if (one) c = { ...c, x: [1, ...c.x.slice(1)], y: [c.y[0] / c.x[0], ...c.y.slice(1)] };
  const rng = makeRng(c.w.reduce((a, b) => a * 31 + b, 7));
  const count = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const m = buildModel({
    tensors: {
      flat: { dtype: 'float32', shape: [count(c.x)] }, shape: { dtype: 'int32', shape: [c.x.length] }, x: { dtype: 'float32', shape: c.x },
      w: { dtype: 'float32', shape: c.w, data: rng.floats(count(c.w), -0.5, 0.5) },
      b: { dtype: 'float32', shape: [c.w[0]], data: rng.floats(c.w[0], -0.2, 0.2) }, y: { dtype: 'float32', shape: c.y },
    },
    ops: [{ op: 'RESHAPE', inputs: ['flat', 'shape'], outputs: ['x'] }, { op: c.op, options: c.options, inputs: ['x', 'w', 'b'], outputs: ['y'] }],
    inputs: ['flat', 'shape'], outputs: ['y'],
  });
  return { bytes: writeModel(m).slice(), shape: Int32Array.from(c.x) };
}

describe('CONV_2D and FULLY_CONNECTED on the official runtime\'s builtin kernels: bit for bit', () => {
  afterAll(() => setSimdEnabled(true));
  for (const c of CASES) {
    it(`${c.op} ${c.name}`, async () => {
      const { bytes, shape } = model(c);
      const x = makeRng(99).floats(shape.reduce((a, b) => a * b, 1), -1, 1);
      // the official runtime, one batch item per invoke
      const single = model(c, true);
      const items = c.x[0];
      const perItem = x.length / items;
      const itemShape = single.shape;
      const plan = await executionPlan(single.bytes, [x.subarray(0, perItem), itemShape]);
      expect(plan.map((p) => p.nodeType)).toEqual(['RESHAPE', c.op]); // no XNNPACK partition
      const official = await loadOfficial(single.bytes, { name: c.name });
      const want = new Float32Array(c.y.reduce((a, b) => a * b, 1));
      for (let b = 0; b < items; b++) {
        const [o1] = official.run([x.subarray(b * perItem, (b + 1) * perItem), itemShape]);
        want.set(o1.data as Float32Array, b * o1.data.length);
      }
      official.delete();
      for (const simd of [true, false]) {
        setSimdEnabled(simd);
        const [got] = Interpreter.create(bytes).invoke([x, shape]);
        expect(got.shape).toEqual(c.y);
        const differ = Array.from(want).filter((v, i) => v !== got.data[i]).length;
        expect(differ, `${simd ? 'SIMD' : 'JS'} path: values that differ`).toBe(0);
      }
    });
  }
});
