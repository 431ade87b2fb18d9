import { describe, expect, it } from 'vitest';
import { makeRng } from './rng';

describe('makeRng', () => {
  it('repeats the same sequence for the same seed and differs across seeds', () => {
    const a = makeRng(42).floats(5);
    expect(Array.from(makeRng(42).floats(5))).toEqual(Array.from(a));
    expect(Array.from(makeRng(43).floats(5))).not.toEqual(Array.from(a));
  });

  it('stays in range', () => {
    const rng = makeRng(7);
    for (let i = 0; i < 1000; i++) {
      const v = rng.int(-3, 3);
      expect(v).toBeGreaterThanOrEqual(-3);
      expect(v).toBeLessThanOrEqual(3);
      const u = rng.next();
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
  });
});
