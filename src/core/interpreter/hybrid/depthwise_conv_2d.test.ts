// Hybrid DEPTHWISE_CONV_2D (int8 filter, one scale per output channel, float input) through the
// DEPTHWISE_CONV_2D kernel, which dispatches to hybrid/depthwise_conv_2d.ts: TFLite's
// depthwise_conv_hybrid_test.cc cases (tolerance 0.16 as stated there), seeded sweeps vs the naive
// reference (bit for bit), official runtime goldens, refusals. With WebAssembly SIMD input
// quantization and without.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activation, DepthwiseConv2DOptions, Padding } from '../../tflite/options';
import { opGoldens } from '../../testing/goldens/index';
import { makeRng } from '../../util/rng';
import { constant, f32, runKernel, runtime, type KernelRunSpec } from '../../testing/run_kernel';
import { quantizeWeights, type RefHybridWeights } from '../../testing/reference/hybrid';
import { refHybridDepthwiseConv2d } from '../../testing/reference/hybrid_conv';
import { Interpreter } from '../interpreter';
import type { TensorValue } from '../kernel';
import { depthwiseConv2d } from '../kernels/depthwise_conv_2d';
import { setHybridSimdEnabled } from './simd';

const opts = (o: Partial<DepthwiseConv2DOptions> = {}): DepthwiseConv2DOptions => ({
  type: 'DepthwiseConv2DOptions', padding: 'VALID', strideW: 1, strideH: 1, depthMultiplier: 1, fusedActivation: 'NONE',
  dilationW: 1, dilationH: 1, ...o,
});

function int8(shape: number[], w: RefHybridWeights, axis = 3): TensorValue {
  const scale = Array.from(w.scales);
  return {
    dtype: 'int8', shape, data: Int8Array.from(w.q),
    quantization: { scale, zeroPoint: scale.map(() => 0), quantizedDimension: axis, min: null, max: null, custom: null },
  };
}

function run(x: TensorValue, filter: TensorValue, bias: number[] | null, o: DepthwiseConv2DOptions): TensorValue {
  const s: KernelRunSpec = {
    opName: 'DEPTHWISE_CONV_2D', version: 6, options: o, nodeIndex: 5,
    inputs: [runtime(x), constant(filter, 'dw/filter'), ...(bias ? [constant(f32([bias.length], bias))] : [])],
    outputs: [{ dtype: 'float32' }],
  };
  return runKernel(depthwiseConv2d, s)[0];
}

const near = (got: Float32Array, want: number[], tol: number) => {
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => expect(Math.abs(v - want[i]), `[${i}] = ${v}, expected ${want[i]}`).toBeLessThanOrEqual(tol));
};

// depthwise_conv_hybrid_test.cc Simple3x3Filter…: input [1, 3, 3, 8], filter [1, 3, 3, 8], scales 1,2,3,4,4,3,2,1.
const X3 = [...Array(18)].flatMap(() => [1, 1, 0, 0]);
const F3 = [...Array(9)].flatMap(() => [1, 2, 3, 4, 5, 6, 7, 8]);
const S3 = [1, 2, 3, 4, 4, 3, 2, 1];

for (const simd of [true, false]) {
  describe(`hybrid DEPTHWISE_CONV_2D (${simd ? 'WebAssembly SIMD quantization' : 'JavaScript'})`, () => {
    beforeAll(() => setHybridSimdEnabled(simd));
    afterAll(() => setHybridSimdEnabled(true));

    it('TFLite SimpleTest: [1,2,3,2] input, multiplier 2, scales 1..4, VALID', () => {
      const f = int8([1, 2, 2, 4], quantizeWeights([1, 2, 3, 4, 3, 4, 5, 6, 7, 8, 5, 6, 3, 4, 1, 2], [1, 2, 2, 4], [1, 2, 3, 4], 3));
      const y = run(f32([1, 2, 3, 2], [3, 2, 1, -1, -2, -3, 4, 3, 2, -2, -3, -4]), f, [3, -2, 4, 6], opts({ depthMultiplier: 2 }));
      expect(y.shape).toEqual([1, 1, 2, 4]);
      near(y.data as Float32Array, [42.9373, 47.9451, 22.0706, 22.0627, 3, -4.00784, -29.1294, -54.1098], 0.16);
    });

    it('TFLite Simple3x3FilterTest (VALID) and …PaddingSameTest (SAME)', () => {
      const f = int8([1, 3, 3, 8], quantizeWeights(F3, [1, 3, 3, 8], S3, 3));
      near(run(f32([1, 3, 3, 8], X3), f, new Array(8).fill(0), opts()).data as Float32Array, [9, 18, 0, 0, 36, 54, 0, 0], 0.16);
      near(run(f32([1, 3, 3, 8], X3), f, new Array(8).fill(0), opts({ padding: 'SAME' })).data as Float32Array, [
        4, 8, 0, 0, 16, 24, 0, 0, 6, 12, 0, 0, 24, 36, 0, 0, 4, 8, 0, 0, 16, 24, 0, 0,
        6, 12, 0, 0, 24, 36, 0, 0, 9, 18, 0, 0, 36, 54, 0, 0, 6, 12, 0, 0, 24, 36, 0, 0,
        4, 8, 0, 0, 16, 24, 0, 0, 6, 12, 0, 0, 24, 36, 0, 0, 4, 8, 0, 0, 16, 24, 0, 0,
      ], 0.16);
    });

    it('two inputs (no bias) add nothing', () => {
      const f = int8([1, 3, 3, 8], quantizeWeights(F3, [1, 3, 3, 8], S3, 3));
      const a = run(f32([1, 3, 3, 8], X3), f, null, opts()).data as Float32Array;
      const b = run(f32([1, 3, 3, 8], X3), f, new Array(8).fill(0), opts()).data as Float32Array;
      expect(Array.from(a)).toEqual(Array.from(b));
    });

    it('seeded sweep: 80 random depthwise convolutions = naive reference bit for bit', () => {
      const rng = makeRng(314);
      const acts: Activation[] = ['NONE', 'RELU', 'RELU6', 'RELU_N1_TO_1'];
      for (let t = 0; t < 80; t++) {
        const [N, H, W, C, M] = [rng.int(1, 2), rng.int(1, 10), rng.int(1, 10), rng.int(1, 12), rng.int(1, 3)];
        const [KH, KW] = [rng.int(1, 3), rng.int(1, 3)];
        const p = {
          padding: (t % 3 === 0 ? 'VALID' : 'SAME') as Padding, strideH: rng.int(1, 2), strideW: rng.int(1, 2),
          dilationH: t % 4 === 0 ? 2 : 1, dilationW: t % 5 === 0 ? 3 : 1, activation: acts[t % 4],
        };
        if (p.padding === 'VALID' && ((KH - 1) * p.dilationH + 1 > H || (KW - 1) * p.dilationW + 1 > W)) p.padding = 'SAME';
        const O = C * M;
        const w = { q: Int8Array.from({ length: KH * KW * O }, () => rng.int(-127, 127)), scales: Array.from({ length: O }, () => Math.fround(rng.uniform(1e-3, 0.05))) };
        const x = rng.floats(N * H * W * C, t % 4 === 1 ? 0 : -rng.uniform(0, 3), rng.uniform(0, 6));
        const bias = Array.from({ length: O }, () => rng.uniform(-0.5, 0.5));
        const y = run(f32([N, H, W, C], x), int8([1, KH, KW, O], w), bias, opts({
          padding: p.padding, strideH: p.strideH, strideW: p.strideW, dilationH: p.dilationH, dilationW: p.dilationW,
          fusedActivation: p.activation, depthMultiplier: M,
        }));
        const want = refHybridDepthwiseConv2d(x, [N, H, W, C], w, [1, KH, KW, O], Float32Array.from(bias), p);
        expect(y.shape).toEqual(want.shape);
        expect(Array.from(y.data as Float32Array), `case ${t}: ${JSON.stringify({ N, H, W, C, M, KH, KW, ...p })}`).toEqual(Array.from(want.data));
      }
    });

    it('official runtime goldens: per-channel cases bit for bit', () => {
      let exact = 0;
      for (const g of opGoldens('DEPTHWISE_CONV_2D').filter((c) => c.case.inputs[1]?.dtype === 'int8' && c.case.inputs[1].quantization!.scale.length > 1)) {
        const [y] = Interpreter.create(g.model).invoke(g.inputs);
        expect(y.shape, g.title).toEqual(g.expected[0].shape);
        expect(Array.from(y.data as Float32Array), g.title).toEqual(Array.from(g.expected[0].data as Float32Array));
        exact++;
      }
      expect(exact).toBe(3);
    });
  });
}

describe('hybrid DEPTHWISE_CONV_2D refusals', () => {
  it('one scale for the whole filter: refused; the official runtime reads past its scale array there', () => {
    const g = opGoldens('DEPTHWISE_CONV_2D').find((c) => c.title.endsWith('/hybrid_per_tensor'))!;
    expect(() => Interpreter.create(g.model)).toThrow(/DEPTHWISE_CONV_2D \(node 0\): filter has 1 scale\(s\); hybrid DEPTHWISE_CONV_2D needs one per output channel \(4, axis 3\)/);
    // Evidence: with the scale repeated per channel, channel 0 matches the runtime, channels 1..3 do not.
    const sg = g.model.subgraphs[0];
    const wt = sg.tensors[sg.operators[0].inputs[1]];
    const wb = g.model.buffers[wt.buffer];
    const s = wt.quantization!.scale[0];
    const bias = new Float32Array(g.model.buffers[sg.tensors[sg.operators[0].inputs[2]].buffer].slice().buffer);
    const want = refHybridDepthwiseConv2d(g.inputs[0].data as Float32Array, g.inputs[0].shape,
      { q: new Int8Array(wb.buffer, wb.byteOffset, wb.byteLength), scales: [s, s, s, s] }, wt.shape, bias,
      { padding: 'SAME', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: 'RELU6' });
    const official = g.expected[0].data as Float32Array;
    const differs = [0, 1, 2, 3].map((c) => official.some((v, i) => i % 4 === c && v !== want.data[i]));
    expect(differs).toEqual([false, true, true, true]);
  });
  it('a depth_multiplier option that disagrees with the shapes, TANH, a non-zero zero point', () => {
    const f = int8([1, 3, 3, 8], quantizeWeights(F3, [1, 3, 3, 8], S3, 3));
    expect(() => run(f32([1, 3, 3, 8], X3), f, null, opts({ depthMultiplier: 2 }))).toThrow(/depth_multiplier option is 2 but the shapes give 1/);
    expect(() => run(f32([1, 3, 3, 8], X3), f, null, opts({ fusedActivation: 'TANH' }))).toThrow(/TANH is not supported by hybrid DEPTHWISE_CONV_2D/);
    const zp = { ...f, quantization: { ...f.quantization!, zeroPoint: [0, 0, 0, 1, 0, 0, 0, 0] } };
    expect(() => run(f32([1, 3, 3, 8], X3), zp, null, opts())).toThrow(/filter \(tensor 1 'dw\/filter'\) has a non-zero zero point/);
  });
});
