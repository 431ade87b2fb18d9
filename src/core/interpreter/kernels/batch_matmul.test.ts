// BATCH_MATMUL: float32 (TFLite batch_matmul_test.cc values, broadcasting, adjoints) and hybrid
// (float LHS × constant int8 RHS: hand case, seeded sweep vs the naive reference, official goldens
// bit for bit, including TFLite's row-scale indexing with two LHS batch dimensions), refusals.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BatchMatMulOptions } from '../../tflite/options';
import { opGoldens } from '../../testing/goldens/index';
import { makeRng } from '../../util/rng';
import { constant, f32, runKernel, runtime, type KernelInputSpec, type KernelRunSpec } from '../../testing/run_kernel';
import { quantizeWeights, refHybridBatchMatMul } from '../../testing/reference/hybrid';
import { setHybridSimdEnabled } from '../hybrid/simd';
import { Interpreter } from '../interpreter';
import type { TensorValue } from '../kernel';
import { batchMatMul } from './batch_matmul';

const opts = (o: Partial<BatchMatMulOptions> = {}): BatchMatMulOptions => ({ type: 'BatchMatMulOptions', adjX: false, adjY: false, asymmetricQuantizeInputs: false, ...o });

function int8(shape: number[], q: ArrayLike<number>, scale: number[], axis = shape.length - 1): TensorValue {
  return {
    dtype: 'int8', shape, data: Int8Array.from(q),
    quantization: { scale, zeroPoint: scale.map(() => 0), quantizedDimension: axis, min: null, max: null, custom: null },
  };
}

function spec(lhs: KernelInputSpec, rhs: KernelInputSpec, o: BatchMatMulOptions): KernelRunSpec {
  return { opName: 'BATCH_MATMUL', version: o.asymmetricQuantizeInputs ? 4 : 1, options: o, nodeIndex: 1, inputs: [lhs, rhs], outputs: [{ dtype: 'float32' }] };
}

const run = (s: KernelRunSpec): TensorValue => runKernel(batchMatMul, s)[0];
const iota = (n: number, from: number) => Array.from({ length: n }, (_, i) => from + i);

describe('BATCH_MATMUL float32 (TFLite batch_matmul_test.cc)', () => {
  const simple = [74, 80, 86, 92, 173, 188, 203, 218];
  it('Simple: [1,2,3] × [1,3,4]', () => {
    const y = run(spec(runtime(f32([1, 2, 3], iota(6, 1))), runtime(f32([1, 3, 4], iota(12, 7))), opts()));
    expect(y.shape).toEqual([1, 2, 4]);
    expect(Array.from(y.data as Float32Array)).toEqual(simple);
  });
  it('SimpleRHSAdjoint and SimpleLHSAdjoint give the same product', () => {
    const rhsT = [7, 11, 15, 8, 12, 16, 9, 13, 17, 10, 14, 18];
    expect(Array.from(run(spec(runtime(f32([1, 2, 3], iota(6, 1))), runtime(f32([1, 4, 3], rhsT)), opts({ adjY: true }))).data as Float32Array)).toEqual(simple);
    expect(Array.from(run(spec(runtime(f32([1, 3, 2], [1, 4, 2, 5, 3, 6])), runtime(f32([1, 3, 4], iota(12, 7))), opts({ adjX: true }))).data as Float32Array)).toEqual(simple);
  });
  it('BatchSizeTwo, and a rank-2 constant RHS broadcast over the LHS batch', () => {
    expect(Array.from(run(spec(runtime(f32([2, 2, 3], iota(12, 1))), runtime(f32([2, 3, 4], iota(24, 7))), opts())).data as Float32Array))
      .toEqual([...simple, 560, 584, 608, 632, 767, 800, 833, 866]);
    const y = run(spec(runtime(f32([2, 2, 3], iota(12, 1))), constant(f32([3, 4], iota(12, 7))), opts()));
    expect(y.shape).toEqual([2, 2, 4]);
    expect(Array.from(y.data as Float32Array)).toEqual([...simple, 272, 296, 320, 344, 371, 404, 437, 470]);
  });
  it('batch dims broadcast both ways: [2,1,r,d] × [3,d,c] → [2,3,r,c]', () => {
    const rng = makeRng(5);
    const a = rng.floats(2 * 2 * 3, -1, 1);
    const b = rng.floats(3 * 3 * 4, -1, 1);
    const y = run(spec(runtime(f32([2, 1, 2, 3], a)), runtime(f32([3, 3, 4], b)), opts()));
    expect(y.shape).toEqual([2, 3, 2, 4]);
    const fr = Math.fround;
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let r = 0; r < 2; r++) for (let c = 0; c < 4; c++) {
      let t = 0;
      for (let k = 0; k < 3; k++) t = fr(t + fr(a[(i * 2 + r) * 3 + k] * b[(j * 3 + k) * 4 + c]));
      expect((y.data as Float32Array)[((i * 3 + j) * 2 + r) * 4 + c]).toBe(t);
    }
  });
  it('official runtime goldens (float cases) bit for bit: float32 sums in depth order', () => {
    const cases = opGoldens('BATCH_MATMUL').filter((g) => g.case.inputs[1]?.dtype === 'float32');
    expect(cases.length).toBe(3);
    for (const g of cases) {
      const [y] = Interpreter.create(g.model).invoke(g.inputs);
      expect(y.shape, g.title).toEqual(g.expected[0].shape);
      expect(Array.from(y.data as Float32Array), g.title).toEqual(Array.from(g.expected[0].data as Float32Array));
    }
  });
});

// The FULLY_CONNECTED hybrid test's numbers as a matmul: [2, 10] × [10, 3] (each column 1..10).
const X = [1, 2, 3, 4, 5, 6, 7, 8, -9, -10, 1, 2, 3, 4, 5, 6, 7, -8, 9, -10];
const W_COLUMNS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].flatMap((v) => [v, v, v]);

for (const simd of [true, false]) {
  describe(`BATCH_MATMUL hybrid (${simd ? 'WebAssembly SIMD' : 'JavaScript'})`, () => {
    beforeAll(() => setHybridSimdEnabled(simd));
    afterAll(() => setHybridSimdEnabled(true));

    it('[2,10] × int8 [10,3]: the float products 23 and 57 within 1.3, symmetric and asymmetric; = the naive reference', () => {
      const w = quantizeWeights(W_COLUMNS, [10, 3]);
      for (const asym of [false, true]) {
        const y = run(spec(runtime(f32([2, 10], X)), constant(int8([10, 3], w.q, w.scales)), opts({ asymmetricQuantizeInputs: asym })));
        expect(y.shape).toEqual([2, 3]);
        (y.data as Float32Array).forEach((v, i) => expect(Math.abs(v - [23, 23, 23, 57, 57, 57][i])).toBeLessThanOrEqual(1.3));
        expect(Array.from(y.data as Float32Array)).toEqual(Array.from(refHybridBatchMatMul(Float32Array.from(X), 1, 2, 10, w, 3, asym)));
      }
    });

    it('seeded sweep: 60 cases LHS [batch, rows, depth] × int8 [depth, cols], per-tensor and per-column scales = reference bit for bit', () => {
      const rng = makeRng(77);
      for (let t = 0; t < 60; t++) {
        const [batch, rows, depth, cols] = [rng.int(1, 4), rng.int(1, 7), rng.int(1, 70), rng.int(1, 11)];
        const asym = t % 3 !== 0;
        const scales = t % 2 === 1 && cols > 1 ? Array.from({ length: cols }, () => Math.fround(rng.uniform(1e-3, 0.05))) : [Math.fround(rng.uniform(1e-3, 0.05))];
        const w = { q: Int8Array.from({ length: depth * cols }, () => rng.int(-127, 127)), scales };
        const x = rng.floats(batch * rows * depth, -rng.uniform(0, 3), rng.uniform(0, 3));
        const y = run(spec(runtime(f32([batch, rows, depth], x)), constant(int8([depth, cols], w.q, scales)), opts({ asymmetricQuantizeInputs: asym })));
        expect(y.shape).toEqual([batch, rows, cols]);
        expect(Array.from(y.data as Float32Array), `case ${t}`).toEqual(Array.from(refHybridBatchMatMul(x, batch, rows, depth, w, cols, asym)));
      }
    });

    it('official runtime goldens (hybrid cases) bit for bit', () => {
      const cases = opGoldens('BATCH_MATMUL').filter((g) => g.case.inputs[1]?.dtype === 'int8');
      expect(cases.length).toBe(6);
      for (const g of cases) {
        const [y] = Interpreter.create(g.model).invoke(g.inputs);
        expect(y.shape, g.title).toEqual(g.expected[0].shape);
        expect(Array.from(y.data as Float32Array), g.title).toEqual(Array.from(g.expected[0].data as Float32Array));
      }
    });

    it('LHS [2,3,2,20]: as TFLite, rows of batch (i, j) take the row scales at (i + j)·2, not (3i + j)·2', () => {
      const g = opGoldens('BATCH_MATMUL').find((c) => c.title.endsWith('hybrid_rank4_lhs_two_batch_dims'))!;
      const [y] = Interpreter.create(g.model).invoke(g.inputs);
      const sg = g.model.subgraphs[0];
      const wt = sg.tensors[sg.operators[0].inputs[1]];
      const wb = g.model.buffers[wt.buffer];
      const natural = refHybridBatchMatMul(g.inputs[0].data as Float32Array, 6, 2, 20,
        { q: new Int8Array(wb.buffer, wb.byteOffset, wb.byteLength), scales: wt.quantization!.scale }, 3, true);
      const ours = y.data as Float32Array;
      const official = g.expected[0].data as Float32Array;
      expect(Array.from(ours)).toEqual(Array.from(official));
      // batch i = 0 (outputs 0..17) uses the natural rows; i = 1 reads rows of other batches
      expect(Array.from(ours.subarray(0, 18))).toEqual(Array.from(natural.subarray(0, 18)));
      expect(Array.from(ours.subarray(18))).not.toEqual(Array.from(natural.subarray(18)));
    });
  });
}

describe('BATCH_MATMUL refusals', () => {
  const lhs = runtime(f32([2, 3], iota(6, 1)));
  it('inner dimensions that differ, batch dimensions that do not broadcast, rank > 5', () => {
    expect(() => run(spec(lhs, runtime(f32([4, 2], iota(8, 1))), opts()))).toThrow(/BATCH_MATMUL \(node 1\): .* disagree on the inner dimension \(3 vs 4/);
    expect(() => run(spec(runtime(f32([2, 2, 3], iota(12, 1))), runtime(f32([3, 3, 2], iota(18, 1))), opts()))).toThrow(/do not broadcast \(axis 0\)/);
    expect(() => run(spec(runtime(f32([1, 1, 1, 1, 1, 2, 3], iota(6, 1))), runtime(f32([3, 2], iota(6, 1))), opts()))).toThrow(/rank 2\.\.5/);
  });
  it('an int8 RHS that is not constant, a uint8 RHS, a rank-5 int8 RHS with a leading dimension > 1', () => {
    const w = int8([3, 2], [1, 2, 3, 4, 5, 6], [0.1]);
    expect(() => run(spec(lhs, runtime(w), opts()))).toThrow(/rhs .* is int8 but not a constant/);
    expect(() => run(spec(lhs, runtime({ ...w, dtype: 'uint8', data: new Uint8Array(6) }), opts()))).toThrow(/has type uint8; supported: float32, int8/);
    const r5 = int8([2, 1, 1, 3, 2], new Array(12).fill(1), [0.1]);
    expect(() => run(spec(runtime(f32([2, 1, 1, 2, 3], iota(12, 1))), constant(r5), opts()))).toThrow(/rank-5 int8 RHS with a leading dimension > 1/);
  });
});
