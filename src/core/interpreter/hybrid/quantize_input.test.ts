import { afterAll, describe, expect, it } from 'vitest';
import { makeRng } from '../../util/rng';
import { refQuantize } from '../../testing/reference/hybrid';
import {
  asymmetricQuantizeRow, quantizeInput, quantizeRows, roundHalfAwayFromZero, symmetricQuantizeRow,
} from './quantize_input';
import { CODE_BYTES, hybridSimd, pad16, setHybridSimdEnabled } from './simd';

const fr = Math.fround;

describe('quantizeInput: hand-computed rows (PortableAsymmetric/SymmetricQuantizeFloats)', () => {
  it('non-negative row (post-ReLU): zero point −128, scale max/255', () => {
    const r = quantizeInput([0, 0.5, 1, 2], true);
    expect(r.zeroPoint).toBe(-128);
    expect(r.scale).toBe(fr(2 / 255));
    // inv = fr(1 / fr(2/255)) = 127.5: 0.5 → −128 + 63.75 → −64; 1 → −128 + 127.5 = −0.5 → −1 (half away); 2 → 127
    expect(Array.from(r.q)).toEqual([-128, -64, -1, 127]);
  });
  it('non-positive row: zero point 127 (the max end has the smaller error)', () => {
    const r = quantizeInput([-1, -0.5, 0], true);
    expect(r.zeroPoint).toBe(127);
    expect(r.scale).toBe(fr(1 / 255));
    expect(Array.from(r.q)).toEqual([-128, 0, 127]);
  });
  it('mixed row [−1, 3]: zero point round(−64.25) = −64', () => {
    const r = quantizeInput([-1, 3, 0], true);
    expect(r.zeroPoint).toBe(-64);
    expect(r.scale).toBe(fr(4 / 255));
    expect(Array.from(r.q)).toEqual([-128, 127, -64]);
  });
  it('symmetric: scale range/127, q = round(x · 127/range), zero point 0, ±127', () => {
    const r = quantizeInput([-2, -1, 0, 0.5, 1, 2], false);
    expect(r.zeroPoint).toBe(0);
    expect(r.scale).toBe(fr(2 / 127));
    // inv = 63.5: −1 → −63.5 → −64 (half away from zero), 0.5 → 31.75 → 32, 1 → 63.5 → 64
    expect(Array.from(r.q)).toEqual([-127, -64, 0, 32, 64, 127]);
  });
  it('an all-zero row: q 0, scale 1, zero point 0 (both modes)', () => {
    for (const asym of [true, false]) {
      const r = quantizeInput([0, 0, -0, 0], asym);
      expect(Array.from(r.q)).toEqual([0, 0, 0, 0]);
      expect([r.scale, r.zeroPoint]).toEqual([1, 0]);
    }
  });
  it('rounds half away from zero (TfLiteRound = roundf), not to even', () => {
    expect([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.49999997].map(roundHalfAwayFromZero)).toEqual([-3, -2, -1, 1, 2, 3, 0]);
  });
  it('does not modify its input; the result is a typed array for the Learn view', () => {
    const x = [0.25, -3, 7];
    const r = quantizeInput(x, true);
    expect(x).toEqual([0.25, -3, 7]);
    expect(r.q).toBeInstanceOf(Int8Array);
  });
});

/** Rows of random lengths and ranges, including one-signed, tiny, huge and all-zero rows. */
function randomRows(seed: number, count: number): Float32Array[] {
  const rng = makeRng(seed);
  return Array.from({ length: count }, (_, i) => {
    const n = rng.int(1, 70);
    const kind = i % 6;
    const span = [1, 1e-6, 1e4, 3, 0.02, 0][kind];
    const lo = kind === 3 ? 0 : -span * rng.next();
    const hi = kind === 4 ? 0 : span * rng.next();
    return rng.floats(n, lo, hi);
  });
}

for (const simd of [false, true]) {
  describe(`quantizeRows (${simd ? 'WebAssembly SIMD' : 'JavaScript'}) vs the naive reference, seeded`, () => {
    afterAll(() => setHybridSimdEnabled(true));
    it('q, scale and zero point equal the reference bit for bit (600 rows, both modes)', () => {
      setHybridSimdEnabled(simd);
      const h = hybridSimd();
      if (simd) expect(h).not.toBeNull();
      let checked = 0;
      for (const asym of [true, false]) {
        for (const x of randomRows(asym ? 11 : 12, 300)) {
          const n = x.length;
          const want = refQuantize(x, asym);
          const scales = new Float32Array(1);
          const zps = new Int32Array(1);
          let q: Int8Array;
          if (h) {
            h.reset();
            const at = h.quantizeRows(x, 0, 1, n, pad16(n), asym, scales, zps);
            q = Int8Array.from(h.codes.subarray(at / CODE_BYTES, at / CODE_BYTES + n));
          } else {
            q = new Int8Array(n);
            quantizeRows(x, 0, 1, n, asym, q, scales, zps);
          }
          expect(Array.from(q)).toEqual(want.q);
          expect([scales[0], zps[0]]).toEqual([want.scale, want.zeroPoint]);
          checked++;
        }
      }
      expect(checked).toBe(600);
    });
    it('rounds exact halves and their float32 neighbours as roundf (symmetric row with scale 1)', () => {
      setHybridSimdEnabled(simd);
      const h = hybridSimd();
      const halves = [0.5, 1.5, 2.5, 126.5, 0.49999997, 0.50000006, 1.4999999, 1.5000001, 2.4999998, 63.499996, 63.5, 64.5];
      const x = Float32Array.from([127, ...halves, ...halves.map((v) => -v)]); // max |x| 127: inv = 1
      const n = x.length;
      const scales = new Float32Array(1);
      const zps = new Int32Array(1);
      let q: Int8Array;
      if (h) {
        h.reset();
        const at = h.quantizeRows(x, 0, 1, n, pad16(n), false, scales, zps);
        q = Int8Array.from(h.codes.subarray(at / CODE_BYTES, at / CODE_BYTES + n));
      } else {
        q = new Int8Array(n);
        quantizeRows(x, 0, 1, n, false, q, scales, zps);
      }
      expect(scales[0]).toBe(1);
      const want = [0.5, 1.5, 2.5, 126.5, 0.49999997, 0.50000006, 1.4999999, 1.5000001, 2.4999998, 63.499996, 63.5, 64.5]
        .map((v) => [1, 2, 3, 127, 0, 1, 1, 2, 2, 63, 64, 65][halves.indexOf(v)]);
      expect(Array.from(q)).toEqual([127, ...want, ...want.map((v) => 0 - v)]);
    });
    it('a batch of rows equals the rows one by one', () => {
      setHybridSimdEnabled(simd);
      const h = hybridSimd();
      const rows = 7;
      const n = 37;
      const x = makeRng(3).floats(rows * n, -2, 5);
      const scales = new Float32Array(rows);
      const zps = new Int32Array(rows);
      let q: Int8Array;
      if (h) {
        h.reset();
        const at = h.quantizeRows(x, 0, rows, n, pad16(n), true, scales, zps);
        q = new Int8Array(rows * n);
        for (let r = 0; r < rows; r++) q.set(h.codes.subarray(at / CODE_BYTES + r * pad16(n), at / CODE_BYTES + r * pad16(n) + n), r * n);
      } else {
        q = new Int8Array(rows * n);
        quantizeRows(x, 0, rows, n, true, q, scales, zps);
      }
      for (let r = 0; r < rows; r++) {
        const one = quantizeInput(x.subarray(r * n, (r + 1) * n), true);
        expect(Array.from(q.subarray(r * n, (r + 1) * n))).toEqual(Array.from(one.q));
        expect([scales[r], zps[r]]).toEqual([one.scale, one.zeroPoint]);
      }
    });
  });
}

describe('row functions write at offsets and leave the rest alone', () => {
  it('asymmetricQuantizeRow / symmetricQuantizeRow use xOff, qOff and the row index', () => {
    const x = Float32Array.from([9, 9, 0, 1, 2, 9]);
    const q = new Int8Array(6).fill(5);
    const scales = new Float32Array(3);
    const zps = new Int32Array(3).fill(7);
    asymmetricQuantizeRow(x, 2, 3, q, 1, scales, zps, 2);
    expect(Array.from(q)).toEqual([5, -128, -1, 127, 5, 5]);
    expect([scales[2], zps[2], zps[0]]).toEqual([fr(2 / 255), -128, 7]);
    symmetricQuantizeRow(x, 2, 3, q, 3, scales, null, 1);
    expect(Array.from(q.subarray(3))).toEqual([0, 64, 127]);
    expect(scales[1]).toBe(fr(2 / 127));
  });
});
