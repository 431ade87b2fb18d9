// Naive references for the hybrid (dynamic-range) kernels: plain loops that follow TFLite's math
// step by step (DRQ reference §4), one element at a time, without blocking, im2col, bands or
// scratch reuse. Written independently of src/core/interpreter/hybrid on purpose: the seeded sweeps
// compare the two, so an indexing or blocking bug in the fast code shows up as a difference.
// Every float32 step is Math.fround; rounding is half away from zero.

import type { Activation } from '../../tflite/options';

const fr = Math.fround;
/** Half away from zero; + 0 turns −0 into 0 (Int8Array stores both as 0, but tests compare numbers). */
const round = (v: number): number => Math.sign(v) * Math.floor(Math.abs(v) + 0.5) + 0;

export interface RefQuantized { q: number[]; scale: number; zeroPoint: number }

/** PortableAsymmetricQuantizeFloats on one row. */
export function refAsymmetricQuantize(x: ArrayLike<number>): RefQuantized {
  let rmin = 0;
  let rmax = 0;
  for (let i = 0; i < x.length; i++) {
    rmin = Math.min(rmin, x[i]);
    rmax = Math.max(rmax, x[i]);
  }
  if (rmin === rmax) return { q: Array.from(x, () => 0), scale: 1, zeroPoint: 0 };
  const scale = (rmax - rmin) / 255;
  const fromMin = -128 - rmin / scale;
  const fromMax = 127 - rmax / scale;
  const zpD = 128 + Math.abs(rmin / scale) < 127 + Math.abs(rmax / scale) ? fromMin : fromMax;
  const zeroPoint = zpD <= -128 ? -128 : zpD >= 127 ? 127 : round(zpD);
  const sf = fr(scale);
  const inv = fr(1 / sf);
  const q = Array.from(x, (v) => Math.min(127, Math.max(-128, round(fr(zeroPoint + fr(v * inv))))));
  return { q, scale: sf, zeroPoint };
}

/** PortableSymmetricQuantizeFloats on one row. */
export function refSymmetricQuantize(x: ArrayLike<number>): RefQuantized {
  let range = 0;
  for (let i = 0; i < x.length; i++) range = Math.max(range, Math.abs(x[i]));
  if (range === 0) return { q: Array.from(x, () => 0), scale: 1, zeroPoint: 0 };
  const inv = fr(127 / range);
  const q = Array.from(x, (v) => Math.min(127, Math.max(-127, round(fr(v * inv)))));
  return { q, scale: fr(range / 127), zeroPoint: 0 };
}

export function refQuantize(x: ArrayLike<number>, asymmetric: boolean): RefQuantized {
  return asymmetric ? refAsymmetricQuantize(x) : refSymmetricQuantize(x);
}

/** The float activation of the hybrid FC (TANH as Math.tanh: compare TANH with a tolerance). */
export function refHybridActivation(v: number, act: Activation): number {
  switch (act) {
    case 'RELU': return Math.max(0, v);
    case 'RELU6': return Math.min(6, Math.max(0, v));
    case 'RELU_N1_TO_1': return Math.min(1, Math.max(-1, v));
    case 'TANH': return fr(Math.tanh(v));
    case 'SIGN_BIT': return v < 0 ? 1 : 0;
    default: return v;
  }
}

export interface RefHybridWeights {
  /** int8 values, row-major over the weight's shape. */
  q: ArrayLike<number>;
  /** One scale (per-tensor) or one per output unit/channel. */
  scales: ArrayLike<number>;
}

/** Hybrid FULLY_CONNECTED: input batch·inDepth values, weights [units, inDepth] → [batch, units]. */
export function refHybridFullyConnected(
  input: Float32Array, w: RefHybridWeights, units: number, inDepth: number, bias: Float32Array | null,
  asymmetric: boolean, act: Activation,
): Float32Array {
  const batch = input.length / inDepth;
  const out = new Float32Array(batch * units);
  for (let b = 0; b < batch; b++) {
    const row = refQuantize(input.subarray(b * inDepth, (b + 1) * inDepth), asymmetric);
    for (let u = 0; u < units; u++) {
      let acc = 0;
      for (let i = 0; i < inDepth; i++) acc += w.q[u * inDepth + i] * (row.q[i] - row.zeroPoint);
      const scale = fr(row.scale * (w.scales.length > 1 ? w.scales[u] : w.scales[0]));
      out[b * units + u] = refHybridActivation(fr((bias ? bias[u] : 0) + fr(fr(acc) * scale)), act);
    }
  }
  return out;
}

/**
 * Hybrid BATCH_MATMUL for LHS [batch, rows, depth] × int8 RHS [depth, cols] (one RHS matrix, shared
 * by every batch): the layout where TFLite's scale indexing is the natural one.
 */
export function refHybridBatchMatMul(
  lhs: Float32Array, batch: number, rows: number, depth: number, w: RefHybridWeights, cols: number, asymmetric: boolean,
): Float32Array {
  const out = new Float32Array(batch * rows * cols);
  for (let r = 0; r < batch * rows; r++) {
    const row = refQuantize(lhs.subarray(r * depth, (r + 1) * depth), asymmetric);
    for (let c = 0; c < cols; c++) {
      let dot = 0;
      let rowSum = 0;
      for (let k = 0; k < depth; k++) {
        dot += row.q[k] * w.q[k * cols + c];
        rowSum += w.q[k * cols + c];
      }
      const total = Math.trunc(fr(fr(dot) - fr(rowSum * row.zeroPoint)));
      const scale = w.scales.length > 1 ? fr(row.scale * w.scales[c]) : fr(row.scale * w.scales[0]);
      out[r * cols + c] = fr(scale * fr(total));
    }
  }
  return out;
}

/**
 * Float weights → int8 as TFLite's test helpers do: per tensor (SymmetricQuantizeAndPopulate:
 * scale = max|w| / 127, q = round(w · 127 / max|w|)), or per channel of `axis` with given scales
 * (PerChannelSymmetricQuantizeAndPopulate: q = round(w · (1 / scale[c]))), clamped to ±127.
 */
export function quantizeWeights(w: readonly number[], shape: number[], scales?: number[], axis = 0): { q: Int8Array; scales: number[] } {
  if (!scales) {
    const range = Math.max(...w.map(Math.abs));
    const inv = fr(127 / range);
    return { q: Int8Array.from(w, (v) => Math.max(-127, Math.min(127, round(fr(v * inv))))), scales: [fr(range / 127)] };
  }
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const q = Int8Array.from(w, (v, i) => {
    const c = Math.floor(i / inner) % shape[axis];
    return Math.max(-127, Math.min(127, round(fr(v * fr(1 / fr(scales[c]))))));
  });
  return { q, scales: scales.map(fr) };
}
