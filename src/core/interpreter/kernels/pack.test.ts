import { describe, expect, it } from 'vitest';
import { checkOpGoldens } from '../../testing/golden_check';
import { f32, i32, i64, runKernel, runtime, constant } from '../../testing/run_kernel';
import { makeRng } from '../../util/rng';
import type { TensorValue } from '../kernel';
import { pack } from './pack';

function run(inputs: TensorValue[], axis: number, valuesCount = inputs.length) {
  return runKernel(pack, {
    opName: 'PACK', options: { type: 'PackOptions', valuesCount, axis },
    inputs: inputs.map((v, i) => (i === 0 ? runtime(v) : constant(v))), outputs: [{ dtype: inputs[0].dtype }],
  })[0];
}

describe('PACK (tflite pack_test.cc)', () => {
  const a = f32([2], [1, 4]);
  const b = f32([2], [2, 5]);
  const c = f32([2], [3, 6]);
  it('axis 0 and axis 1 (= -1)', () => {
    const x = run([a, b, c], 0);
    expect(x.shape).toEqual([3, 2]);
    expect(Array.from(x.data as Float32Array)).toEqual([1, 4, 2, 5, 3, 6]);
    const y = run([a, b, c], 1);
    expect(y.shape).toEqual([2, 3]);
    expect(Array.from(y.data as Float32Array)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(run([a, b, c], -1).data as Float32Array)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('packs int32 scalars into a shape vector (the dynamic-batch RESHAPE pattern) and int64', () => {
    const x = run([i32([], [7]), i32([], [28]), i32([], [28]), i32([], [1])], 0);
    expect(x.shape).toEqual([4]);
    expect(Array.from(x.data as Int32Array)).toEqual([7, 28, 28, 1]);
    const y = run([i64([1], [5]), i64([1], [6])], 1);
    expect(Array.from(y.data as BigInt64Array)).toEqual([5n, 6n]);
  });
  it('matches a naive index formula on random shapes and axes', () => {
    const rng = makeRng(8);
    for (let t = 0; t < 30; t++) {
      const shape = Array.from({ length: rng.int(0, 3) }, () => rng.int(1, 4));
      const n = rng.int(1, 4);
      const axis = rng.int(0, shape.length);
      const size = shape.reduce((p, q) => p * q, 1);
      const ins = Array.from({ length: n }, () => f32(shape, rng.floats(size)));
      const out = run(ins, axis - (rng.next() < 0.5 ? shape.length + 1 : 0));
      const outer = shape.slice(0, axis).reduce((p, q) => p * q, 1);
      const inner = size / outer;
      const want: number[] = [];
      for (let o = 0; o < outer; o++) for (let i = 0; i < n; i++) for (let k = 0; k < inner; k++) want.push((ins[i].data as Float32Array)[o * inner + k]);
      expect(out.shape).toEqual([...shape.slice(0, axis), n, ...shape.slice(axis)]);
      expect(Array.from(out.data as Float32Array)).toEqual(want);
    }
  });
  it('refuses mismatched counts, types, shapes and axes', () => {
    expect(() => run([a, b], 0, 3)).toThrow(/PACK \(node 0\): values_count is 3 but the operator has 2 inputs/);
    expect(() => run([a, i32([2], [1, 2])], 0)).toThrow(/input 1 .* is int32, input 0 is float32/);
    expect(() => run([a, f32([3], [1, 2, 3])], 0)).toThrow(/input 1 has shape \[3\], input 0 has \[2\]/);
    expect(() => run([a, b], 3)).toThrow(/axis 3 is out of range/);
  });
});

describe('PACK vs the official runtime (goldens)', () => {
  it('every case are identical to the official outputs', () => {
    expect(checkOpGoldens('PACK', 0).length).toBeGreaterThanOrEqual(4);
  });
});
