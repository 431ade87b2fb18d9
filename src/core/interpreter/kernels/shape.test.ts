import { describe, expect, it } from 'vitest';
import { checkOpGoldens } from '../../testing/golden_check';
import { KernelError } from '../kernel';
import { f32, i32, prepareKernel, runKernel, runtime } from '../../testing/run_kernel';
import { shape } from './shape';

describe('SHAPE', () => {
  it('returns the dims as int32 by default', () => {
    const [out] = runKernel(shape, { opName: 'SHAPE', inputs: [runtime(f32([1, 3, 1, 2], new Array(6).fill(0)))], outputs: [{ dtype: 'int32' }] });
    expect(out.shape).toEqual([4]);
    expect(Array.from(out.data as Int32Array)).toEqual([1, 3, 1, 2]);
  });
  it('returns int64 when out_type says so, for any input dtype', () => {
    const [out] = runKernel(shape, {
      opName: 'SHAPE', options: { type: 'ShapeOptions', outType: 'int64' },
      inputs: [runtime(i32([2, 5], new Array(10).fill(1)))], outputs: [{ dtype: 'int64' }],
    });
    expect(Array.from(out.data as BigInt64Array)).toEqual([2n, 5n]);
  });
  it('follows the run-time shape (a new batch) and scalars', () => {
    const k = prepareKernel(shape, { opName: 'SHAPE', inputs: [runtime(f32([1, 4], [1, 2, 3, 4]))], outputs: [{ dtype: 'int32' }] });
    expect(Array.from(k.run([f32([3, 4], new Array(12).fill(0))])[0].data as Int32Array)).toEqual([3, 4]);
    expect(k.run([f32([], [5])])[0].shape).toEqual([0]);
  });
  it('refuses an output type that disagrees with out_type, or an unsupported out_type', () => {
    expect(() => runKernel(shape, {
      opName: 'SHAPE', nodeIndex: 2, options: { type: 'ShapeOptions', outType: 'int64' },
      inputs: [runtime(f32([1], [0]))], outputs: [{ dtype: 'int32' }],
    })).toThrow(/SHAPE \(node 2\): output tensor type int32 differs from ShapeOptions.out_type int64/);
    expect(() => runKernel(shape, {
      opName: 'SHAPE', options: { type: 'ShapeOptions', outType: 'float32' },
      inputs: [runtime(f32([1], [0]))], outputs: [{ dtype: 'float32' }],
    })).toThrow(KernelError);
  });
});

describe('SHAPE vs the official runtime (goldens)', () => {
  it('every case are identical to the official outputs', () => {
    expect(checkOpGoldens('SHAPE', 0).length).toBeGreaterThanOrEqual(3);
  });
});
