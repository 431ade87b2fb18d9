import { describe, expect, it } from 'vitest';
import { makeRng } from '../util/rng';
import { float16BitsToNumber, float32ToFloat16Bits, quantizeFloat16Range, toFloat16Value } from './float16';
import { channelLayout, channelOf, quantizeInt8, roundHalfAwayFromZero, sqnrDb } from './math';

const f32 = (xs: number[]) => Float32Array.from(xs);

describe('channel layout', () => {
  it('maps flat indices to channels for FC axis 0, CONV axis 0 and DEPTHWISE axis 3', () => {
    const fc = channelLayout([3, 4], 0); // [units, in]
    expect(fc).toEqual({ outer: 1, channels: 3, slice: 4 });
    expect([0, 3, 4, 11].map((i) => channelOf(i, fc))).toEqual([0, 0, 1, 2]);
    const dw = channelLayout([1, 2, 2, 5], 3); // [1, H, W, O]
    expect(dw).toEqual({ outer: 4, channels: 5, slice: 1 });
    expect([0, 4, 5, 19].map((i) => channelOf(i, dw))).toEqual([0, 4, 0, 4]);
    const conv = channelLayout([2, 3, 3, 4], 0); // [O, H, W, I]
    expect(conv.slice).toBe(36);
    expect(channelOf(35, conv)).toBe(0);
    expect(channelOf(36, conv)).toBe(1);
    expect(channelLayout([2, 3], null)).toEqual({ outer: 1, channels: 1, slice: 6 });
    expect(() => channelLayout([2, 3], 2)).toThrow(RangeError);
  });
});

describe('int8 symmetric quantization (MLIR double rule)', () => {
  it('hand case: per-tensor scale = max|w| / 127, stored as float32', () => {
    const r = quantizeInt8(f32([-1, 0.5, 0.25, 1.27]), [4], null);
    const s = (1.2699999809265137 * 2) / 254; // float32(1.27) widened, then 2m/254 in double
    expect(r.scales[0]).toBe(Math.fround(s));
    expect(Array.from(r.values)).toEqual([
      roundHalfAwayFromZero(Math.fround(-1) / s),
      roundHalfAwayFromZero(Math.fround(0.5) / s),
      roundHalfAwayFromZero(Math.fround(0.25) / s),
      127,
    ]);
    expect(Array.from(r.values)).toEqual([-100, 50, 25, 127]);
  });

  it('ties round half away from zero (not to even)', () => {
    // m = 127 ⇒ scale = 254/254 = 1 exactly, so w / scale = w.
    const r = quantizeInt8(f32([127, 0.5, -0.5, 2.5, -2.5, 1.5]), [6], null);
    expect(r.scales[0]).toBe(1);
    expect(Array.from(r.values)).toEqual([127, 1, -1, 3, -3, 2]);
  });

  it('an all-zero channel gets scale 1e-6/254 and zeros; its neighbours are unaffected', () => {
    const r = quantizeInt8(f32([0, 0, 0, 1, -2, 0.5]), [2, 3], 0);
    expect(r.scales[0]).toBe(Math.fround(1e-6 / 254));
    expect(r.scales[0]).toBeCloseTo(3.937007874e-9, 15);
    expect(Array.from(r.values.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(r.scales[1]).toBe(Math.fround(4 / 254));
    expect(Array.from(r.values.subarray(3))).toEqual([64, -127, 32]); // 1/(4/254) = 63.5 → 64
  });

  it('a tiny channel (|w| ≤ 5e-7) uses the ±5e-7 range, so small weights map to small integers', () => {
    const r = quantizeInt8(f32([4e-7, -1e-7]), [2], null);
    expect(r.scales[0]).toBe(Math.fround(1e-6 / 254));
    expect(Array.from(r.values)).toEqual([roundHalfAwayFromZero(Math.fround(4e-7) / (1e-6 / 254)), -25]);
  });

  it('never produces -128 and always reaches ±127 on a non-zero channel (seeded sweep)', () => {
    const rng = makeRng(1234);
    for (let trial = 0; trial < 200; trial++) {
      const rows = 1 + Math.floor(rng.next() * 5);
      const cols = 1 + Math.floor(rng.next() * 40);
      const w = new Float32Array(rows * cols);
      const spread = 10 ** (rng.next() * 8 - 6);
      for (let i = 0; i < w.length; i++) w[i] = (rng.next() * 2 - 1) * spread;
      const r = quantizeInt8(w, [rows, cols], 0);
      for (let c = 0; c < rows; c++) {
        const row = r.values.subarray(c * cols, (c + 1) * cols);
        let maxAbs = 0;
        for (const q of row) {
          expect(q).toBeGreaterThanOrEqual(-127);
          maxAbs = Math.max(maxAbs, Math.abs(q));
        }
        expect(maxAbs).toBe(127);
        // Naive reference: the §2.1 formula element by element.
        let m = 0;
        for (let k = 0; k < cols; k++) m = Math.max(m, Math.abs(w[c * cols + k]));
        const s = (m + m) / 254;
        expect(r.scales[c]).toBe(Math.fround(s));
        for (let k = 0; k < cols; k++) {
          expect(row[k]).toBe(Math.max(-127, Math.min(127, roundHalfAwayFromZero(w[c * cols + k] / s))) | 0);
        }
      }
    }
  });

  it('refuses non-finite weights with a RangeError', () => {
    expect(() => quantizeInt8(f32([1, NaN]), [2], null)).toThrow(RangeError);
    expect(() => quantizeInt8(f32([1, Infinity]), [2], null)).toThrow(/non-finite/);
  });

  it('SQNR: +Infinity when exact, about 6 dB per bit otherwise', () => {
    expect(quantizeInt8(f32([127, -1, 0]), [3], null).sqnrDb).toBe(Infinity);
    const rng = makeRng(7);
    const w = new Float32Array(4096).map(() => rng.next() * 2 - 1);
    const db = quantizeInt8(w, [4096], null).sqnrDb;
    // Uniform weights on [-1, 1] with step 1/127: SQNR = 10·log10((1/3) / (step²/12)) = 10·log10(4·127²) ≈ 48.1 dB.
    expect(db).toBeGreaterThan(47.5);
    expect(db).toBeLessThan(48.7);
    expect(sqnrDb({ signal: 1, noise: 0.01 })).toBeCloseTo(20, 10);
  });
});

describe('int8 legacy float rule (TF 2.3–2.4)', () => {
  it('all-zero tensor ⇒ scale 1, zeros', () => {
    const r = quantizeInt8(f32([0, 0, 0]), [3], null, 'legacy-float');
    expect(r.scales[0]).toBe(1);
    expect(Array.from(r.values)).toEqual([0, 0, 0]);
  });

  it('multiplies by float(127/range) in float', () => {
    const w = f32([0.3, -0.7, 0.1]);
    const r = quantizeInt8(w, [3], null, 'legacy-float');
    const range = Math.fround(0.7);
    const inv = Math.fround(127 / range);
    expect(r.scales[0]).toBe(Math.fround(range / 127));
    expect(Array.from(r.values)).toEqual(Array.from(w, (v) => roundHalfAwayFromZero(Math.fround(v * inv))));
  });
});

describe('float16 conversion', () => {
  // Naive reference: nearest of all finite halves, ties to the even significand.
  const halves: { bits: number; value: number }[] = [];
  for (let h = 0; h < 0x7c00; h++) halves.push({ bits: h, value: float16BitsToNumber(h) });
  function naiveHalf(v: number): number {
    const c = Math.min(65504, Math.abs(v));
    let lo = 0;
    let hi = halves.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (halves[mid].value <= c) lo = mid;
      else hi = mid;
    }
    const dLo = c - halves[lo].value;
    const dHi = halves[hi].value - c;
    const pick = dLo < dHi ? lo : dHi < dLo ? hi : (halves[lo].bits & 1) === 0 ? lo : hi;
    return (v < 0 || Object.is(v, -0) ? 0x8000 : 0) | halves[pick].bits;
  }

  it('hand cases: exact values, clamp at ±65504, ties to even, subnormals', () => {
    expect(float32ToFloat16Bits(1)).toBe(0x3c00);
    expect(float32ToFloat16Bits(-2)).toBe(0xc000);
    expect(float32ToFloat16Bits(65504)).toBe(0x7bff);
    expect(float32ToFloat16Bits(1e9)).toBe(0x7bff);
    expect(float32ToFloat16Bits(-70000)).toBe(0xfbff);
    expect(float32ToFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie → even (down)
    expect(float32ToFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie → even (up)
    expect(float32ToFloat16Bits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(float32ToFloat16Bits(2 ** -25)).toBe(0x0000); // tie with 0 → even (0)
    expect(float32ToFloat16Bits(Math.fround(2 ** -25 * 1.0000001))).toBe(0x0001);
    expect(float32ToFloat16Bits(-0)).toBe(0x8000);
    expect(Number.isNaN(float16BitsToNumber(float32ToFloat16Bits(NaN)))).toBe(true);
    expect(toFloat16Value(0.1)).toBe(float16BitsToNumber(0x2e66));
  });

  it('agrees with a nearest-half search on seeded float32 values of every magnitude', () => {
    const rng = makeRng(99);
    const u = new Uint32Array(1);
    const f = new Float32Array(u.buffer);
    for (let i = 0; i < 20000; i++) {
      u[0] = (rng.next() * 2 ** 32) >>> 0;
      const v = f[0];
      if (!Number.isFinite(v)) continue;
      expect(float32ToFloat16Bits(v)).toBe(naiveHalf(v));
    }
  });

  it('converts a range and measures its error', () => {
    const w = f32([1, 0.1, -3.14159]);
    const out = new Uint16Array(3);
    const sums = { signal: 0, noise: 0 };
    quantizeFloat16Range(w, out, 0, 3, sums);
    expect(Array.from(out)).toEqual([0x3c00, 0x2e66, 0xc248]);
    expect(sums.signal).toBeCloseTo(1 + 0.01 + 9.8696, 3);
    expect(sums.noise).toBeGreaterThan(0);
  });
});
