// Hybrid CONV_2D (int8 filter, float input) through the CONV_2D kernel, which dispatches to
// hybrid/conv_2d.ts: TFLite's conv_test.cc hybrid cases (the float expectations with the stated
// tolerance 0.16), seeded sweeps vs the naive reference (bit for bit), the official runtime's goldens,
// refusals. Numeric tests run with WebAssembly SIMD and with JavaScript.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activation, Conv2DOptions, Padding } from '../../tflite/options';
import { opGoldens } from '../../testing/goldens/index';
import { makeRng } from '../../util/rng';
import { constant, f32, runKernel, runtime, type KernelRunSpec } from '../../testing/run_kernel';
import { quantizeWeights, type RefHybridWeights } from '../../testing/reference/hybrid';
import { refHybridConv2d } from '../../testing/reference/hybrid_conv';
import { Interpreter } from '../interpreter';
import type { TensorValue } from '../kernel';
import { conv2d } from '../kernels/conv_2d';
import { setHybridSimdEnabled } from './simd';

const opts = (o: Partial<Conv2DOptions> = {}): Conv2DOptions => ({
  type: 'Conv2DOptions', padding: 'VALID', strideW: 1, strideH: 1, fusedActivation: 'NONE', dilationW: 1, dilationH: 1,
  quantizedBiasType: 'float32', ...o,
});

function int8(shape: number[], w: RefHybridWeights, axis = 0): TensorValue {
  const scale = Array.from(w.scales);
  return {
    dtype: 'int8', shape, data: Int8Array.from(w.q),
    quantization: { scale, zeroPoint: scale.map(() => 0), quantizedDimension: axis, min: null, max: null, custom: null },
  };
}

function run(x: TensorValue, filter: TensorValue, bias: number[], o: Conv2DOptions): TensorValue {
  const s: KernelRunSpec = {
    opName: 'CONV_2D', version: filter.quantization!.scale.length > 1 ? 5 : 2, options: o, nodeIndex: 2,
    inputs: [runtime(x), constant(filter, 'conv/filter'), constant(f32([bias.length], bias))], outputs: [{ dtype: 'float32' }],
  };
  return runKernel(conv2d, s)[0];
}

const near = (got: Float32Array, want: number[], tol: number) => {
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => expect(Math.abs(v - want[i]), `[${i}] = ${v}, float ${want[i]}`).toBeLessThanOrEqual(tol));
};

// TFLite conv_test.cc: input [2, 2, 4, 1] (batch 2), three 2×2 filters, bias 1, 2, 3.
const X1 = [1, 1, 1, 1, 2, 2, 2, 2, 1, 2, 3, 4, 1, 2, 3, 4];
const F1 = [1, 2, 3, 4, -1, 1, -1, 1, -1, -1, 1, 1];
// The same split into two input channels of half the value each (…WithChannels / PerChannel tests).
const X2 = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 1, 1, 1, 1, 1, 1, 1, 0.5, 0.5, 1, 1, 1.5, 1.5, 2, 2, 0.5, 0.5, 1, 1, 1.5, 1.5, 2, 2];
const F2 = [1, 1, 2, 2, 3, 3, 4, 4, -1, -1, 1, 1, -1, -1, 1, 1, -1, -1, -1, -1, 1, 1, 1, 1];
const S2 = [4 / 127, 1 / 127, 1 / 127];

for (const simd of [true, false]) {
  describe(`hybrid CONV_2D (${simd ? 'WebAssembly SIMD' : 'JavaScript'})`, () => {
    beforeAll(() => setHybridSimdEnabled(simd));
    afterAll(() => setHybridSimdEnabled(true));

    it('TFLite SimpleTestHybridInt8 (per-tensor, stride 2) and …WithDilation (stride 1, dilation 2×1)', () => {
      const f = int8([3, 2, 2, 1], quantizeWeights(F1, [3, 2, 2, 1]));
      const y = run(f32([2, 2, 4, 1], X1), f, [1, 2, 3], opts({ strideH: 2, strideW: 2 }));
      expect(y.shape).toEqual([2, 1, 2, 3]);
      near(y.data as Float32Array, [18, 2, 5, 18, 2, 5, 17, 4, 3, 37, 4, 3], 0.16);
      const d = run(f32([2, 2, 4, 1], X1), f, [1, 2, 3], opts({ dilationW: 2 }));
      near(d.data as Float32Array, [18, 2, 5, 18, 2, 5, 23, 6, 3, 33, 6, 3], 0.16);
    });

    it('TFLite PointwiseHybridInt8: a 1×1 filter (no im2col), tolerance 0.0316', () => {
      const f = int8([1, 1, 1, 2], quantizeWeights([1, 2], [1, 1, 1, 2]));
      const y = run(f32([2, 2, 4, 2], X2), f, [0], opts());
      near(y.data as Float32Array, [1.5, 1.5, 1.5, 1.5, 3, 3, 3, 3, 1.5, 3, 4.5, 6, 1.5, 3, 4.5, 6], 0.0316);
    });

    it('TFLite SimpleTestHybridPerChannel, …WithPaddingPerChannel (SAME, zero-point padding), …WithDilationPerChannel', () => {
      const f = int8([3, 2, 2, 2], quantizeWeights(F2, [3, 2, 2, 2], S2));
      near(run(f32([2, 2, 4, 2], X2), f, [1, 2, 3], opts({ strideH: 2, strideW: 2 })).data as Float32Array,
        [18, 2, 5, 18, 2, 5, 17, 4, 3, 37, 4, 3], 0.16);
      near(run(f32([2, 2, 4, 2], X2), f, [1, 2, 3], opts({ padding: 'SAME', strideH: 2, strideW: 1 })).data as Float32Array,
        [18, 2, 5, 18, 2, 5, 18, 2, 5, 8, -1, 4, 17, 4, 3, 27, 4, 3, 37, 4, 3, 17, -6, 3], 0.16);
      const f1 = int8([3, 2, 2, 1], quantizeWeights(F1, [3, 2, 2, 1], S2));
      near(run(f32([2, 2, 4, 1], X1), f1, [1, 2, 3], opts({ dilationW: 2 })).data as Float32Array,
        [18, 2, 5, 18, 2, 5, 23, 6, 3, 33, 6, 3], 0.16);
    });

    it('several equal channel scales take the per-tensor path (as conv.cc): same numbers as one scale', () => {
      const w = quantizeWeights(F2, [3, 2, 2, 2]);
      const one = run(f32([2, 2, 4, 2], X2), int8([3, 2, 2, 2], w), [1, 2, 3], opts({ strideH: 2, strideW: 2 }));
      const three = run(f32([2, 2, 4, 2], X2), int8([3, 2, 2, 2], { q: w.q, scales: [w.scales[0], w.scales[0], w.scales[0]] }), [1, 2, 3], opts({ strideH: 2, strideW: 2 }));
      expect(Array.from(three.data as Float32Array)).toEqual(Array.from(one.data as Float32Array));
    });

    it('seeded sweep: 80 random convolutions, both paths, = naive reference bit for bit', () => {
      const rng = makeRng(99);
      const acts: Activation[] = ['NONE', 'RELU', 'RELU6', 'RELU_N1_TO_1'];
      for (let t = 0; t < 80; t++) {
        const perChannel = t % 2 === 0;
        const [N, H, W, C] = [rng.int(1, 2), rng.int(1, 9), rng.int(1, 9), rng.int(1, 20)];
        const [O, KH, KW] = [rng.int(perChannel ? 2 : 1, 9), rng.int(1, 3), rng.int(1, 3)]; // per-channel needs ≥ 2 scales
        const p = {
          padding: (t % 3 === 0 ? 'VALID' : 'SAME') as Padding, strideH: rng.int(1, 2), strideW: rng.int(1, 3),
          dilationH: t % 5 === 0 ? 2 : 1, dilationW: t % 7 === 0 ? 2 : 1, activation: acts[t % 4],
        };
        if (p.padding === 'VALID' && ((KH - 1) * p.dilationH + 1 > H || (KW - 1) * p.dilationW + 1 > W)) p.padding = 'SAME';
        const scales = perChannel ? Array.from({ length: O }, () => Math.fround(rng.uniform(1e-3, 0.05))) : [Math.fround(rng.uniform(1e-3, 0.05))];
        const w = { q: Int8Array.from({ length: O * KH * KW * C }, () => rng.int(-127, 127)), scales };
        const x = rng.floats(N * H * W * C, t % 4 === 0 ? 0 : -rng.uniform(0, 3), rng.uniform(0, 3));
        const bias = Array.from({ length: O }, () => rng.uniform(-0.5, 0.5));
        const y = run(f32([N, H, W, C], x), int8([O, KH, KW, C], w), bias, opts({
          padding: p.padding, strideH: p.strideH, strideW: p.strideW, dilationH: p.dilationH, dilationW: p.dilationW, fusedActivation: p.activation,
        }));
        const want = refHybridConv2d(x, [N, H, W, C], w, [O, KH, KW, C], Float32Array.from(bias), perChannel, p);
        expect(y.shape).toEqual(want.shape);
        expect(Array.from(y.data as Float32Array), `case ${t}: ${JSON.stringify({ N, H, W, C, O, KH, KW, ...p, perChannel })}`).toEqual(Array.from(want.data));
      }
    });

    it('official runtime goldens: hybrid cases bit for bit, but one (see the next test)', () => {
      let exact = 0;
      for (const g of opGoldens('CONV_2D').filter((c) => c.case.inputs[1]?.dtype === 'int8' && !c.title.endsWith('equal_channel_scales'))) {
        const [y] = Interpreter.create(g.model).invoke(g.inputs);
        expect(y.shape, g.title).toEqual(g.expected[0].shape);
        expect(Array.from(y.data as Float32Array), g.title).toEqual(Array.from(g.expected[0].data as Float32Array));
        exact++;
      }
      expect(exact).toBe(6);
    });

    it('equal channel scales: TF 2.12\'s runtime multiplies by the legacy per-tensor scale (0) and outputs the bias; we follow current LiteRT (scale[0])', () => {
      const g = opGoldens('CONV_2D').find((c) => c.title.endsWith('equal_channel_scales'))!;
      const sg = g.model.subgraphs[0];
      const bias = new Float32Array(g.model.buffers[sg.tensors[sg.operators[0].inputs[2]].buffer].slice().buffer);
      const official = g.expected[0].data as Float32Array;
      official.forEach((v, i) => expect(v).toBe(bias[i % 3]));
      const [y] = Interpreter.create(g.model).invoke(g.inputs);
      const ours = y.data as Float32Array;
      expect(ours.some((v, i) => v !== bias[i % 3])).toBe(true);
      // …and ours is the per-tensor computation with that scale
      const wt = sg.tensors[sg.operators[0].inputs[1]];
      const wb = g.model.buffers[wt.buffer];
      const w = { q: new Int8Array(wb.buffer, wb.byteOffset, wb.byteLength), scales: [wt.quantization!.scale[0]] };
      const want = refHybridConv2d(g.inputs[0].data as Float32Array, g.inputs[0].shape, w, wt.shape, bias, false,
        { padding: 'SAME', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: 'NONE' });
      expect(Array.from(ours)).toEqual(Array.from(want.data));
    });
  });
}

describe('hybrid CONV_2D refusals', () => {
  const f = int8([3, 2, 2, 1], quantizeWeights(F1, [3, 2, 2, 1]));
  it('TANH / SIGN_BIT (TFLite\'s conv would silently ignore them)', () => {
    expect(() => run(f32([2, 2, 4, 1], X1), f, [1, 2, 3], opts({ fusedActivation: 'TANH' })))
      .toThrow(/CONV_2D \(node 2\): fused activation TANH is not supported by hybrid CONV_2D/);
  });
  it('grouped hybrid convolution (TFLite sends it to a reference kernel we have not matched)', () => {
    expect(() => run(f32([2, 2, 4, 2], X2), f, [1, 2, 3], opts())).toThrow(/grouped hybrid convolution is not supported/);
  });
  it('per-channel scales of the wrong count, a non-zero zero point, uint8 filters', () => {
    expect(() => run(f32([2, 2, 4, 1], X1), int8([3, 2, 2, 1], { q: f.data as Int8Array, scales: [0.1, 0.2] }), [1, 2, 3], opts()))
      .toThrow(/2 scales but 3 channels on axis 0/);
    const zp = { ...f, quantization: { ...f.quantization!, zeroPoint: [1] } };
    expect(() => run(f32([2, 2, 4, 1], X1), zp, [1, 2, 3], opts())).toThrow(/filter \(tensor 1 'conv\/filter'\) has a non-zero zero point/);
    expect(() => run(f32([2, 2, 4, 1], X1), { ...f, dtype: 'uint8', data: new Uint8Array(12) }, [1, 2, 3], opts())).toThrow(/is uint8/);
  });
});
