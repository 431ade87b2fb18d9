import { describe, expect, it } from 'vitest';
import { points, sig, signedWhole, times, whole } from './learn_format';

describe('learn_format', () => {
  it('sig: significant digits, real minus signs, exponent form for tiny values', () => {
    expect(sig(0.0024593812345, 6)).toBe('0.00245938');
    expect(sig(63.5)).toBe('63.5');
    expect(sig(-0.0123)).toBe('−0.0123');
    expect(sig(2.2319734e-5, 7)).toBe('2.231973e-5');
    expect(sig(1e-9, 3)).toBe('1e-9');
    expect(sig(0)).toBe('0');
    expect([sig(Infinity), sig(-Infinity), sig(NaN)]).toEqual(['∞', '−∞', 'NaN']);
    expect(sig(Math.fround(0.1), 9)).toBe('0.100000001');
  });

  it('whole, signedWhole, points, times', () => {
    expect([whole(20280), whole(-2560), whole(0)]).toEqual(['20,280', '−2,560', '0']);
    expect([signedWhole(80), signedWhole(-3), signedWhole(0)]).toEqual(['+80', '−3', '0']);
    expect([points(0.1), points(-0.3), points(0), points(-0.001), points(NaN)]).toEqual(['+0.10', '−0.30', '0.00', '0.00', '–']);
    expect([times(3.5994), times(NaN)]).toEqual(['3.60×', '–']);
  });
});
