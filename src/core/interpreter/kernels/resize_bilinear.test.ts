import { describe, expect, it } from 'vitest';
import { makeRng } from '../../util/rng';
import { constant, f32, i32, runKernel, runtime } from '../../testing/run_kernel';
import { refResizeBilinear } from '../../testing/reference/shape_ops';
import { expectClose } from '../../testing/tolerance';
import type { TensorValue } from '../kernel';
import { resizeBilinear } from './resize_bilinear';
import { describeOpGoldens } from '../../testing/reference/op_goldens';

/** Runs the kernel as TFLite's builtin one (the reference formula); `numerics` picks XNNPACK's. */
const run = (
  x: TensorValue, h: number, w: number, alignCorners = false, halfPixelCenters = false, sizeConst = true, nodeIndex = 0,
  numerics: 'builtin' | 'xnnpack' = 'builtin',
): TensorValue =>
  runKernel(resizeBilinear, {
    opName: 'RESIZE_BILINEAR', nodeIndex, options: { type: 'ResizeBilinearOptions', alignCorners, halfPixelCenters }, numerics,
    inputs: [runtime(x), sizeConst ? constant(i32([2], [h, w])) : runtime(i32([2], [h, w]))], outputs: [{ dtype: 'float32' }],
  })[0];
const nums = (v: TensorValue): number[] => Array.from(v.data as ArrayLike<number>);

describe('RESIZE_BILINEAR kernel (builtin kernel\'s arithmetic)', () => {
  it('hand-computed cases (TFLite resize_bilinear_test Horizontal/Vertical/TwoDimensional)', () => {
    expect(nums(run(f32([1, 1, 2, 1], [3, 6]), 1, 3))).toEqual([3, 5, 6]);
    expect(nums(run(f32([1, 2, 1, 1], [3, 9]), 3, 1))).toEqual([3, 7, 9]);
    const two = run(f32([1, 2, 2, 1], [3, 6, 9, 12]), 3, 3, false, false, false);
    expect(two.shape).toEqual([1, 3, 3, 1]);
    expect(nums(two)).toEqual([3, 5, 6, 7, 9, 10, 9, 11, 12]);
    // Two batches, two channels: each (batch, channel) plane is resized independently.
    const bc = run(f32([2, 1, 2, 2], [3, 30, 6, 60, 1, 10, 2, 20]), 1, 3);
    // Exact math gives 5/3 and 50/3; TFLite's float32 steps land within an ulp of them.
    expectClose(bc.data as Float32Array, [3, 30, 5, 50, 6, 60, 1, 10, 5 / 3, 50 / 3, 2, 20], { rel: 2e-7 });
  });

  it('align_corners and half_pixel_centers (hand-computed 2×2 → 3×3)', () => {
    const x = f32([1, 2, 2, 1], [3, 6, 9, 12]);
    expect(nums(run(x, 3, 3, true))).toEqual([3, 4.5, 6, 6, 7.5, 9, 9, 10.5, 12]);
    // half-pixel: source rows −1/6 (→ row 0 with weights 7/6 and −1/6), 1/2, 7/6 (→ row 1). In
    // float32 the −1/6 weights do not cancel exactly: TFLite's formula gives 2.9999998 for the 3.
    const hp = run(x, 3, 3, false, true);
    expectClose(hp.data as Float32Array, [3, 4.5, 6, 6, 7.5, 9, 9, 10.5, 12], { rel: 2e-7 });
    expect(nums(hp)[0]).toBe(Math.fround(2.9999998));
    // Downscale 4 → 2 with half-pixel centres samples at 0.5 and 2.5.
    expect(nums(run(f32([1, 1, 4, 1], [0, 1, 2, 3]), 1, 2, false, true))).toEqual([0.5, 2.5]);
  });

  it('agrees bit for bit with the float32 reference formula on seeded random sizes and modes', () => {
    const rng = makeRng(808);
    for (let trial = 0; trial < 40; trial++) {
      const shape = [rng.int(1, 2), rng.int(1, 6), rng.int(1, 6), rng.int(1, 3)];
      const mode = rng.int(0, 2);
      const oh = rng.int(1, 9);
      const ow = rng.int(1, 9);
      const x = f32(shape, rng.floats(shape.reduce((p, d) => p * d, 1), -10, 10));
      const out = run(x, oh, ow, mode === 1, mode === 2);
      const ref = refResizeBilinear(x.data as Float32Array, shape, oh, ow, mode === 1, mode === 2);
      expect(out.shape).toEqual(ref.shape);
      expect(nums(out)).toEqual(ref.data);
    }
  });

  it('refuses both flags, a non-4D input, a non-positive size and a float size', () => {
    expect(() => run(f32([1, 1, 1, 1], [1]), 2, 2, true, true, true, 12)).toThrow(/RESIZE_BILINEAR \(node 12\).*cannot both be true/);
    expect(() => run(f32([1, 2, 1], [1, 2]), 2, 2)).toThrow(/must be 4-D/);
    expect(() => run(f32([1, 1, 1, 1], [1]), 0, 2, false, false, false)).toThrow(/must be positive/);
    expect(() => runKernel(resizeBilinear, {
      opName: 'RESIZE_BILINEAR', inputs: [runtime(f32([1, 1, 1, 1], [1])), constant(f32([2], [2, 2]))], outputs: [{ dtype: 'float32' }],
    })).toThrow(/size .* has type float32/);
  });
});

// We compute TFLite's reference formula bit for bit; XNNPACK (which ran these cases) weighs the
// four taps in another order, hence ~1e-6.
describe('RESIZE_BILINEAR kernel (XNNPACK\'s arithmetic)', () => {
  it('half-pixel sources are clamped to the edge: the 2×2 → 3×3 corner is exactly 3; interior values as the formula', () => {
    const x = f32([1, 2, 2, 1], [3, 6, 9, 12]);
    expect(nums(run(x, 3, 3, false, true, true, 0, 'xnnpack'))).toEqual([3, 4.5, 6, 6, 7.5, 9, 9, 10.5, 12]);
    expect(nums(run(x, 3, 3, true, false, true, 0, 'xnnpack'))).toEqual([3, 4.5, 6, 6, 7.5, 9, 9, 10.5, 12]);
    expect(nums(run(f32([1, 1, 2, 1], [3, 6]), 1, 3, false, false, true, 0, 'xnnpack'))).toEqual([3, 5, 6]);
  });
});

// The goldens' size inputs are constants, so the official runtime ran them on XNNPACK: bit for bit.
describeOpGoldens('RESIZE_BILINEAR', resizeBilinear, { exact: true });
