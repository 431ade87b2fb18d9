import { describe, expect, it } from 'vitest';
import { checkOpGoldens } from '../../testing/golden_check';
import { KernelError } from '../kernel';
import { constant, f32, i32, i64, prepareKernel, runKernel, runtime } from '../../testing/run_kernel';
import { makeRng } from '../../util/rng';
import { reshape, resolveReshape } from './reshape';

const opts = (newShape: number[] | null) => ({ type: 'ReshapeOptions' as const, newShape });

describe('RESHAPE hand cases (tflite reshape_test.cc)', () => {
  it('reshapes with a constant shape tensor and keeps the data', () => {
    const [out] = runKernel(reshape, {
      opName: 'RESHAPE',
      inputs: [runtime(f32([1, 2, 4, 1], [1, 2, 3, 4, 5, 6, 7, 8])), constant(i32([3], [2, 2, 2]))],
      outputs: [{ dtype: 'float32' }],
    });
    expect(out.shape).toEqual([2, 2, 2]);
    expect(Array.from(out.data as Float32Array)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('infers the -1 (stretch) dimension', () => {
    const [out] = runKernel(reshape, {
      opName: 'RESHAPE',
      inputs: [runtime(f32([1, 2, 4, 1], [1, 2, 3, 4, 5, 6, 7, 8])), constant(i32([3], [2, 1, -1]))],
      outputs: [{ dtype: 'float32' }],
    });
    expect(out.shape).toEqual([2, 1, 4]);
  });

  it('uses new_shape from the options when there is no shape tensor; [0] means a scalar', () => {
    const [a] = runKernel(reshape, {
      opName: 'RESHAPE', options: opts([-1, 4]),
      inputs: [runtime(f32([2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]))], outputs: [{ dtype: 'float32' }],
    });
    expect(a.shape).toEqual([2, 4]);
    const [b] = runKernel(reshape, {
      opName: 'RESHAPE', options: opts([0]), inputs: [runtime(f32([1, 1], [3]))], outputs: [{ dtype: 'float32' }],
    });
    expect(b.shape).toEqual([]);
    expect(Array.from(b.data as Float32Array)).toEqual([3]);
  });

  it('falls back to the options when the shape tensor is int64 (TFLite reads only int32 vectors)', () => {
    const [out] = runKernel(reshape, {
      opName: 'RESHAPE', options: opts([4, 2]),
      inputs: [runtime(f32([8], [1, 2, 3, 4, 5, 6, 7, 8])), constant(i64([2], [2, 4]))],
      outputs: [{ dtype: 'float32' }],
    });
    expect(out.shape).toEqual([4, 2]);
  });

  it('reads a run-time shape tensor on every eval (new batch sizes)', () => {
    const k = prepareKernel(reshape, {
      opName: 'RESHAPE',
      inputs: [runtime(f32([1, 6], [1, 2, 3, 4, 5, 6])), runtime(i32([3], [1, 3, 2]))],
      outputs: [{ dtype: 'float32' }],
    });
    expect(k.run()[0].shape).toEqual([1, 3, 2]);
    const [out] = k.run([f32([2, 6], Array.from({ length: 12 }, (_, i) => i)), i32([3], [2, 3, 2])]);
    expect(out.shape).toEqual([2, 3, 2]);
    expect((out.data as Float32Array)[11]).toBe(11);
  });

  it('handles int32 and empty tensors', () => {
    const [a] = runKernel(reshape, {
      opName: 'RESHAPE', inputs: [runtime(i32([2, 3], [1, 2, 3, 4, 5, 6])), constant(i32([1], [-1]))],
      outputs: [{ dtype: 'int32' }],
    });
    expect(Array.from(a.data as Int32Array)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(resolveReshape([-1, 4], [0, 4])).toEqual([0, 4]);
  });
});

describe('RESHAPE seeded sweep', () => {
  it('any factorisation of the element count round-trips the data', () => {
    const rng = makeRng(7);
    for (let t = 0; t < 50; t++) {
      const dims = Array.from({ length: rng.int(1, 4) }, () => rng.int(1, 5));
      const n = dims.reduce((a, b) => a * b, 1);
      const data = rng.floats(n);
      const target = dims.slice().reverse();
      target[rng.int(0, target.length - 1)] = -1;
      const [out] = runKernel(reshape, {
        opName: 'RESHAPE', inputs: [runtime(f32(dims, data)), constant(i32([target.length], target))],
        outputs: [{ dtype: 'float32' }],
      });
      expect(out.shape).toEqual(dims.slice().reverse());
      expect(out.data).toEqual(data);
    }
  });
});

describe('RESHAPE errors', () => {
  it('refuses mismatched element counts at eval, naming op and node', () => {
    const k = prepareKernel(reshape, {
      opName: 'RESHAPE', nodeIndex: 3,
      inputs: [runtime(f32([2, 3], [1, 2, 3, 4, 5, 6])), runtime(i32([2], [4, 2]))],
      outputs: [{ dtype: 'float32' }],
    });
    expect(() => k.run()).toThrow(KernelError);
    expect(() => k.run()).toThrow(/RESHAPE \(node 3\): cannot reshape \[2, 3\] \(6 elements\) to \[4, 2\]/);
  });
  it('refuses two -1, a static mismatch, and a missing shape', () => {
    expect(() => resolveReshape([-1, -1], [4])).toThrow(/more than one -1/);
    expect(() => runKernel(reshape, {
      opName: 'RESHAPE', inputs: [runtime(f32([6], [1, 2, 3, 4, 5, 6])), constant(i32([1], [5]))],
      outputs: [{ dtype: 'float32' }],
    })).toThrow(/RESHAPE \(node 0\): cannot reshape/);
    expect(() => runKernel(reshape, {
      opName: 'RESHAPE', inputs: [runtime(f32([6], [1, 2, 3, 4, 5, 6]))], outputs: [{ dtype: 'float32' }],
    })).toThrow(/no usable shape/);
    expect(() => runKernel(reshape, {
      opName: 'RESHAPE', options: opts([6]), inputs: [runtime(f32([6], [1, 2, 3, 4, 5, 6]))], outputs: [{ dtype: 'int32' }],
    })).toThrow(/output type int32 differs from input type float32/);
  });
});

describe('RESHAPE vs the official runtime (goldens)', () => {
  it('every case are identical to the official outputs', () => {
    expect(checkOpGoldens('RESHAPE', 0).length).toBeGreaterThanOrEqual(4);
  });
});
