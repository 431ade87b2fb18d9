import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSimdEnabled } from '../simd/kernels';
import type { Activation, Conv2DOptions, Padding } from '../../tflite/options';
import { KernelError } from '../kernel';
import { constant, f32, prepareKernel, runKernel, runtime } from '../../testing/run_kernel';
import { refConv2d } from '../../testing/reference/conv';
import { makeRng } from '../../util/rng';
import { expectClose } from '../../testing/tolerance';
import { checkOpGoldens } from '../../testing/golden_check';
import { opGoldens } from '../../testing/goldens/index';
import { Interpreter } from '../interpreter';
import { conv2d } from './conv_2d';

function opts(o: Partial<Conv2DOptions> = {}): Conv2DOptions {
  return {
    type: 'Conv2DOptions', padding: 'VALID', strideH: 1, strideW: 1, fusedActivation: 'NONE', dilationH: 1,
    dilationW: 1, quantizedBiasType: 'float32', ...o,
  };
}

function conv(input: number[], inShape: number[], filter: number[], fShape: number[], bias: number[] | null, o: Conv2DOptions) {
  return runKernel(conv2d, {
    opName: 'CONV_2D', options: o,
    inputs: [runtime(f32(inShape, input)), constant(f32(fShape, filter)), bias ? constant(f32([bias.length], bias)) : null],
    outputs: [{ dtype: 'float32' }],
  })[0];
}

describe.each([['SIMD', true], ['scalar JS', false]] as const)('CONV_2D hand cases (from tflite conv_test.cc) (%s path)', (_path, simd) => {
  beforeAll(() => setSimdEnabled(simd));
  afterAll(() => setSimdEnabled(true));
  it('SimpleTestFloat32: 2 batches, 3 filters, stride 2, VALID', () => {
    const out = conv(
      [1, 1, 1, 1, 2, 2, 2, 2, 1, 2, 3, 4, 1, 2, 3, 4], [2, 2, 4, 1],
      [1, 2, 3, 4, -1, 1, -1, 1, -1, -1, 1, 1], [3, 2, 2, 1], [1, 2, 3], opts({ strideH: 2, strideW: 2 }),
    );
    expect(out.shape).toEqual([2, 1, 2, 3]);
    expect(Array.from(out.data as Float32Array)).toEqual([18, 2, 5, 18, 2, 5, 17, 4, 3, 37, 4, 3]);
  });

  it('HandCalculatedFloat32: 3×3 filter, SAME padding', () => {
    const out = conv([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [1, 3, 4, 1], [1, 4, 7, 2, 5, 8, 3, 6, 9], [1, 3, 3, 1], [0], opts({ padding: 'SAME' }));
    expect(out.shape).toEqual([1, 3, 4, 1]);
    expect(Array.from(out.data as Float32Array)).toEqual([105, 150, 183, 95, 235, 312, 357, 178, 187, 234, 261, 121]);
  });

  it('fused RELU6 and RELU clamp the same sums', () => {
    const input = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const filter = [1, 4, 7, 2, 5, 8, 3, 6, 9];
    const relu6 = conv(input, [1, 3, 4, 1], filter, [1, 3, 3, 1], [-200], opts({ padding: 'SAME', fusedActivation: 'RELU6' }));
    expect(Array.from(relu6.data as Float32Array)).toEqual([0, 0, 0, 0, 6, 6, 6, 0, 0, 6, 6, 0]);
    const relu = conv(input, [1, 3, 4, 1], filter, [1, 3, 3, 1], [-200], opts({ padding: 'SAME', fusedActivation: 'RELU' }));
    expect(Array.from(relu.data as Float32Array)).toEqual([0, 0, 0, 0, 35, 112, 157, 0, 0, 34, 61, 0]);
  });

  it('dilation 2: a 2×2 filter of ones reads every other pixel', () => {
    const input = Array.from({ length: 16 }, (_, i) => i);
    const out = conv(input, [1, 4, 4, 1], [1, 1, 1, 1], [1, 2, 2, 1], [0], opts({ dilationH: 2, dilationW: 2 }));
    expect(out.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(out.data as Float32Array)).toEqual([20, 24, 36, 40]);
  });

  it('grouped convolution: input channels = 2 × filter input channels', () => {
    const out = conv([1, 2, 3, 4], [1, 1, 1, 4], [1, 1, 1, -1], [2, 1, 1, 2], [0.5, 0], opts());
    expect(Array.from(out.data as Float32Array)).toEqual([3.5, -1]);
  });
});

describe.each([['SIMD', true], ['scalar JS', false]] as const)('CONV_2D seeded sweep vs the naive reference (%s path)', (_path, simd) => {
  beforeAll(() => setSimdEnabled(simd));
  afterAll(() => setSimdEnabled(true));
  it('matches on odd shapes, strides, dilations, paddings, groups and batch > 1', () => {
    const rng = makeRng(2024);
    const acts: Activation[] = ['NONE', 'RELU', 'RELU6', 'RELU_N1_TO_1'];
    for (let t = 0; t < 60; t++) {
      const groups = t % 5 === 0 ? rng.int(2, 3) : 1;
      const I = rng.int(1, 5);
      const C = I * groups;
      const O = groups * rng.int(1, 7);
      const KH = rng.int(1, 4);
      const KW = rng.int(1, 4);
      const dilationH = rng.int(1, 2);
      const dilationW = rng.int(1, 3);
      const H = rng.int((KH - 1) * dilationH + 1, 12);
      const W = rng.int((KW - 1) * dilationW + 1, 12);
      const N = rng.int(1, 3);
      const o = opts({
        padding: (rng.next() < 0.5 ? 'SAME' : 'VALID') as Padding, strideH: rng.int(1, 3), strideW: rng.int(1, 3),
        dilationH, dilationW, fusedActivation: acts[rng.int(0, 3)],
      });
      const input = rng.floats(N * H * W * C);
      const filter = rng.floats(O * KH * KW * I);
      const bias = rng.floats(O);
      const got = conv(Array.from(input), [N, H, W, C], Array.from(filter), [O, KH, KW, I], Array.from(bias), o);
      const want = refConv2d(input, [N, H, W, C], filter, [O, KH, KW, I], bias, {
        padding: o.padding, strideH: o.strideH, strideW: o.strideW, dilationH, dilationW, activation: o.fusedActivation,
      });
      expect(got.shape).toEqual(want.shape);
      expectClose(got.data as Float32Array, want.data, { rel: 1e-5, abs: 1e-5, what: `case ${t}` });
    }
  });

  it('follows a new batch size at eval and reuses its scratch', () => {
    const rng = makeRng(5);
    const filter = rng.floats(4 * 3 * 3 * 2);
    const k = prepareKernel(conv2d, {
      opName: 'CONV_2D', options: opts({ padding: 'SAME' }),
      inputs: [runtime(f32([1, 5, 6, 2], rng.floats(60))), constant(f32([4, 3, 3, 2], filter)), constant(f32([4], [0, 1, 2, 3]))],
      outputs: [{ dtype: 'float32', shape: [1, 5, 6, 4] }],
    });
    const big = rng.floats(7 * 5 * 6 * 2);
    const [out] = k.run([f32([7, 5, 6, 2], big)]);
    expect(out.shape).toEqual([7, 5, 6, 4]);
    const want = refConv2d(big, [7, 5, 6, 2], filter, [4, 3, 3, 2], new Float32Array([0, 1, 2, 3]), {
      padding: 'SAME', strideH: 1, strideW: 1, dilationH: 1, dilationW: 1, activation: 'NONE',
    });
    expectClose(out.data as Float32Array, want.data, { rel: 1e-5, abs: 1e-6 });
  });

  it('covers large images in several bands', () => {
    const rng = makeRng(11);
    const input = rng.floats(1 * 70 * 90 * 3);
    const filter = rng.floats(8 * 3 * 3 * 3);
    const bias = rng.floats(8);
    const got = conv(Array.from(input), [1, 70, 90, 3], Array.from(filter), [8, 3, 3, 3], Array.from(bias), opts({ padding: 'SAME', strideW: 2 }));
    const want = refConv2d(input, [1, 70, 90, 3], filter, [8, 3, 3, 3], bias, {
      padding: 'SAME', strideH: 1, strideW: 2, dilationH: 1, dilationW: 1, activation: 'NONE',
    });
    expectClose(got.data as Float32Array, want.data, { rel: 1e-5, abs: 1e-6 });
  });
});

describe('CONV_2D errors', () => {
  const base = (filterShape: number[], o = opts(), bias: number[] | null = [0]) => ({
    opName: 'CONV_2D', nodeIndex: 4, options: o,
    inputs: [
      runtime(f32([1, 3, 3, 2], new Array(18).fill(1)), 'image'),
      constant(f32(filterShape, new Array(filterShape.reduce((a, b) => a * b, 1)).fill(1)), 'conv/filter'),
      bias ? constant(f32([bias.length], bias)) : null,
    ],
    outputs: [{ dtype: 'float32' as const }],
  });

  it('refuses an int8 filter without scales (hybrid path), naming the tensor', () => {
    const spec = base([1, 1, 1, 2]);
    spec.inputs[1] = constant({ dtype: 'int8', shape: [1, 1, 1, 2], data: new Int8Array([1, 2]), quantization: null }, 'conv/filter');
    expect(() => runKernel(conv2d, spec)).toThrow(/CONV_2D \(node 4\): filter \(tensor 1 'conv\/filter'\) is int8 without quantization scales/);
  });
  it('refuses a wrong bias length, a 3-D filter, mismatched channels, TANH and bad strides', () => {
    expect(() => runKernel(conv2d, base([1, 1, 1, 2], opts(), [0, 0]))).toThrow(/bias .* has 2 elements, filter has 1 output channels/);
    expect(() => runKernel(conv2d, base([1, 1, 2]))).toThrow(/must be 4-D/);
    expect(() => runKernel(conv2d, base([1, 1, 1, 3]))).toThrow(/input channels 2 are not a multiple of the filter's input channels 3/);
    expect(() => runKernel(conv2d, base([1, 1, 1, 2], opts({ fusedActivation: 'TANH' })))).toThrow(/TANH is not supported/);
    expect(() => runKernel(conv2d, base([1, 1, 1, 2], opts({ strideH: 0 })))).toThrow(KernelError);
    expect(() => runKernel(conv2d, base([1, 5, 5, 2]))).toThrow(/does not fit the input/);
  });
  it('refuses a missing bias (2 inputs or -1), as TFLite does', () => {
    expect(() => runKernel(conv2d, base([1, 1, 1, 2], opts(), null))).toThrow(/CONV_2D \(node 4\): has no bias input/);
    const two = base([1, 1, 1, 2]);
    two.inputs.pop();
    expect(() => runKernel(conv2d, two)).toThrow(/has no bias input/);
  });
  it('refuses a non-4-D input at eval', () => {
    const k = prepareKernel(conv2d, base([1, 1, 1, 2]));
    expect(() => k.run([f32([3, 3, 2], new Array(18).fill(1))])).toThrow(/CONV_2D \(node 4\): input must be 4-D/);
  });
});

describe.each([['SIMD', true], ['scalar JS', false]] as const)('CONV_2D vs the official runtime (goldens) (%s path)', (_path, simd) => {
  beforeAll(() => setSimdEnabled(simd));
  afterAll(() => setSimdEnabled(true));
  const isHybrid = (title: string) => title.includes('hybrid');
  it('float cases equal the official runtime bit for bit (XNNPACK\'s summation order); cases TFLite refuses are refused', () => {
    const results = checkOpGoldens('CONV_2D', 0, (g) => !isHybrid(g.title));
    expect(results.length).toBeGreaterThanOrEqual(11);
  });
  it('hybrid cases (int8 filter) run on the hybrid path (numbers compared in hybrid/conv_2d.test.ts)', () => {
    const hybrid = opGoldens('CONV_2D').filter((g) => isHybrid(g.title));
    expect(hybrid.length).toBeGreaterThan(0);
    for (const g of hybrid) expect(() => Interpreter.create(g.model).invoke(g.inputs)).not.toThrow();
  });
});
