// Weight quantization arithmetic of TFLite's dynamic-range quantizer, on typed arrays.
//
// Symmetric int8, narrow range [-127, 127], zero point 0, one scale per tensor or per channel.
// Two arithmetic variants, because converter generations differ:
//  - 'mlir-double' (MLIR quantizer, TF ≥ 2.9; reference §2.1): ranges, scales and the division in
//    double; range extended to include 0; tiny-range guard (2m ≤ 1e-6 ⇒ m = 5e-7, so an all-zero
//    channel gets scale 1e-6/254); q = round-half-away-from-zero(w / scale_double); the stored
//    scale is float32(scale_double).
//  - 'legacy-float' (flatbuffer quantizer of TF 2.3–2.4, per-tensor only;
//    PortableSymmetricQuantizeFloats): range = max(|min|, |max|) in float; all-zero ⇒ scale 1 and
//    q = 0; scale = float(range / 127); q = roundf(float(w · float(127 / range))).
//
// Element i of a tensor quantized along `axis` belongs to channel floor(i / slice) mod channels,
// where slice = product of the dims after the axis (FC [units, in] axis 0: slice = in;
// CONV [O, H, W, I] axis 0: slice = H·W·I; DEPTHWISE [1, H, W, O] axis 3: slice = 1).
// Loops never allocate; every function works on an element range so callers can chunk big tensors.

export const INT8_QMAX = 127;
/** Below this full range (2m) the MLIR quantizer widens the range to ±NEAR_ZERO_TOLERANCE/2. */
export const NEAR_ZERO_TOLERANCE = 1e-6;

export type ScaleMath = 'mlir-double' | 'legacy-float';

/** How a tensor's elements map to channels: `outer` blocks of `channels` runs of `slice` elements. */
export interface ChannelLayout {
  outer: number;
  channels: number;
  slice: number;
}

/** axis null = per-tensor (a single channel covering the whole tensor). */
export function channelLayout(shape: readonly number[], axis: number | null): ChannelLayout {
  let total = 1;
  for (const d of shape) total *= d;
  if (axis === null) return { outer: 1, channels: 1, slice: total };
  if (!Number.isInteger(axis) || axis < 0 || axis >= shape.length) {
    throw new RangeError(`quantization axis ${axis} is outside a tensor of rank ${shape.length}`);
  }
  let outer = 1;
  let slice = 1;
  for (let d = 0; d < axis; d++) outer *= shape[d];
  for (let d = axis + 1; d < shape.length; d++) slice *= shape[d];
  return { outer, channels: shape[axis], slice };
}

/** The channel of flat (row-major) element index i. */
export function channelOf(i: number, layout: ChannelLayout): number {
  return Math.floor(i / layout.slice) % layout.channels;
}

/** C's round(): halves go away from zero (Math.round alone sends -2.5 to -2). */
export function roundHalfAwayFromZero(x: number): number {
  return x >= 0 ? Math.round(x) : -Math.round(-x);
}

/**
 * Per-channel symmetric bound m_c = max(|min_c|, |max_c|) over the channel's values, written to
 * `out` (length = channels). Including 0 in the range does not change a symmetric bound.
 * NaN weights make the bound NaN, which the scale functions refuse.
 */
export function channelAbsMax(w: Float32Array, layout: ChannelLayout, out: Float64Array): Float64Array {
  const { outer, channels, slice } = layout;
  if (out.length !== channels) throw new RangeError(`expected ${channels} channel slots, got ${out.length}`);
  out.fill(0);
  let i = 0;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      let m = out[c];
      for (let k = 0; k < slice; k++, i++) {
        const v = w[i];
        const a = v < 0 ? -v : v;
        if (a > m || a !== a) m = a; // a !== a: keep NaN so it is caught below
      }
      out[c] = m;
    }
  }
  return out;
}

/**
 * Double scales from per-channel bounds, MLIR rules: the tiny-range guard, then (m - (-m)) / 254.
 * `stored` receives float32(scale), the value written to the file.
 */
export function mlirScales(absMax: Float64Array, scales: Float64Array, stored: Float32Array): void {
  for (let c = 0; c < absMax.length; c++) {
    let m = absMax[c];
    if (!Number.isFinite(m)) throw new RangeError(`channel ${c} holds a non-finite weight (${m})`);
    if (m + m <= NEAR_ZERO_TOLERANCE) m = NEAR_ZERO_TOLERANCE / 2;
    const s = (m - -m) / (INT8_QMAX - -INT8_QMAX);
    scales[c] = s;
    stored[c] = s; // Float32Array assignment rounds to nearest-even float32, as the exporter does
  }
}

/**
 * Legacy float scales (TF 2.3–2.4): scale = float(range / 127); the quantizer multiplies by
 * float(127 / range). An all-zero tensor gets scale 1 and inverse 0 (every q is 0).
 * `scales` receives the float32 scale (as a double), `inverses` the float32 inverse.
 */
export function legacyScales(absMax: Float64Array, scales: Float64Array, inverses: Float64Array, stored: Float32Array): void {
  for (let c = 0; c < absMax.length; c++) {
    const range = Math.fround(absMax[c]);
    if (!Number.isFinite(range)) throw new RangeError(`channel ${c} holds a non-finite weight (${range})`);
    if (range === 0) {
      scales[c] = 1;
      inverses[c] = 0;
    } else {
      scales[c] = Math.fround(range / INT8_QMAX);
      inverses[c] = Math.fround(INT8_QMAX / range);
    }
    stored[c] = scales[c];
  }
}

/** Sums for SQNR: Σ w² and Σ (w − q·scale)², accumulated by the quantize loops. */
export interface ErrorSums {
  signal: number;
  noise: number;
}

/**
 * Quantizes elements [start, end) with the MLIR rule q = clamp(round(w / scale_c)), dividing by the
 * double scale. `stored` (float32 scales) is used only to accumulate the dequantization error.
 */
export function quantizeInt8Mlir(
  w: Float32Array, layout: ChannelLayout, scales: Float64Array, stored: Float32Array,
  out: Int8Array, start: number, end: number, sums: ErrorSums,
): void {
  const { channels, slice } = layout;
  let c = Math.floor(start / slice) % channels;
  let k = start % slice;
  let s = scales[c];
  let fs = stored[c];
  let signal = 0;
  let noise = 0;
  for (let i = start; i < end; i++) {
    const v = w[i];
    const x = v / s;
    let q = x >= 0 ? Math.round(x) : -Math.round(-x);
    if (q > INT8_QMAX) q = INT8_QMAX;
    else if (q < -INT8_QMAX) q = -INT8_QMAX;
    out[i] = q;
    const e = v - q * fs;
    signal += v * v;
    noise += e * e;
    if (++k === slice) {
      k = 0;
      if (++c === channels) c = 0;
      s = scales[c];
      fs = stored[c];
    }
  }
  sums.signal += signal;
  sums.noise += noise;
}

/** Quantizes elements [start, end) with the legacy float rule q = clamp(roundf(float(w · inv_c))). */
export function quantizeInt8Legacy(
  w: Float32Array, layout: ChannelLayout, inverses: Float64Array, stored: Float32Array,
  out: Int8Array, start: number, end: number, sums: ErrorSums,
): void {
  const { channels, slice } = layout;
  let c = Math.floor(start / slice) % channels;
  let k = start % slice;
  let inv = inverses[c];
  let fs = stored[c];
  let signal = 0;
  let noise = 0;
  for (let i = start; i < end; i++) {
    const v = w[i];
    const x = Math.fround(v * inv);
    let q = x >= 0 ? Math.round(x) : -Math.round(-x);
    if (q > INT8_QMAX) q = INT8_QMAX;
    else if (q < -INT8_QMAX) q = -INT8_QMAX;
    out[i] = q;
    const e = v - q * fs;
    signal += v * v;
    noise += e * e;
    if (++k === slice) {
      k = 0;
      if (++c === channels) c = 0;
      inv = inverses[c];
      fs = stored[c];
    }
  }
  sums.signal += signal;
  sums.noise += noise;
}

/** Result of quantizing one whole tensor. */
export interface Int8Weights {
  values: Int8Array;
  /** float32 scales as stored in the file, one per channel (one for per-tensor). */
  scales: Float32Array;
  axis: number | null;
  sqnrDb: number;
}

/** Quantizes a whole tensor in one call (small tensors, tests, the Learn panel). */
export function quantizeInt8(
  w: Float32Array, shape: readonly number[], axis: number | null, math: ScaleMath = 'mlir-double',
): Int8Weights {
  const layout = channelLayout(shape, axis);
  if (layout.outer * layout.channels * layout.slice !== w.length) {
    throw new RangeError(`shape [${shape.join(', ')}] does not match ${w.length} values`);
  }
  const prepared = prepareInt8(w, layout, math);
  const values = new Int8Array(w.length);
  const sums: ErrorSums = { signal: 0, noise: 0 };
  quantizeInt8Range(w, layout, prepared, values, 0, w.length, sums);
  return { values, scales: prepared.stored, axis, sqnrDb: sqnrDb(sums) };
}

/** Per-channel state computed by the first pass over a tensor. */
export interface PreparedInt8 {
  math: ScaleMath;
  /** mlir-double: the double scales; legacy-float: the float32 inverse scales. */
  divisorsOrInverses: Float64Array;
  stored: Float32Array;
}

export function prepareInt8(w: Float32Array, layout: ChannelLayout, math: ScaleMath): PreparedInt8 {
  const absMax = channelAbsMax(w, layout, new Float64Array(layout.channels));
  const stored = new Float32Array(layout.channels);
  const work = new Float64Array(layout.channels);
  if (math === 'mlir-double') {
    mlirScales(absMax, work, stored);
    return { math, divisorsOrInverses: work, stored };
  }
  const inverses = new Float64Array(layout.channels);
  legacyScales(absMax, work, inverses, stored);
  return { math, divisorsOrInverses: inverses, stored };
}

export function quantizeInt8Range(
  w: Float32Array, layout: ChannelLayout, p: PreparedInt8, out: Int8Array, start: number, end: number, sums: ErrorSums,
): void {
  if (p.math === 'mlir-double') quantizeInt8Mlir(w, layout, p.divisorsOrInverses, p.stored, out, start, end, sums);
  else quantizeInt8Legacy(w, layout, p.divisorsOrInverses, p.stored, out, start, end, sums);
}

/** Signal-to-quantization-noise ratio in dB; +Infinity when the error is exactly zero. */
export function sqnrDb(sums: ErrorSums): number {
  if (sums.noise === 0) return Infinity;
  if (sums.signal === 0) return -Infinity;
  return 10 * Math.log10(sums.signal / sums.noise);
}

// ---------------------------------------------------------------------------------------------
// float16 (reference §5): clamp to ±65504, then round to nearest-even half. Source values are
// float32, so converting their bits directly is exact (no double-rounding hazard).

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

/** Converts elements [start, end) to half bits, accumulating the conversion error. */
export function quantizeFloat16Range(
  w: Float32Array, out: Uint16Array, start: number, end: number, sums: ErrorSums,
): void {
  let signal = 0;
  let noise = 0;
  for (let i = start; i < end; i++) {
    const v = w[i];
    const h = float32ToFloat16Bits(v);
    out[i] = h;
    const e = v - float16BitsToNumber(h);
    signal += v * v;
    noise += e * e;
  }
  sums.signal += signal;
  sums.noise += noise;
}
