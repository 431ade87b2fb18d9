import { describe, expect, it } from 'vitest';
import { checkOpGoldens } from '../../testing/golden_check';
import { f32, i32, runKernel, runtime } from '../../testing/run_kernel';
import { refSoftmax } from '../../testing/reference/softmax';
import { makeRng } from '../../util/rng';
import { expectClose } from '../../testing/tolerance';
import type { TensorValue } from '../kernel';
import { softmax } from './softmax';

const run = (v: TensorValue, beta = 1) =>
  runKernel(softmax, { opName: 'SOFTMAX', options: { type: 'SoftmaxOptions', beta }, inputs: [runtime(v)], outputs: [{ dtype: 'float32' }] })[0];

describe('SOFTMAX', () => {
  it('hand case: uniform rows, and beta 0.5 on [0, ln 4]', () => {
    const u = run(f32([2, 4], [1, 1, 1, 1, -3, -3, -3, -3]));
    expect(Array.from(u.data as Float32Array)).toEqual([0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25]);
    const b = run(f32([1, 2], [0, Math.log(4)]), 0.5);
    expectClose(b.data as Float32Array, [1 / 3, 2 / 3], { rel: 1e-7 });
  });
  it('subtracts the max, so huge logits do not overflow', () => {
    const x = Float32Array.from([1000, 1000, 999.3]); // exp(1000) is Infinity in float64
    const out = run(f32([1, 3], x));
    const e = Math.exp(x[2] - 1000);
    expectClose(out.data as Float32Array, [1 / (2 + e), 1 / (2 + e), e / (2 + e)], { rel: 1e-6 });
  });
  it('matches the reference on random shapes; each row sums to 1', () => {
    const rng = makeRng(12);
    for (let t = 0; t < 30; t++) {
      const shape = Array.from({ length: rng.int(1, 4) }, () => rng.int(1, 12));
      const depth = shape[shape.length - 1];
      const x = rng.floats(shape.reduce((a, b) => a * b, 1), -5, 5);
      const beta = rng.uniform(0.1, 2);
      const out = run(f32(shape, x), beta);
      expect(out.shape).toEqual(shape);
      const y = out.data as Float32Array;
      expectClose(y, refSoftmax(x, depth, beta), { rel: 1e-6, abs: 1e-9, what: `case ${t}` });
      for (let r = 0; r < y.length / depth; r++) {
        let s = 0;
        for (let c = 0; c < depth; c++) s += y[r * depth + c];
        expect(Math.abs(s - 1)).toBeLessThan(1e-6);
      }
    }
  });
  it('refuses non-float input and scalars', () => {
    expect(() => run(i32([1, 2], [1, 2]))).toThrow(/SOFTMAX \(node 0\): input .* has type int32/);
    expect(() => run(f32([], [1]))).toThrow(/rank ≥ 1/);
  });
});

describe('SOFTMAX vs the official runtime (goldens)', () => {
  it('beta 1 (XNNPACK in the official runtime): every probability equal, rows of 4 to 1001', () => {
    expect(checkOpGoldens('SOFTMAX', 0, (g) => g.xnnpack === true).length).toBeGreaterThanOrEqual(7);
  });
  it('other betas (TFLite\'s builtin kernel): every probability equal', () => {
    expect(checkOpGoldens('SOFTMAX', 0, (g) => g.xnnpack === false).length).toBe(2);
  });
});
