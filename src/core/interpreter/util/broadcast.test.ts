import { describe, expect, it } from 'vitest';
import { makeRng } from '../../util/rng';
import { refBroadcastIndex, refBroadcastShape, refUnravel } from '../../testing/reference/arith';
import { broadcastShape, BroadcastCache, planBroadcast } from './broadcast';

describe('broadcast plan', () => {
  it('output shapes follow NumPy rules; incompatible shapes give null', () => {
    expect(broadcastShape([2, 1, 3], [4, 1])).toEqual([2, 4, 3]);
    expect(broadcastShape([], [5])).toEqual([5]);
    expect(broadcastShape([0, 3], [1, 3])).toEqual([0, 3]);
    expect(broadcastShape([2, 3], [2])).toBeNull();
    expect(planBroadcast([3], [4])).toBeNull();
  });

  it('merges dims into few rows (hand-computed)', () => {
    const same = planBroadcast([2, 3, 4], [2, 3, 4])!;
    expect([same.rows, same.inner, same.aStep, same.bStep]).toEqual([1, 24, 1, 1]);
    const bias = planBroadcast([1, 5, 5, 8], [8])!;
    expect([bias.rows, bias.inner, bias.aStep, bias.bStep]).toEqual([25, 8, 1, 1]);
    expect(Array.from(bias.aRow.slice(0, 3))).toEqual([0, 8, 16]);
    expect(Array.from(bias.bRow.slice(0, 3))).toEqual([0, 0, 0]);
    const outer = planBroadcast([3, 1], [1, 2])!;
    expect([outer.rows, outer.inner, outer.aStep, outer.bStep]).toEqual([3, 2, 0, 1]);
    expect(Array.from(outer.aRow)).toEqual([0, 1, 2]);
    expect(Array.from(outer.bRow)).toEqual([0, 0, 0]);
    expect(planBroadcast([0, 3], [3])!.rows).toBe(0);
  });

  it('maps every output element to the same input elements as the naive rule (seeded shapes)', () => {
    const rng = makeRng(31337);
    for (let trial = 0; trial < 100; trial++) {
      const rank = rng.int(0, 6);
      const full = Array.from({ length: rank }, () => rng.int(1, 4));
      const a = full.map((d) => (rng.next() < 0.4 ? 1 : d)).slice(rng.int(0, rank));
      const b = full.map((d) => (rng.next() < 0.4 ? 1 : d)).slice(rng.int(0, rank));
      const plan = planBroadcast(a, b)!;
      expect(plan.outShape).toEqual(refBroadcastShape(a, b));
      for (let f = 0; f < plan.outSize; f++) {
        const r = Math.floor(f / plan.inner);
        const i = f % plan.inner;
        const idx = refUnravel(f, plan.outShape);
        expect([plan.aRow[r] + i * plan.aStep, plan.bRow[r] + i * plan.bStep]).toEqual([refBroadcastIndex(a, idx), refBroadcastIndex(b, idx)]);
      }
    }
  });

  it('the cache recomputes only when a shape changes', () => {
    const cache = new BroadcastCache();
    const p1 = cache.get([2, 3], [3]);
    expect(cache.get([2, 3], [3])).toBe(p1);
    expect(cache.get([4, 3], [3])!.rows).toBe(4);
  });
});
