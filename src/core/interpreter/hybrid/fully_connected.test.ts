// Hybrid FULLY_CONNECTED (int8 weights, float input), through the FULLY_CONNECTED kernel that
// dispatches to hybrid/fully_connected.ts: TFLite's own hybrid test values, seeded sweeps against
// the naive reference (bit for bit), the official runtime's goldens (bit for bit), refusals. Every
// numeric test runs twice: WebAssembly SIMD and JavaScript.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activation, FullyConnectedOptions } from '../../tflite/options';
import { opGoldens } from '../../testing/goldens/index';
import { makeRng } from '../../util/rng';
import { constant, f32, prepareKernel, runKernel, runtime, type KernelRunSpec } from '../../testing/run_kernel';
import { quantizeWeights, refHybridFullyConnected } from '../../testing/reference/hybrid';
import { Interpreter } from '../interpreter';
import { KernelError, type TensorValue } from '../kernel';
import { fullyConnected } from '../kernels/fully_connected';
import { eigenTanh } from '../util/eigen_math';
import { setHybridSimdEnabled } from './simd';

const opts = (o: Partial<FullyConnectedOptions> = {}): FullyConnectedOptions => ({
  type: 'FullyConnectedOptions', fusedActivation: 'NONE', weightsFormat: 0, keepNumDims: false,
  asymmetricQuantizeInputs: false, quantizedBiasType: 'float32', ...o,
});

function int8(shape: number[], q: ArrayLike<number>, scale: number[], axis = 0): TensorValue {
  return {
    dtype: 'int8', shape, data: Int8Array.from(q),
    quantization: { scale, zeroPoint: scale.map(() => 0), quantizedDimension: axis, min: null, max: null, custom: null },
  };
}

function spec(x: TensorValue, w: TensorValue, bias: number[] | null, o: FullyConnectedOptions, version = 9): KernelRunSpec {
  return {
    opName: 'FULLY_CONNECTED', version, options: o, nodeIndex: 3,
    inputs: [runtime(x), constant(w, 'dense/kernel'), ...(bias ? [constant(f32([bias.length], bias))] : [])],
    outputs: [{ dtype: 'float32' }],
  };
}

const run = (s: KernelRunSpec): Float32Array => runKernel(fullyConnected, s)[0].data as Float32Array;

// TFLite fully_connected_test.cc, hybrid int8 tests: 3 units × 10 inputs, weights 1..10 per unit
// quantized with scale 10/127, bias 1, 2, 3; the float test's outputs with the stated tolerance 1.3.
const TFLITE_INPUT = [1, 2, 3, 4, 5, 6, 7, 8, -9, -10, 1, 2, 3, 4, 5, 6, 7, -8, 9, -10];
const TFLITE_WEIGHTS = [...Array(3)].flatMap(() => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
const TFLITE_EXPECTED = [24, 25, 26, 58, 59, 60];

for (const simd of [true, false]) {
  describe(`hybrid FULLY_CONNECTED (${simd ? 'WebAssembly SIMD' : 'JavaScript'})`, () => {
    beforeAll(() => setHybridSimdEnabled(simd));
    afterAll(() => setHybridSimdEnabled(true));

    it('TFLite hybrid test: symmetric (v3) and asymmetric (v9) inputs give the float results within 1.3', () => {
      const w = quantizeWeights(TFLITE_WEIGHTS, [3, 10]);
      expect(w.scales[0]).toBe(Math.fround(10 / 127));
      for (const [asym, version] of [[false, 3], [true, 9]] as const) {
        const y = run(spec(f32([2, 10], TFLITE_INPUT), int8([3, 10], w.q, w.scales), [1, 2, 3], opts({ asymmetricQuantizeInputs: asym }), version));
        y.forEach((v, i) => expect(Math.abs(v - TFLITE_EXPECTED[i]), `asym ${asym} [${i}] = ${v}`).toBeLessThanOrEqual(1.3));
        // and it is the hybrid math, not float math on dequantized weights
        expect(Array.from(y)).toEqual(Array.from(refHybridFullyConnected(Float32Array.from(TFLITE_INPUT), w, 3, 10, Float32Array.from([1, 2, 3]), asym, 'NONE')));
      }
    });

    it('per-channel (v12): unit u has weights (u+1)·[1..10], one scale per unit; float results within 1.3·(u+1)', () => {
      const wf = [0, 1, 2].flatMap((u) => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((v) => v * (u + 1)));
      const w = quantizeWeights(wf, [3, 10], [10 / 127, 20 / 127, 30 / 127], 0);
      const y = run(spec(f32([2, 10], TFLITE_INPUT), int8([3, 10], w.q, w.scales), [1, 2, 3], opts({ asymmetricQuantizeInputs: true }), 12));
      const want = [24, 48, 72, 58, 116, 174];
      y.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1.3 * ((i % 3) + 1)));
      expect(Array.from(y)).toEqual(Array.from(refHybridFullyConnected(Float32Array.from(TFLITE_INPUT), w, 3, 10, Float32Array.from([1, 2, 3]), true, 'NONE')));
    });

    it('worked by hand: x = [0, 1, 2] (zp −128, scale 2/255), w = [[1, −1, 2]] scale 0.5, bias 0.25', () => {
      // q = [−128, −1, 127]; acc = Σ w·(q − zp) = 0 − 127 + 2·255 = 383; out = 0.25 + 383 · fr(fr(2/255)·0.5)
      const y = run(spec(f32([1, 3], [0, 1, 2]), int8([1, 3], [1, -1, 2], [0.5]), [0.25], opts({ asymmetricQuantizeInputs: true })));
      const fr = Math.fround;
      expect(y[0]).toBe(fr(0.25 + fr(383 * fr(fr(2 / 255) * 0.5))));
      expect(Math.abs(y[0] - (0.25 + 0.5 * (1 * 0 - 1 * 1 + 2 * 2)))).toBeLessThan(0.01);
    });

    it('an all-zero input gives exactly the bias; no bias gives zeros', () => {
      const w = int8([2, 4], [1, 2, 3, 4, -5, 6, -7, 8], [0.1]);
      expect(Array.from(run(spec(f32([2, 4], new Array(8).fill(0)), w, [0.5, -1.5], opts({ asymmetricQuantizeInputs: true }))))).toEqual([0.5, -1.5, 0.5, -1.5]);
      expect(Array.from(run(spec(f32([1, 4], [0, 0, 0, 0]), w, null, opts())))).toEqual([0, 0]);
    });

    it('fused activations: RELU, RELU6, RELU_N1_TO_1, TANH (Eigen\'s float tanh), SIGN_BIT', () => {
      const x = f32([1, 4], [3, -2, 1, 0.5]);
      const w = int8([4, 4], [127, 0, 0, 0, -127, 0, 0, 0, 0, 127, 0, 0, 0, 0, 60, 0], [0.05]);
      const pre = run(spec(x, w, null, opts()));
      const check = (act: Activation, f: (v: number) => number) =>
        expect(Array.from(run(spec(x, w, null, opts({ fusedActivation: act }))))).toEqual(Array.from(pre, f));
      check('RELU', (v) => Math.max(0, v));
      check('RELU6', (v) => Math.min(6, Math.max(0, v)));
      check('RELU_N1_TO_1', (v) => Math.min(1, Math.max(-1, v)));
      check('TANH', eigenTanh);
      check('SIGN_BIT', (v) => (v < 0 ? 1 : 0));
      expect(eigenTanh(0.5)).toBeCloseTo(Math.tanh(0.5), 6);
      expect(eigenTanh(100)).toBeCloseTo(1, 6);
    });

    it('keep_num_dims keeps the leading dims; any input rank is read as rows of inDepth', () => {
      const w = int8([3, 4], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [0.01]);
      const x = makeRng(1).floats(24, -1, 1);
      const kept = runKernel(fullyConnected, spec(f32([2, 3, 4], x), w, null, opts({ keepNumDims: true })))[0];
      const flat = runKernel(fullyConnected, spec(f32([6, 4], x), w, null, opts()))[0];
      expect(kept.shape).toEqual([2, 3, 3]);
      expect(flat.shape).toEqual([6, 3]);
      expect(Array.from(kept.data as Float32Array)).toEqual(Array.from(flat.data as Float32Array));
    });

    it('a runtime (non-constant) bias is read at eval', () => {
      const w = int8([2, 3], [1, 2, 3, -4, 5, -6], [0.1]);
      const s: KernelRunSpec = {
        opName: 'FULLY_CONNECTED', options: opts(),
        inputs: [runtime(f32([1, 3], [1, 2, 3])), constant(w), runtime(f32([2], [10, 20]))], outputs: [{ dtype: 'float32' }],
      };
      const withBias = runKernel(fullyConnected, s)[0].data as Float32Array;
      const without = run(spec(f32([1, 3], [1, 2, 3]), w, null, opts()));
      expect(Array.from(withBias)).toEqual([Math.fround(10 + without[0]), Math.fround(20 + without[1])]);
    });

    it('a batch of rows in one invoke equals one row per invoke, bit for bit', () => {
      const rng = makeRng(7);
      const w = int8([10, 50], Array.from({ length: 500 }, () => rng.int(-127, 127)), [0.004]);
      const x = rng.floats(13 * 50, 0, 2);
      const k = prepareKernel(fullyConnected, spec(f32([1, 50], x.subarray(0, 50)), w, new Array(10).fill(0.1), opts({ asymmetricQuantizeInputs: true })));
      const batched = k.run([f32([13, 50], x)])[0].data as Float32Array;
      for (let r = 0; r < 13; r++) {
        const one = k.run([f32([1, 50], x.subarray(r * 50, (r + 1) * 50))])[0].data as Float32Array;
        expect(Array.from(batched.subarray(r * 10, (r + 1) * 10))).toEqual(Array.from(one));
      }
    });

    it('seeded sweep: 120 random shapes, per-tensor and per-channel, asymmetric and symmetric = naive reference bit for bit', () => {
      const rng = makeRng(2024);
      const acts: Activation[] = ['NONE', 'RELU', 'RELU6', 'RELU_N1_TO_1'];
      for (let t = 0; t < 120; t++) {
        const units = rng.int(1, 37);
        const inDepth = rng.int(1, 300);
        const batch = rng.int(1, 9);
        const perChannel = t % 2 === 1;
        const asym = t % 3 !== 0;
        const act = acts[t % 4];
        const scales = perChannel ? Array.from({ length: units }, () => Math.fround(rng.uniform(1e-4, 0.05))) : [Math.fround(rng.uniform(1e-4, 0.05))];
        const w = { q: Int8Array.from({ length: units * inDepth }, () => rng.int(-127, 127)), scales };
        const x = rng.floats(batch * inDepth, -rng.uniform(0, 4) * (t % 5 === 0 ? 0 : 1), rng.uniform(0, 4));
        const bias = t % 7 === 0 ? null : Array.from({ length: units }, () => rng.uniform(-1, 1));
        const y = run(spec(f32([batch, inDepth], x), int8([units, inDepth], w.q, scales), bias, opts({ asymmetricQuantizeInputs: asym, fusedActivation: act })));
        const want = refHybridFullyConnected(x, w, units, inDepth, bias ? Float32Array.from(bias) : null, asym, act);
        expect(Array.from(y), `case ${t}: ${batch}×${inDepth} → ${units}, ${perChannel ? 'per-channel' : 'per-tensor'}, asym ${asym}, ${act}`).toEqual(Array.from(want));
      }
    });

    it('official runtime goldens: every hybrid case bit for bit (the v12 case, refused by that runtime, equals the reference)', () => {
      let exact = 0;
      for (const g of opGoldens('FULLY_CONNECTED').filter((c) => c.case.inputs[1]?.dtype === 'int8')) {
        const [y] = Interpreter.create(g.model).invoke(g.inputs);
        if (g.error !== null) {
          expect(g.case.version).toBe(12);
          expect(g.error).toMatch(/FULLY_CONNECTED' version '12'/);
          const sg = g.model.subgraphs[0];
          const wt = sg.tensors[sg.operators[0].inputs[1]];
          const [units, inDepth] = wt.shape;
          const wq = g.model.buffers[wt.buffer];
          const w = { q: new Int8Array(wq.buffer, wq.byteOffset, wq.byteLength), scales: wt.quantization!.scale };
          const b = g.model.buffers[sg.tensors[sg.operators[0].inputs[2]].buffer];
          const want = refHybridFullyConnected(g.inputs[0].data as Float32Array, w, units, inDepth, new Float32Array(b.slice().buffer), true, 'NONE');
          expect(Array.from(y.data as Float32Array)).toEqual(Array.from(want));
          continue;
        }
        expect(y.shape, g.title).toEqual(g.expected[0].shape);
        expect(Array.from(y.data as Float32Array), g.title).toEqual(Array.from(g.expected[0].data as Float32Array));
        exact++;
      }
      expect(exact).toBe(7);
    });
  });
}

describe('hybrid FULLY_CONNECTED refusals name the op, node and tensor', () => {
  const x = f32([1, 4], [1, 2, 3, 4]);
  const bad = (w: TensorValue, o = opts()) => () => run(spec(x, w, null, o));
  it('uint8 weights, weights without scales, non-zero weight zero point', () => {
    expect(bad({ ...int8([2, 4], new Array(8).fill(1), [0.1]), dtype: 'uint8', data: new Uint8Array(8) }))
      .toThrow(/FULLY_CONNECTED \(node 3\): weights \(tensor 1 'dense\/kernel'\) is uint8: hybrid .* int8 weights only/);
    expect(bad({ ...int8([2, 4], new Array(8).fill(1), [0.1]), quantization: null })).toThrow(/is int8 without quantization scales/);
    const w = int8([2, 4], new Array(8).fill(1), [0.1]);
    expect(bad({ ...w, quantization: { ...w.quantization!, zeroPoint: [3] } })).toThrow(/non-zero zero point \(3\).*symmetric/);
  });
  it('per-channel scales on the wrong axis or of the wrong count', () => {
    expect(bad(int8([2, 4], new Array(8).fill(1), [0.1, 0.2, 0.3, 0.4], 1))).toThrow(/4 scales along axis 1; .* needs them along axis 0/);
    expect(bad(int8([2, 4], new Array(8).fill(1), [0.1, 0.2, 0.3], 0))).toThrow(/3 scales but 2 channels on axis 0/);
  });
  it('runtime (non-constant) int8 weights, a wrong bias length, a non-divisible input', () => {
    const w = int8([2, 4], new Array(8).fill(1), [0.1]);
    expect(() => runKernel(fullyConnected, { opName: 'FULLY_CONNECTED', options: opts(), inputs: [runtime(x), runtime(w)], outputs: [{ dtype: 'float32' }] }))
      .toThrow(/is int8 but not a constant/);
    expect(() => run(spec(x, w, [1, 2, 3], opts()))).toThrow(/bias .* has 3 elements, weights have units 2/);
    expect(() => run(spec(f32([1, 5], [1, 2, 3, 4, 5]), w, null, opts()))).toThrow(KernelError);
    expect(() => run(spec(f32([1, 5], [1, 2, 3, 4, 5]), w, null, opts()))).toThrow(/not a whole number of rows of 4/);
  });
});
