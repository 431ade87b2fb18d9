// Graphs the official runtime runs on TFLite's builtin kernels (a RESHAPE to a run-time shape makes
// a tensor dynamic, and then the XNNPACK delegate is not applied): our kernels then follow the
// builtin ones (CONV_2D and FULLY_CONNECTED in Eigen's product order, util/eigen_order.ts; the
// depthwise, pooling, mean and softmax kernels' own orders) and give the official runtime's numbers
// bit for bit. Each case is RESHAPE(x, shape input) → op, run live
// through the official runtime one batch item per invoke (as the app and the goldens use it) and
// through our interpreter in one batched invoke, SIMD and JavaScript paths.

import { afterAll, describe, expect, it } from 'vitest';
import { Interpreter } from '../../src/core/interpreter/interpreter';
import { setSimdEnabled } from '../../src/core/interpreter/simd/kernels';
import { buildModel, options as o } from '../../src/core/testing/model_builder';
import { writeModel } from '../../src/core/tflite/writer';
import { makeRng } from '../../src/core/util/rng';
import type { BuiltinOptions } from '../../src/core/tflite/options';
import type { TensorSpec } from '../../src/core/testing/model_builder';
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

/** Other builtin ops: RESHAPE(x, shape input) → op(x, ...constants). */
interface OpCase { name: string; op: 'DEPTHWISE_CONV_2D' | 'AVERAGE_POOL_2D' | 'MEAN' | 'SOFTMAX'; x: number[]; y: number[]; options: BuiltinOptions; consts: TensorSpec[] }
const weights = (shape: number[], seed: number): TensorSpec => ({ dtype: 'float32', shape, data: makeRng(seed).floats(shape.reduce((a, b) => a * b, 1), -0.5, 0.5) });
const OP_CASES: OpCase[] = [
  { name: '3×3 SAME, 8 channels', op: 'DEPTHWISE_CONV_2D', x: [2, 6, 7, 8], y: [2, 6, 7, 8],
    options: o('DepthwiseConv2DOptions', { padding: 'SAME', fusedActivation: 'RELU6' }), consts: [weights([1, 3, 3, 8], 1), weights([8], 2)] },
  { name: 'multiplier 2, stride 2, 3 channels', op: 'DEPTHWISE_CONV_2D', x: [1, 7, 7, 3], y: [1, 3, 3, 6],
    options: o('DepthwiseConv2DOptions', { strideH: 2, strideW: 2, depthMultiplier: 2 }), consts: [weights([1, 3, 3, 6], 3), weights([6], 4)] },
  { name: '3×3 SAME stride 2', op: 'AVERAGE_POOL_2D', x: [2, 7, 6, 4], y: [2, 4, 3, 4],
    options: o('Pool2DOptions', { padding: 'SAME', filterHeight: 3, filterWidth: 3, strideH: 2, strideW: 2 }), consts: [] },
  { name: 'a 5×5 window over the whole input', op: 'AVERAGE_POOL_2D', x: [1, 5, 5, 6], y: [1, 1, 1, 6],
    options: o('Pool2DOptions', { filterHeight: 5, filterWidth: 5, strideH: 1, strideW: 1 }), consts: [] },
  { name: 'over H and W, keep dims', op: 'MEAN', x: [2, 9, 11, 5], y: [2, 1, 1, 5],
    options: o('ReducerOptions', { keepDims: true }), consts: [{ dtype: 'int32', shape: [2], data: [1, 2] }] },
  { name: 'beta 1, rows of 10 and 37', op: 'SOFTMAX', x: [3, 37], y: [3, 37], options: o('SoftmaxOptions'), consts: [] },
];

function opModel(c: OpCase, one = false): { bytes: Uint8Array; shape: Int32Array } {
  if (one) c = { ...c, x: [1, ...c.x.slice(1)], y: [1, ...c.y.slice(1)] };
  const count = (sh: number[]) => sh.reduce((a, b) => a * b, 1);
  const tensors: Record<string, TensorSpec> = {
    flat: { dtype: 'float32', shape: [count(c.x)] }, shape: { dtype: 'int32', shape: [c.x.length] }, x: { dtype: 'float32', shape: c.x },
  };
  c.consts.forEach((t, i) => { tensors[`c${i}`] = t; });
  tensors.y = { dtype: 'float32', shape: c.y };
  const m = buildModel({
    tensors,
    ops: [{ op: 'RESHAPE', inputs: ['flat', 'shape'], outputs: ['x'] }, { op: c.op, options: c.options, inputs: ['x', ...c.consts.map((_, i) => `c${i}`)], outputs: ['y'] }],
    inputs: ['flat', 'shape'], outputs: ['y'],
  });
  return { bytes: writeModel(m).slice(), shape: Int32Array.from(c.x) };
}

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

/** Runs `full` in one invoke through our interpreter (SIMD and JS paths) and `single` through the
 *  official runtime once per batch item; expects every value equal. */
async function expectBuiltinMatch(
  name: string, op: string, full: { bytes: Uint8Array; shape: Int32Array }, single: { bytes: Uint8Array; shape: Int32Array }, y: number[],
): Promise<void> {
  const x = makeRng(99).floats(full.shape.reduce((a, b) => a * b, 1), -1, 1);
  const items = full.shape[0];
  const perItem = x.length / items;
  const plan = await executionPlan(single.bytes, [x.subarray(0, perItem), single.shape]);
  expect(plan.map((p) => p.nodeType)).toEqual(['RESHAPE', op]); // no XNNPACK partition
  const official = await loadOfficial(single.bytes, { name });
  const want = new Float32Array(y.reduce((a, b) => a * b, 1));
  try {
    for (let b = 0; b < items; b++) {
      const [o1] = official.run([x.subarray(b * perItem, (b + 1) * perItem), single.shape]);
      want.set(o1.data as Float32Array, b * o1.data.length);
    }
  } finally {
    official.delete();
  }
  for (const simd of [true, false]) {
    setSimdEnabled(simd);
    const [got] = Interpreter.create(full.bytes).invoke([x, full.shape]);
    expect(got.shape).toEqual(y);
    const differ = Array.from(want).filter((v, i) => v !== got.data[i]).length;
    expect(differ, `${simd ? 'SIMD' : 'JS'} path: values that differ`).toBe(0);
  }
}

describe('ops on the official runtime\'s builtin kernels: bit for bit', () => {
  afterAll(() => setSimdEnabled(true));
  for (const c of CASES) it(`${c.op} ${c.name}`, () => expectBuiltinMatch(c.name, c.op, model(c), model(c, true), c.y));
  for (const c of OP_CASES) it(`${c.op} ${c.name}`, () => expectBuiltinMatch(c.name, c.op, opModel(c), opModel(c, true), c.y));
});
