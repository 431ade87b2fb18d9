import { describe, expect, it } from 'vitest';
import type { TensorValue } from '../interpreter/kernel';
import { compareOutputs, randomInput } from './compare';
import type { ModelRunner } from './evaluate';
import { makeRng } from '../util/rng';

/** out[k] = in[k] * gain + offset[k]: a 1×4 → 1×4 "model"; reuses one output buffer like an interpreter. */
function affine(gain: number, offset: number[]): ModelRunner {
  const out = new Float32Array(4);
  return {
    inputs: [{ name: 'x', dtype: 'float32', shape: [1, 4] }],
    invoke([x]: TensorValue[]) {
      for (let k = 0; k < 4; k++) out[k] = (x.data[k] as number) * gain + offset[k];
      return [{ dtype: 'float32', shape: [1, 4], data: out, quantization: null }];
    },
  };
}

describe('randomInput', () => {
  it('is seeded and follows the input dtype and shape', () => {
    const f = randomInput({ name: 'x', dtype: 'float32', shape: [2, 3] }, makeRng(5));
    expect(f.shape).toEqual([2, 3]);
    expect(Array.from(f.data as Float32Array)).toEqual(Array.from(randomInput({ name: 'x', dtype: 'float32', shape: [2, 3] }, makeRng(5)).data as Float32Array));
    for (const v of f.data as Float32Array) expect(Math.abs(v)).toBeLessThanOrEqual(1);
    const u = randomInput({ name: 'x', dtype: 'uint8', shape: [100] }, makeRng(5));
    expect(u.data).toBeInstanceOf(Uint8Array);
    const i = randomInput({ name: 'ids', dtype: 'int32', shape: [50] }, makeRng(5));
    for (const v of i.data as Int32Array) expect(v >= 0 && v <= 99).toBe(true);
    expect(randomInput({ name: 'n', dtype: 'int64', shape: [2] }, makeRng(5)).data).toBeInstanceOf(BigInt64Array);
  });
});

describe('compareOutputs', () => {
  it('identical models agree fully with zero difference', async () => {
    const c = await compareOutputs(affine(1, [0, 0, 0, 0]), affine(1, [0, 0, 0, 0]), { seed: 3, samples: 8 });
    expect(c.top1Agreement).toBe(1);
    expect(c.maxAbsDiff).toBe(0);
    expect(c.outputs[0].rows).toBe(8);
  });

  it('measures the difference and the argmax disagreement', async () => {
    // b adds 0.5 to element 0: max |diff| = 0.5 exactly; top-1 flips whenever x0+0.5 beats the max.
    const a = affine(1, [0, 0, 0, 0]);
    const b = affine(1, [0.5, 0, 0, 0]);
    const progress: number[] = [];
    const c = await compareOutputs(a, b, { seed: 9, samples: 200, onProgress: (d) => progress.push(d) });
    expect(progress).toHaveLength(200);
    // float32 rounding of x + 0.5 moves the difference by at most half an ulp of ~1.5
    expect(Math.abs(c.maxAbsDiff - 0.5)).toBeLessThanOrEqual(2 ** -23);
    // expected disagreement computed directly from the same seeded inputs
    const rng = makeRng(9);
    let disagree = 0;
    for (let s = 0; s < 200; s++) {
      const x = randomInput(a.inputs[0], rng).data as Float32Array;
      const top = (v: number[]) => v.indexOf(Math.max(...v));
      const xa = Array.from(x);
      const xb = xa.map((v, k) => Math.fround(v + (k === 0 ? 0.5 : 0)));
      if (top(xa) !== top(xb)) disagree++;
    }
    expect(disagree).toBeGreaterThan(0);
    expect(c.top1Agreement).toBeCloseTo(1 - disagree / 200, 12);
  });

  it('counts a one-sided NaN as an infinite difference', async () => {
    const c = await compareOutputs(affine(1, [0, 0, 0, 0]), affine(1, [Number.NaN, 0, 0, 0]), { samples: 1 });
    expect(c.maxAbsDiff).toBe(Infinity);
  });

  it('refuses models with different inputs', async () => {
    const other: ModelRunner = { ...affine(1, [0, 0, 0, 0]), inputs: [{ name: 'x', dtype: 'float32', shape: [1, 5] }] };
    await expect(compareOutputs(affine(1, [0, 0, 0, 0]), other)).rejects.toThrow(/different inputs: input 0 is float32 \[1,4\] vs float32 \[1,5\]/);
  });

  it('stops when aborted', async () => {
    const ctl = new AbortController();
    const p = compareOutputs(affine(1, [0, 0, 0, 0]), affine(1, [0, 0, 0, 0]), {
      samples: 50, signal: ctl.signal, onProgress: (d) => { if (d === 3) ctl.abort(); },
    });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });
});
