import { describe, expect, it } from 'vitest';
import { expectClose, expectTensorClose, maxRelDiff } from './tolerance';

describe('maxRelDiff', () => {
  it('is relative to the largest |expected|', () => {
    expect(maxRelDiff([1, 2, 4.004], [1, 2, 4])).toBeCloseTo(0.001, 12);
    expect(maxRelDiff([0.001, 10], [0, 10])).toBeCloseTo(1e-4, 12);
  });
  it('is absolute when expected is all zeros, and 0 for identical arrays', () => {
    expect(maxRelDiff([0, 0.5], [0, 0])).toBe(0.5);
    expect(maxRelDiff(new Float32Array([1, -2]), new Float32Array([1, -2]))).toBe(0);
  });
  it('is NaN when NaN-ness differs, and refuses different lengths', () => {
    expect(maxRelDiff([Number.NaN], [1])).toBeNaN();
    expect(() => maxRelDiff([1], [1, 2])).toThrow(/lengths differ/);
  });
});

describe('expectClose', () => {
  it('passes within tolerance', () => {
    expectClose([1.0000005, 0], [1, 0], { rel: 1e-6 });
    expectClose([0.01], [0], { abs: 0.02 });
    expectClose([Number.NaN, Infinity], [Number.NaN, Infinity]);
  });
  it('reports the count and the worst element', () => {
    expect(() => expectClose([1, 2.5, 3.1], [1, 2, 3], { rel: 0.01, what: 'conv' }))
      .toThrow(/conv: 2 of 3 elements out of tolerance.*worst at index 1: got 2.5, expected 2/);
  });
  it('fails on NaN vs number, infinities and lengths', () => {
    expect(() => expectClose([Number.NaN], [0], { abs: 1 })).toThrow(/index 0/);
    expect(() => expectClose([Infinity], [1e30], { rel: 1 })).toThrow(/index 0/);
    expect(() => expectClose([1, 2], [1])).toThrow(/length 2, expected 1/);
  });
  it('checks dtype and shape of tensors', () => {
    const t = { dtype: 'float32' as const, shape: [2], data: new Float32Array([1, 2]), quantization: null };
    expectTensorClose(t, { ...t, data: new Float32Array([1, 2]) });
    expect(() => expectTensorClose(t, { ...t, shape: [1, 2] })).toThrow(/shape \[2\], expected \[1,2\]/);
    expect(() => expectTensorClose(t, { ...t, dtype: 'int32', data: new Int32Array([1, 2]) })).toThrow(/dtype/);
  });
});
