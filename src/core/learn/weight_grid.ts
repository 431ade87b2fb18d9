// Step 1 of the Learn view: one weight tensor on the int8 grid, per-tensor (one scale).
//
//   scale = max|w| / 127        (the symmetric range [−max|w|, max|w|] spread over codes −127..127)
//   q     = round(w / scale)    (half away from zero, clamped to [−127, 127])
//   ŵ     = q · scale           (what a runtime reads back), error = w − ŵ, |error| ≤ scale / 2
//
// The int8 codes and the stored float32 scale come from the quantizer's own code (quantizeInt8,
// MLIR arithmetic); this file only finds max|w|, bins the weights and reads one weight back.

import { INT8_QMAX, quantizeInt8 } from '../quantize/math';
import { LearnError } from './errors';

export interface WeightGrid {
  count: number;
  min: number;
  max: number;
  absMax: number;
  /** Flat index of the weight with the largest magnitude (the one that sets the scale). */
  absMaxIndex: number;
  /** max|w| / 127 computed in double: the formula. */
  scaleFormula: number;
  /** The float32 scale a per-tensor file stores (the quantizer's value). */
  scale: number;
  /** Per-tensor int8 codes, one per weight (the quantizer's values). */
  q: Int8Array;
  sqnrDb: number;
}

export function weightGrid(w: Float32Array, shape: readonly number[]): WeightGrid {
  if (w.length === 0) throw new LearnError('the weight tensor is empty');
  let min = Infinity, max = -Infinity, absMax = -1, absMaxIndex = 0;
  for (let i = 0; i < w.length; i++) {
    const v = w[i];
    if (!Number.isFinite(v)) throw new LearnError(`weight ${i} is ${v}: a weight must be a finite number`);
    if (v < min) min = v;
    if (v > max) max = v;
    if (Math.abs(v) > absMax) { absMax = Math.abs(v); absMaxIndex = i; }
  }
  const quantized = quantizeInt8(w, shape, null, 'mlir-double');
  return {
    count: w.length, min, max, absMax, absMaxIndex, scaleFormula: absMax / INT8_QMAX,
    scale: quantized.scales[0], q: quantized.values, sqnrDb: quantized.sqnrDb,
  };
}

/**
 * A histogram whose bins follow the int8 grid: bin b holds the weights whose code is one of
 * codesPerBin consecutive codes, starting at firstCode(b). Because rounding is monotone, that is a
 * float range with edges on rounding boundaries, [(c0 − ½)·scale, (c1 + ½)·scale).
 */
export interface GridHistogram {
  codesPerBin: number;
  /** Code of the first grid point in each bin. */
  firstCode: Int32Array;
  counts: Uint32Array;
  /** First (flat) weight index in each bin, −1 for an empty bin. */
  firstIndex: Int32Array;
  /** Largest count (for the y axis). */
  maxCount: number;
}

export function gridHistogram(grid: WeightGrid, codesPerBin: number): GridHistogram {
  if (!Number.isInteger(codesPerBin) || codesPerBin < 1) throw new LearnError(`codes per bin must be a positive integer, got ${codesPerBin}`);
  const codes = 2 * INT8_QMAX + 1;
  const bins = Math.ceil(codes / codesPerBin);
  const firstCode = new Int32Array(bins);
  for (let b = 0; b < bins; b++) firstCode[b] = -INT8_QMAX + b * codesPerBin;
  const counts = new Uint32Array(bins);
  const firstIndex = new Int32Array(bins).fill(-1);
  for (let i = 0; i < grid.q.length; i++) {
    const b = binOfCode(grid.q[i], codesPerBin);
    if (counts[b]++ === 0) firstIndex[b] = i;
  }
  let maxCount = 0;
  for (const c of counts) if (c > maxCount) maxCount = c;
  return { codesPerBin, firstCode, counts, firstIndex, maxCount };
}

export function binOfCode(code: number, codesPerBin: number): number {
  return Math.floor((code + INT8_QMAX) / codesPerBin);
}

/** The next weight (after `from`, wrapping around) whose code falls in bin b; −1 when empty. */
export function nextIndexInBin(grid: WeightGrid, hist: GridHistogram, b: number, from: number): number {
  if (hist.counts[b] === 0) return -1;
  const n = grid.q.length;
  for (let k = 1; k <= n; k++) {
    const i = (from + k) % n;
    if (binOfCode(grid.q[i], hist.codesPerBin) === b) return i;
  }
  return -1;
}

/** One weight read back: float → int8 code → float, and the error. */
export interface WeightReadback {
  index: number;
  value: number;
  /** value / scale before rounding (where the weight sits between two grid points). */
  onGrid: number;
  q: number;
  /** float32(q · scale), as DEQUANTIZE computes it. */
  dequantized: number;
  error: number;
  /** error / scale: always within ±0.5 of a step. */
  errorInSteps: number;
}

export function readBack(w: Float32Array, q: Int8Array, scale: number, index: number): WeightReadback {
  if (!Number.isInteger(index) || index < 0 || index >= w.length) throw new LearnError(`weight ${index} is outside 0..${w.length - 1}`);
  const value = w[index];
  const code = q[index];
  const dequantized = Math.fround(code * scale);
  const error = value - dequantized;
  return { index, value, onGrid: value / scale, q: code, dequantized, error, errorInSteps: error / scale };
}

/**
 * A weight worth showing first: the first one that is neither tiny (|q| ≥ 8) nor close to a grid
 * point (between ¼ and ½ of a step away), so its rounding is visible; else the largest weight.
 */
export function exampleWeight(grid: WeightGrid, w: Float32Array): number {
  for (let i = 0; i < w.length; i++) {
    if (Math.abs(grid.q[i]) < 8) continue;
    const steps = Math.abs(readBack(w, grid.q, grid.scale, i).errorInSteps);
    if (steps >= 0.25 && steps <= 0.5) return i;
  }
  return grid.absMaxIndex;
}

/** The smallest c such that at least `fraction` of the weights have |q| ≤ c. */
export function codesCovering(grid: WeightGrid, fraction: number): number {
  const counts = new Uint32Array(128);
  for (const q of grid.q) counts[Math.abs(q)]++;
  const need = Math.ceil(fraction * grid.q.length);
  let seen = 0;
  for (let c = 0; c < counts.length; c++) {
    seen += counts[c];
    if (seen >= need) return c;
  }
  return 127;
}
