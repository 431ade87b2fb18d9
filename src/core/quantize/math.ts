// Weight quantization arithmetic of TFLite's dynamic-range quantizer, on typed arrays.
// (float16 conversion: float16.ts.)
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
      // Math.max propagates NaN, so a NaN weight makes the bound NaN (refused by the scale functions).
      for (let k = 0; k < slice; k++, i++) m = Math.max(m, Math.abs(w[i]));
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
 * round-half-away-from-zero(x) clamped to [-127, 127], branch-free (random weights make branches
 * unpredictable, and Math.round rounds -2.5 to -2): |x| ≤ ~127 here, so x | 0 truncates exactly and
 * x - t is the exact fractional part; the comparisons become 0/1. Small enough for V8 to inline.
 */
function roundToInt8(x: number): number {
  const t = x | 0;
  const r = x - t;
  return Math.max(-127, Math.min(127, t + +(r >= 0.5) - +(r <= -0.5))); // ±INT8_QMAX, literal for speed
}

/**
 * Quantizes elements [start, end) with the MLIR rule q = clamp(round(w / scale_c)), dividing by the
 * double scale. `stored` (float32 scales) is used only to accumulate the dequantization error.
 */
export function quantizeInt8Mlir(
  w: Float32Array, layout: ChannelLayout, scales: Float64Array, stored: Float32Array,
  out: Int8Array, start: number, end: number, sums: ErrorSums,
): void {
  // Small integers kept as int32 (| 0) so the per-element channel bookkeeping stays integer math.
  const channels = layout.channels | 0;
  const slice = layout.slice | 0;
  let c = (Math.floor(start / slice) % channels) | 0;
  let k = (start % slice) | 0;
  let s = scales[c];
  for (let i = start; i < end; i++) {
    out[i] = roundToInt8(w[i] / s);
    if (++k === slice) {
      k = 0;
      if (++c === channels) c = 0;
      s = scales[c];
    }
  }
  accumulateInt8Error(w, layout, stored, out, start, end, sums);
}

/**
 * Quantizes elements [start, end) with the legacy float rule q = clamp(roundf(float(w · inv_c))).
 * The same channel walk as quantizeInt8Mlir, kept as its own loop: one loop testing the rule per
 * element measured about 15% slower on MLIR tensors.
 */
export function quantizeInt8Legacy(
  w: Float32Array, layout: ChannelLayout, inverses: Float64Array, stored: Float32Array,
  out: Int8Array, start: number, end: number, sums: ErrorSums,
): void {
  const channels = layout.channels | 0;
  const slice = layout.slice | 0;
  let c = (Math.floor(start / slice) % channels) | 0;
  let k = (start % slice) | 0;
  let inv = inverses[c];
  for (let i = start; i < end; i++) {
    out[i] = roundToInt8(Math.fround(w[i] * inv));
    if (++k === slice) {
      k = 0;
      if (++c === channels) c = 0;
      inv = inverses[c];
    }
  }
  accumulateInt8Error(w, layout, stored, out, start, end, sums);
}

/**
 * Adds Σ w² and Σ (w − q·scale_c)² over elements [start, end) to `sums`. A separate pass: V8
 * runs the two simple loops faster than one loop doing both.
 */
export function accumulateInt8Error(
  w: Float32Array, layout: ChannelLayout, stored: Float32Array, q: Int8Array, start: number, end: number, sums: ErrorSums,
): void {
  const channels = layout.channels | 0;
  const slice = layout.slice | 0;
  let c = (Math.floor(start / slice) % channels) | 0;
  let k = (start % slice) | 0;
  let fs = stored[c];
  let signal = 0;
  let noise = 0;
  for (let i = start; i < end; i++) {
    const v = w[i];
    const e = v - q[i] * fs;
    signal += v * v;
    noise += e * e;
    if (++k === slice) {
      k = 0;
      if (++c === channels) c = 0;
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
