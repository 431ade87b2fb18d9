import { describe, expect, it } from 'vitest';
import type { DType } from '../../tflite/ir';
import { makeRng } from '../../util/rng';
import { f32, i32, i64, runKernel, runtime } from '../../testing/run_kernel';
import { allocTyped } from '../util/typed';
import type { TensorValue } from '../kernel';
import { bigintToFloat32, cast } from './cast';
import { describeOpGoldens } from '../../testing/reference/op_goldens';

const run = (x: TensorValue, to: DType, nodeIndex = 0): TensorValue =>
  runKernel(cast, { opName: 'CAST', nodeIndex, inputs: [runtime(x)], outputs: [{ dtype: to }] })[0];
const nums = (v: TensorValue): number[] => Array.from(v.data as ArrayLike<number>);
const val = (dtype: DType, data: number[]): TensorValue => {
  const arr = allocTyped(dtype, data.length);
  data.forEach((v, i) => { (arr as unknown as (number | bigint)[])[i] = dtype === 'int64' ? BigInt(v) : v; });
  return { dtype, shape: [data.length], data: arr, quantization: null };
};

describe('CAST kernel', () => {
  it('hand-computed cases (TFLite cast_test): float→int truncates, int→bool, bool→float', () => {
    expect(nums(run(f32([6], [100, 1, 0, 0.4, 1.999, 1.1]), 'int32'))).toEqual([100, 1, 0, 0, 1, 1]);
    expect(nums(run(f32([3], [-0.4, -1.999, -7.5]), 'int32'))).toEqual([0, -1, -7]);
    expect(nums(run(i32([4], [100, 1, 0, -1]), 'bool'))).toEqual([1, 1, 0, 1]);
    expect(nums(run(val('bool', [1, 0, 1]), 'float32'))).toEqual([1, 0, 1]);
    expect(nums(run(val('uint8', [0, 128, 255]), 'float32'))).toEqual([0, 128, 255]);
    expect(nums(run(f32([3], [0, NaN, -0.5]), 'bool'))).toEqual([0, 1, 1]);
  });

  it('float→integer saturates to the target range and maps NaN to the max', () => {
    expect(nums(run(f32([5], [300, -5, 255.9, NaN, 1e10]), 'uint8'))).toEqual([255, 0, 255, 255, 255]);
    expect(nums(run(f32([4], [200, -200, NaN, -128.7]), 'int8'))).toEqual([127, -128, 127, -128]);
    expect(nums(run(f32([3], [3e9, -3e9, NaN]), 'int32'))).toEqual([2147483647, -2147483648, 2147483647]);
    expect(Array.from(run(f32([3], [1e19, -1e19, -2.5]), 'int64').data as BigInt64Array))
      .toEqual([9223372036854775807n, -9223372036854775808n, -2n]);
  });

  it('integer→integer wraps (two\'s complement), int64 ↔ others', () => {
    expect(nums(run(i32([4], [300, -1, 128, 256]), 'uint8'))).toEqual([44, 255, 128, 0]);
    expect(nums(run(i32([3], [300, 128, -129]), 'int8'))).toEqual([44, -128, 127]);
    expect(nums(run(i64([3], [2 ** 32 + 5, -1, 2 ** 31]), 'int32'))).toEqual([5, -1, -2147483648]);
    expect(Array.from(run(i32([2], [-3, 7]), 'int64').data as BigInt64Array)).toEqual([-3n, 7n]);
    expect(nums(run(val('uint8', [200, 7]), 'int8'))).toEqual([-56, 7]);
    expect(nums(run(i64([2], [0, -9]), 'bool'))).toEqual([0, 1]);
  });

  it('int64 → float32 rounds once, to nearest even, even beyond 2^53', () => {
    // 2^60 + 2^36 + 1: the float32 neighbours are 2^60 and 2^60 + 2^37; the value lies just above
    // the midpoint, so it must round up (Number() would first round to 2^60 + 2^36, a tie → down).
    const v = 2n ** 60n + 2n ** 36n + 1n;
    expect(bigintToFloat32(v)).toBe(2 ** 60 + 2 ** 37);
    expect(bigintToFloat32(2n ** 60n + 2n ** 36n)).toBe(2 ** 60); // exact tie → even mantissa
    expect(bigintToFloat32(-(2n ** 63n))).toBe(-(2 ** 63));
    const out = run({ dtype: 'int64', shape: [2], data: new BigInt64Array([v, 16777217n]), quantization: null }, 'float32');
    expect(nums(out)).toEqual([2 ** 60 + 2 ** 37, 16777216]);
  });

  it('agrees with an element-by-element reference on seeded random values for every type pair', () => {
    const types: DType[] = ['float32', 'int32', 'uint8', 'int8', 'int16', 'int64', 'bool'];
    const rng = makeRng(606);
    const range: Record<string, [number, number]> = {
      int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], int32: [-2147483648, 2147483647],
    };
    const wrap = (v: number, t: DType): number => {
      if (t === 'int8') return (v << 24) >> 24;
      if (t === 'uint8') return v & 255;
      if (t === 'int16') return (v << 16) >> 16;
      return v | 0;
    };
    for (const from of types) {
      for (const to of types) {
        const raw = Array.from({ length: 40 }, () => (from === 'float32' ? Math.fround(rng.uniform(-400, 400))
          : from === 'bool' ? rng.int(0, 1) : rng.int(...(range[from] ?? [-1e6, 1e6]))));
        const out = run(val(from, raw), to);
        const expected = raw.map((v) => {
          if (to === 'bool') return v !== 0 ? 1 : 0;
          if (to === 'float32') return Math.fround(v);
          if (to === 'int64') return Math.trunc(v) + 0;
          const t = Math.trunc(v) + 0; // + 0: no −0 in integer types
          if (from === 'float32') return Math.min(Math.max(t, range[to][0]), range[to][1]);
          return wrap(t, to);
        });
        const got = to === 'int64' ? Array.from(out.data as BigInt64Array, Number) : nums(out);
        expect(got, `${from} → ${to}`).toEqual(expected);
      }
    }
  });

  it('refuses unsupported types naming op and node', () => {
    expect(() => run(f32([1], [1]), 'string', 4)).toThrow(/CAST \(node 4\).*output .* has type string/);
  });
});

describeOpGoldens('CAST', cast, { exact: true });
