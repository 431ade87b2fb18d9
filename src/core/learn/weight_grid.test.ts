import { describe, expect, it } from 'vitest';
import { quantizeInt8 } from '../quantize/math';
import { makeRng } from '../util/rng';
import { findFloatDense } from './dense_layer';
import { LearnError } from './errors';
import { binOfCode, codesCovering, exampleWeight, gridHistogram, nextIndexInBin, readBack, weightGrid } from './weight_grid';
import { fixtureModel } from './test_fixture';

describe('weightGrid', () => {
  it('hand case: scale = max|w| / 127, codes rounded half away from zero', () => {
    const w = Float32Array.of(0.5, -1.27, 0.01, 0.635, 0, -0.635);
    const g = weightGrid(w, [6]);
    expect([g.absMax, g.absMaxIndex, g.min, g.max]).toEqual([Math.fround(1.27), 1, Math.fround(-1.27), Math.fround(0.635)]);
    expect(g.scaleFormula).toBe(Math.fround(1.27) / 127);
    expect(g.scale).toBe(Math.fround(Math.fround(1.27) / 127));
    // float32(0.635) / (float32(1.27) / 127) is exactly 63.5: half away from zero gives 64 and −64.
    expect(Array.from(g.q)).toEqual([50, -127, 1, 64, 0, -64]);
    const r = readBack(w, g.q, g.scale, 3);
    expect([r.q, r.dequantized]).toEqual([64, Math.fround(64 * g.scale)]);
    expect(r.error).toBeCloseTo(0.635 - 0.64, 6);
    expect(r.errorInSteps).toBeCloseTo(-0.5, 4);
    expect(() => readBack(w, g.q, g.scale, 6)).toThrow(LearnError);
  });

  it('refuses NaN and empty tensors', () => {
    expect(() => weightGrid(Float32Array.of(1, NaN), [2])).toThrow(/weight 1 is NaN/);
    expect(() => weightGrid(new Float32Array(0), [0])).toThrow(LearnError);
  });

  it('seeded sweep: codes are the quantizer\'s, every weight reads back within half a step', () => {
    const rng = makeRng(5);
    for (let k = 0; k < 25; k++) {
      const n = rng.int(1, 3000);
      const spread = 10 ** rng.uniform(-4, 1);
      const w = Float32Array.from({ length: n }, () => rng.normal() * spread);
      const g = weightGrid(w, [n]);
      const ref = quantizeInt8(w, [n], null);
      expect(Array.from(g.q)).toEqual(Array.from(ref.values));
      expect(g.scale).toBe(ref.scales[0]);
      expect(Math.fround(g.scaleFormula)).toBe(g.scale);
      expect(Math.abs(g.q[g.absMaxIndex])).toBe(127);
      for (let i = 0; i < n; i += Math.max(1, Math.floor(n / 50))) {
        const r = readBack(w, g.q, g.scale, i);
        expect(Math.abs(r.errorInSteps)).toBeLessThanOrEqual(0.5 + 1e-6);
      }
    }
  });

  it('on the fixture\'s Dense weight the stored scale is float32(max|w| / 127)', () => {
    const d = findFloatDense(fixtureModel());
    const g = weightGrid(d.weights, [d.units, d.inDepth]);
    let m = 0;
    for (const v of d.weights) m = Math.max(m, Math.abs(v));
    expect(g.scale).toBe(Math.fround(m / 127));
    expect(g.count).toBe(20280);
  });
});

describe('gridHistogram', () => {
  it('bins follow the codes: counts add up, first indices and the next weight in a bin', () => {
    const w = Float32Array.of(1.27, 0.02, 0.021, -0.01, 0.5, 0.019);
    const g = weightGrid(w, [6]); // scale 0.01: codes 127, 2, 2, -1, 50, 2
    expect(Array.from(g.q)).toEqual([127, 2, 2, -1, 50, 2]);
    const h = gridHistogram(g, 3);
    expect(h.counts.length).toBe(85);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(6);
    const b2 = binOfCode(2, 3); // codes 2, 3, 4 → bin (2 + 127) / 3 = 43
    expect([b2, h.firstCode[b2], h.counts[b2], h.firstIndex[b2], h.maxCount]).toEqual([43, 2, 3, 1, 3]);
    expect(h.firstIndex[binOfCode(-1, 3)]).toBe(3);
    expect(h.firstIndex[0]).toBe(-1);
    expect(nextIndexInBin(g, h, b2, 1)).toBe(2);
    expect(nextIndexInBin(g, h, b2, 2)).toBe(5);
    expect(nextIndexInBin(g, h, b2, 5)).toBe(1); // wraps around
    expect(nextIndexInBin(g, h, 0, 0)).toBe(-1);
    const ones = gridHistogram(g, 1);
    expect([ones.counts.length, ones.counts[127 + 127], ones.counts[127 + 2]]).toEqual([255, 1, 3]);
    expect(() => gridHistogram(g, 0)).toThrow(LearnError);
  });
});

describe('exampleWeight and codesCovering', () => {
  it('hand case: the first weight with |q| ≥ 8 between ¼ and ½ step from the grid; the codes most weights need', () => {
    // scale 0.01: 0.5 → 50 (exact), 0.0301 → 3 (small), 0.203 → 20.3 (0.3 step away), −1.27 → −127.
    const w = Float32Array.of(0.5, 0.0301, 0.203, -1.27);
    const g = weightGrid(w, [4]);
    expect(exampleWeight(g, w)).toBe(2);
    expect(exampleWeight(weightGrid(Float32Array.of(1.27, 0.5), [2]), Float32Array.of(1.27, 0.5))).toBe(0); // none qualifies: the largest
    expect([codesCovering(g, 0.25), codesCovering(g, 0.5), codesCovering(g, 0.75), codesCovering(g, 1)]).toEqual([3, 20, 50, 127]);
  });

  it('on the fixture: most weights use a small part of the ±127 codes', () => {
    const d = findFloatDense(fixtureModel());
    const g = weightGrid(d.weights, [d.units, d.inDepth]);
    const c90 = codesCovering(g, 0.9);
    expect(c90).toBeLessThan(64);
    expect(g.q.filter((q) => Math.abs(q) <= c90).length / g.count).toBeGreaterThanOrEqual(0.9);
    const e = exampleWeight(g, d.weights);
    expect(Math.abs(readBack(d.weights, g.q, g.scale, e).errorInSteps)).toBeGreaterThanOrEqual(0.25);
  });
});
