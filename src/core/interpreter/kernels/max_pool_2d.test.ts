import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSimdEnabled } from '../simd/kernels';
import { checkOpGoldens } from '../../testing/golden_check';
import type { Kernel } from '../kernel';
import { f32, prepareKernel, runtime } from '../../testing/run_kernel';
import { maxPool2d } from './max_pool_2d';
import { poolOpts, runPool, sweepPool } from '../../testing/pool_cases';
import { refPool } from '../../testing/reference/pool';
import { makeRng } from '../../util/rng';
import type { Activation } from '../../tflite/options';

const k = maxPool2d as Kernel<never>;

describe.each([['SIMD', true], ['scalar JS', false]] as const)('MAX_POOL_2D (%s path)', (_path, simd) => {
  beforeAll(() => setSimdEnabled(simd));
  afterAll(() => setSimdEnabled(true));
  it('hand case from tflite pooling_test.cc: 2×2 stride 2 VALID', () => {
    const out = runPool(k, 'MAX_POOL_2D', [1, 2, 4, 1], [0, 6, 2, 4, 3, 2, 10, 7], poolOpts());
    expect(out.shape).toEqual([1, 1, 2, 1]);
    expect(Array.from(out.data as Float32Array)).toEqual([6, 10]);
  });
  it('SAME padding never lets the padding win; RELU6 clamps', () => {
    const out = runPool(k, 'MAX_POOL_2D', [1, 3, 3, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9], poolOpts({ padding: 'SAME', strideH: 1, strideW: 1 }));
    expect(Array.from(out.data as Float32Array)).toEqual([5, 6, 6, 8, 9, 9, 8, 9, 9]);
    const neg = runPool(k, 'MAX_POOL_2D', [1, 2, 2, 1], [-5, -6, -7, -8], poolOpts({ padding: 'SAME' }));
    expect(Array.from(neg.data as Float32Array)).toEqual([-5]);
    const r6 = runPool(k, 'MAX_POOL_2D', [1, 2, 4, 1], [0, 6, 2, 4, 3, 2, 10, 7], poolOpts({ fusedActivation: 'RELU6' }));
    expect(Array.from(r6.data as Float32Array)).toEqual([6, 6]);
  });
  it('matches the naive reference on a seeded sweep', () => sweepPool(k, 'MAX_POOL_2D', 'max', 17));
  it('2×2 stride 2 without padding (its own SIMD loop): odd and even sizes, batches, activations equal the reference', () => {
    const rng = makeRng(29);
    const cases: [number[], 'SAME' | 'VALID', Activation][] = [
      [[1, 26, 26, 12], 'VALID', 'NONE'], [[3, 7, 9, 8], 'VALID', 'RELU'], [[2, 6, 4, 4], 'SAME', 'RELU6'], [[1, 5, 2, 16], 'VALID', 'RELU_N1_TO_1'],
    ];
    for (const [shape, padding, act] of cases) {
      const x = rng.floats(shape.reduce((a, b) => a * b, 1), -3, 3);
      const got = runPool(k, 'MAX_POOL_2D', shape, x, poolOpts({ padding, fusedActivation: act }));
      const want = refPool('max', x, shape, { padding, strideH: 2, strideW: 2, filterH: 2, filterW: 2, activation: act });
      expect(got.shape).toEqual(want.shape);
      expect(Array.from(got.data as Float32Array)).toEqual(Array.from(want.data));
    }
  });
  it("ignores NaN like TFLite's std::max fold (4 channels, so the SIMD path takes it)", () => {
    // one 2×2 window, channels: [NaN first, NaN last, all NaN, plain]
    const N = Number.NaN;
    const out = runPool(k, 'MAX_POOL_2D', [1, 2, 2, 4], [N, 1, N, 5, 1, 2, N, 6, 2, 3, N, 7, 3, N, N, 8], poolOpts());
    expect(Array.from(out.data as Float32Array)).toEqual([3, 3, Math.fround(-3.4028234663852886e38), 8]);
  });
  it('follows a new batch size', () => {
    const p = prepareKernel(k, { opName: 'MAX_POOL_2D', options: poolOpts(), inputs: [runtime(f32([1, 2, 2, 1], [1, 2, 3, 4]))], outputs: [{ dtype: 'float32' }] });
    const [out] = p.run([f32([3, 2, 2, 1], [1, 2, 3, 4, 8, 7, 6, 5, 0, 0, 0, -1])]);
    expect(out.shape).toEqual([3, 1, 1, 1]);
    expect(Array.from(out.data as Float32Array)).toEqual([4, 8, 0]);
  });
  it('refuses bad inputs with KernelErrors naming op and node', () => {
    expect(() => runPool(k, 'MAX_POOL_2D', [2, 4, 1], [1, 2, 3, 4, 5, 6, 7, 8], poolOpts())).toThrow(/MAX_POOL_2D \(node 0\): input must be 4-D/);
    expect(() => runPool(k, 'MAX_POOL_2D', [1, 1, 1, 1], [1], poolOpts({ filterHeight: 3, strideH: 1 }))).toThrow(/does not fit/);
    expect(() => runPool(k, 'MAX_POOL_2D', [1, 2, 2, 1], [1, 2, 3, 4], poolOpts({ strideW: 0 }))).toThrow(/strides must be positive/);
    expect(() => runPool(k, 'MAX_POOL_2D', [1, 2, 2, 1], [1, 2, 3, 4], poolOpts({ fusedActivation: 'TANH' }))).toThrow(/TANH/);
  });
});

describe.each([['SIMD', true], ['scalar JS', false]] as const)('MAX_POOL_2D vs the official runtime (goldens) (%s path)', (_path, simd) => {
  beforeAll(() => setSimdEnabled(simd));
  afterAll(() => setSimdEnabled(true));
  it('every case are identical to the official outputs', () => {
    expect(checkOpGoldens('MAX_POOL_2D', 0).length).toBeGreaterThanOrEqual(5);
  });
});
