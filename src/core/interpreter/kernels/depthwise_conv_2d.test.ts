import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSimdEnabled } from '../simd/kernels';
import type { Activation, DepthwiseConv2DOptions, Padding } from '../../tflite/options';
import { constant, f32, prepareKernel, runKernel, runtime } from '../../testing/run_kernel';
import { refDepthwiseConv2d } from '../../testing/reference/conv';
import { makeRng } from '../../util/rng';
import { expectClose } from '../../testing/tolerance';
import { checkOpGoldens } from '../../testing/golden_check';
import { opGoldens } from '../../testing/goldens/index';
import { Interpreter } from '../interpreter';
import { depthwiseConv2d } from './depthwise_conv_2d';

function opts(o: Partial<DepthwiseConv2DOptions> = {}): DepthwiseConv2DOptions {
  return {
    type: 'DepthwiseConv2DOptions', padding: 'VALID', strideH: 1, strideW: 1, depthMultiplier: 1, fusedActivation: 'NONE',
    dilationH: 1, dilationW: 1, ...o,
  };
}

function dw(input: ArrayLike<number>, inShape: number[], filter: ArrayLike<number>, fShape: number[], bias: ArrayLike<number> | null, o: DepthwiseConv2DOptions) {
  return runKernel(depthwiseConv2d, {
    opName: 'DEPTHWISE_CONV_2D', options: o,
    inputs: [runtime(f32(inShape, input)), constant(f32(fShape, filter)), ...(bias ? [constant(f32([fShape[3]], bias))] : [])],
    outputs: [{ dtype: 'float32' }],
  })[0];
}

describe.each([['SIMD', true], ['scalar JS', false]] as const)('DEPTHWISE_CONV_2D hand cases (tflite depthwise_conv_test.cc) (%s path)', (_path, simd) => {
  beforeAll(() => setSimdEnabled(simd));
  afterAll(() => setSimdEnabled(true));
  it('SimpleTest: multiplier 2, VALID', () => {
    const out = dw(
      [1, 2, 7, 8, 3, 4, 9, 10, 5, 6, 11, 12], [1, 3, 2, 2],
      [1, 2, 3, 4, -9, 10, -11, 12, 5, 6, 7, 8, 13, -14, 15, -16], [1, 2, 2, 4], [1, 2, 3, 4], opts({ depthMultiplier: 2 }),
    );
    expect(out.shape).toEqual([1, 2, 1, 4]);
    expect(Array.from(out.data as Float32Array)).toEqual([71, -34, 99, -20, 91, -26, 127, -4]);
  });
  it('SAME padding with stride 2 and RELU, hand-computed', () => {
    // 1 channel, 3×3 input 1..9, 3×3 filter of ones: sums of the in-bounds 3×3 neighbourhoods at (0,0),(0,2),(2,0),(2,2).
    const out = dw([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1], new Array(9).fill(1), [1, 3, 3, 1], [-13], opts({ padding: 'SAME', strideH: 2, strideW: 2, fusedActivation: 'RELU' }));
    expect(out.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(out.data as Float32Array)).toEqual([0, 3, 11, 15]);
  });
});

describe.each([['SIMD', true], ['scalar JS', false]] as const)('DEPTHWISE_CONV_2D seeded sweep vs the naive reference (%s path)', (_path, simd) => {
  beforeAll(() => setSimdEnabled(simd));
  afterAll(() => setSimdEnabled(true));
  it('matches on odd shapes, multipliers, strides, dilations and batch > 1', () => {
    const rng = makeRng(77);
    const acts: Activation[] = ['NONE', 'RELU', 'RELU6', 'RELU_N1_TO_1'];
    for (let t = 0; t < 60; t++) {
      // every third case is SIMD-eligible (multiplier 1, channels a multiple of 4)
      const C = t % 3 === 0 ? 4 * rng.int(1, 3) : rng.int(1, 6);
      const M = t % 3 === 0 ? 1 : rng.int(1, 3);
      const KH = rng.int(1, 4);
      const KW = rng.int(1, 4);
      const dilationH = rng.int(1, 2);
      const dilationW = rng.int(1, 2);
      const H = rng.int((KH - 1) * dilationH + 1, 11);
      const W = rng.int((KW - 1) * dilationW + 1, 11);
      const N = rng.int(1, 3);
      const o = opts({
        padding: (rng.next() < 0.5 ? 'SAME' : 'VALID') as Padding, strideH: rng.int(1, 3), strideW: rng.int(1, 3),
        dilationH, dilationW, fusedActivation: acts[rng.int(0, 3)], depthMultiplier: M,
      });
      const x = rng.floats(N * H * W * C);
      const f = rng.floats(KH * KW * C * M);
      const bias = rng.next() < 0.8 ? rng.floats(C * M) : null;
      const got = dw(x, [N, H, W, C], f, [1, KH, KW, C * M], bias, o);
      const want = refDepthwiseConv2d(x, [N, H, W, C], f, [1, KH, KW, C * M], bias, {
        padding: o.padding, strideH: o.strideH, strideW: o.strideW, dilationH, dilationW, activation: o.fusedActivation,
      });
      expect(got.shape).toEqual(want.shape);
      expectClose(got.data as Float32Array, want.data, { rel: 1e-5, abs: 1e-6, what: `case ${t}` });
    }
  });
  it('follows a new batch size', () => {
    const rng = makeRng(4);
    const f = rng.floats(3 * 3 * 4);
    const k = prepareKernel(depthwiseConv2d, {
      opName: 'DEPTHWISE_CONV_2D', options: opts({ padding: 'SAME' }),
      inputs: [runtime(f32([1, 5, 5, 4], rng.floats(100))), constant(f32([1, 3, 3, 4], f))], outputs: [{ dtype: 'float32' }],
    });
    const x = rng.floats(3 * 5 * 5 * 4);
    const [out] = k.run([f32([3, 5, 5, 4], x)]);
    const want = refDepthwiseConv2d(x, [3, 5, 5, 4], f, [1, 3, 3, 4], null, {
      padding: 'SAME', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: 'NONE',
    });
    expectClose(out.data as Float32Array, want.data, { rel: 1e-5, abs: 1e-6 });
  });
});

describe('DEPTHWISE_CONV_2D errors', () => {
  it('refuses a bias marked omitted (-1), as TFLite does; 2 inputs mean no bias', () => {
    expect(() => runKernel(depthwiseConv2d, {
      opName: 'DEPTHWISE_CONV_2D', options: opts(),
      inputs: [runtime(f32([1, 1, 1, 2], [1, 1])), constant(f32([1, 1, 1, 2], [2, 3])), null], outputs: [{ dtype: 'float32' }],
    })).toThrow(/input 2 \(bias\) is marked omitted/);
    const [out] = runKernel(depthwiseConv2d, {
      opName: 'DEPTHWISE_CONV_2D', options: opts(),
      inputs: [runtime(f32([1, 1, 1, 2], [1, 1])), constant(f32([1, 1, 1, 2], [2, 3]))], outputs: [{ dtype: 'float32' }],
    });
    expect(Array.from(out.data as Float32Array)).toEqual([2, 3]);
  });
  it('refuses int8 filters without scales (hybrid path), bad filter shapes, channel mismatch, bias length', () => {
    expect(() => runKernel(depthwiseConv2d, {
      opName: 'DEPTHWISE_CONV_2D', nodeIndex: 9, options: opts(),
      inputs: [runtime(f32([1, 2, 2, 2], new Array(8).fill(1))), constant({ dtype: 'int8', shape: [1, 1, 1, 2], data: new Int8Array(2), quantization: null }, 'dw/filter')],
      outputs: [{ dtype: 'float32' }],
    })).toThrow(/DEPTHWISE_CONV_2D \(node 9\): filter \(tensor 1 'dw\/filter'\) is int8 without quantization scales/);
    expect(() => dw(new Array(8).fill(1), [1, 2, 2, 2], [1, 1], [2, 1, 1, 1], null, opts())).toThrow(/must be \[1, kH, kW, outC\]/);
    expect(() => dw(new Array(8).fill(1), [1, 2, 2, 2], [1, 1, 1], [1, 1, 1, 3], null, opts())).toThrow(/3 are not a multiple of the input channels 2/);
    expect(() => runKernel(depthwiseConv2d, {
      opName: 'DEPTHWISE_CONV_2D', options: opts(),
      inputs: [runtime(f32([1, 1, 1, 2], [1, 1])), constant(f32([1, 1, 1, 2], [1, 1])), constant(f32([3], [0, 0, 0]))],
      outputs: [{ dtype: 'float32' }],
    })).toThrow(/bias .* has 3 elements/);
  });
});

describe.each([['SIMD', true], ['scalar JS', false]] as const)('DEPTHWISE_CONV_2D vs the official runtime (goldens) (%s path)', (_path, simd) => {
  beforeAll(() => setSimdEnabled(simd));
  afterAll(() => setSimdEnabled(true));
  const isHybrid = (title: string) => title.includes('hybrid');
  it('float cases run by XNNPACK equal it bit for bit (its tap order per tap count); cases TFLite refuses are refused', () => {
    expect(checkOpGoldens('DEPTHWISE_CONV_2D', 0, (g) => !isHybrid(g.title) && g.xnnpack !== false).length).toBeGreaterThanOrEqual(13);
  });
  it('the float case TFLite runs on its builtin kernel (no bias: XNNPACK declines it) agrees within 1e-6', () => {
    expect(checkOpGoldens('DEPTHWISE_CONV_2D', 1e-6, (g) => g.xnnpack === false && !isHybrid(g.title)).length).toBe(1);
  });
  it('hybrid cases (int8 filter) run on the hybrid path (numbers compared in hybrid/depthwise_conv_2d.test.ts)', () => {
    const hybrid = opGoldens('DEPTHWISE_CONV_2D').filter((g) => isHybrid(g.title));
    expect(hybrid.length).toBeGreaterThan(0);
    for (const g of hybrid) {
      const run = () => Interpreter.create(g.model).invoke(g.inputs);
      if (g.case.inputs[1]!.quantization!.scale.length === 1) expect(run).toThrow(/needs one per output channel/);
      else expect(run).not.toThrow();
    }
  });
});
