// float16 weights (reference §5): clamp to ±65504, then round to nearest-even half, as the converter's
// float16 mode does (APFloat rmNearestTiesToEven, gradual underflow). Source values are float32, so
// converting their bits directly is exact (no double-rounding hazard).

import type { ErrorSums } from './math';

export const FLOAT16_MAX = 65504;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

type MathWithF16 = Math & { f16round?: (x: number) => number };
const nativeF16round = (Math as MathWithF16).f16round;

/** IEEE half bits of a float32 value after clamping to ±65504 (NaN stays a quiet NaN). */
export function float32ToFloat16Bits(value: number): number {
  f32[0] = value > FLOAT16_MAX ? FLOAT16_MAX : value < -FLOAT16_MAX ? -FLOAT16_MAX : value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7e00; // NaN (infinities were clamped away)
  const e = exp - 112; // rebias 127 → 15
  if (e >= 0x1f) return sign | 0x7c00; // unreachable after the clamp
  if (e >= 1) {
    let h = sign | (e << 10) | (mant >>> 13);
    const rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem === 0x1000 && (h & 1) !== 0)) h++; // a carry correctly bumps the exponent
    return h;
  }
  // Subnormal half (or zero): value = m · 2^-24 with m = M / 2^(14 - e), M the 24-bit significand.
  const shift = 14 - e;
  if (shift > 24) return sign; // below half of the smallest subnormal: rounds to ±0
  const M = exp === 0 ? mant : mant | 0x800000; // float32 subnormals are far below 2^-25 anyway
  let q = M >>> shift;
  const rem = M & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  if (rem > half || (rem === half && (q & 1) !== 0)) q++;
  return sign | q;
}

/** Exact float value of IEEE half bits. */
export function float16BitsToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1024 + mant) * 2 ** (exp - 25);
}

/** The float16 value nearest to `value` (after the ±65504 clamp), as a number. */
export function toFloat16Value(value: number): number {
  const clamped = value > FLOAT16_MAX ? FLOAT16_MAX : value < -FLOAT16_MAX ? -FLOAT16_MAX : value;
  if (nativeF16round) return nativeF16round(Math.fround(clamped));
  return float16BitsToNumber(float32ToFloat16Bits(clamped));
}

/** The exact value of every half (index = bits), built on first use: 256 KB. */
let halfValues: Float32Array | null = null;
function halfTable(): Float32Array {
  if (!halfValues) {
    halfValues = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) halfValues[h] = float16BitsToNumber(h);
  }
  return halfValues;
}

/**
 * Converts elements [start, end) to half bits, accumulating the conversion error. Same rounding as
 * float32ToFloat16Bits, working on the float32 bit patterns of `w` directly (no per-element
 * scratch), with the ±65504 clamp done on the bits.
 */
export function quantizeFloat16Range(
  w: Float32Array, out: Uint16Array, start: number, end: number, sums: ErrorSums,
): void {
  const bits = w.byteOffset % 4 === 0 ? new Uint32Array(w.buffer, w.byteOffset, w.length) : null;
  if (!bits) {
    for (let i = start; i < end; i++) out[i] = float32ToFloat16Bits(w[i]!);
  } else {
    for (let i = start; i < end; i++) {
      const x = bits[i]!;
      const sign = (x >>> 16) & 0x8000;
      const abs = x & 0x7fffffff;
      let h: number;
      if (abs > 0x7f800000) h = sign | 0x7e00; // NaN
      else if (abs >= 0x477fe000) h = sign | 0x7bff; // ≥ 65504 (float32 bits 0x477fe000): clamp, infinities included
      else if (abs >= 0x38800000) {
        // normal half: rebias the exponent, round the 13 dropped bits to nearest even
        const rem = abs & 0x1fff;
        h = sign | ((abs - 0x38000000) >>> 13);
        if (rem > 0x1000 || (rem === 0x1000 && (h & 1) !== 0)) h++;
      } else h = float32ToFloat16Bits(w[i]!); // subnormal halves and zeros: the careful path
      out[i] = h;
    }
  }
  const values = halfTable();
  let signal = 0;
  let noise = 0;
  for (let i = start; i < end; i++) {
    const v = w[i]!;
    const e = v - values[out[i]!]!;
    signal += v * v;
    noise += e * e;
  }
  sums.signal += signal;
  sums.noise += noise;
}
