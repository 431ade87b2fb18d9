// Step 2 of the Learn view: one scale for the whole Dense weight (per-tensor) or one per output
// unit (per-channel, axis 0 of [units, inDepth]). A unit whose weights are small wastes most of
// the ±127 codes under a shared scale; its own scale gives it the full range.
//
// Both quantizations are the quantizer's own (quantizeInt8, MLIR arithmetic); this file measures
// their error per unit: SQNR = 10·log10(Σ w² / Σ (w − q·scale)²) and the largest |w − q·scale|.

import { INT8_QMAX, quantizeInt8 } from '../quantize/math';
import { LearnError } from './errors';

export interface ErrorStats {
  sqnrDb: number;
  maxAbsError: number;
}

export interface UnitGranularity {
  unit: number;
  absMax: number;
  /** This unit's own scale (per-channel), float32 as stored. */
  ownScale: number;
  /** Codes the unit reaches under the shared scale: round(max|w_unit| / sharedScale) (≤ 127). */
  codesUsedShared: number;
  shared: ErrorStats;
  own: ErrorStats;
}

export interface GranularityComparison {
  units: number;
  inDepth: number;
  sharedScale: number;
  ownScales: Float32Array;
  sharedQ: Int8Array;
  ownQ: Int8Array;
  shared: ErrorStats;
  own: ErrorStats;
  perUnit: UnitGranularity[];
  /** Largest unit range / smallest unit range: how unequal the units are. */
  rangeSpread: number;
}

interface Sums { signal: number; noise: number; maxAbs: number }

function errorSums(w: Float32Array, q: Int8Array, scale: (i: number) => number, start: number, end: number, into: Sums): void {
  for (let i = start; i < end; i++) {
    const e = w[i] - q[i] * scale(i);
    into.signal += w[i] * w[i];
    into.noise += e * e;
    if (Math.abs(e) > into.maxAbs) into.maxAbs = Math.abs(e);
  }
}

function stats(s: Sums): ErrorStats {
  const sqnrDb = s.noise === 0 ? Infinity : s.signal === 0 ? -Infinity : 10 * Math.log10(s.signal / s.noise);
  return { sqnrDb, maxAbsError: s.maxAbs };
}

const zero = (): Sums => ({ signal: 0, noise: 0, maxAbs: 0 });

/** w: Dense weights [units, inDepth] row-major. */
export function compareGranularity(w: Float32Array, units: number, inDepth: number): GranularityComparison {
  if (units * inDepth !== w.length || units < 1) throw new LearnError(`weights [${units}, ${inDepth}] need ${units * inDepth} values, got ${w.length}`);
  const shape = [units, inDepth];
  const sharedQ = quantizeInt8(w, shape, null, 'mlir-double');
  const ownQ = quantizeInt8(w, shape, 0, 'mlir-double');
  const sharedScale = sharedQ.scales[0];
  const totalShared = zero();
  const totalOwn = zero();
  const perUnit: UnitGranularity[] = [];
  for (let u = 0; u < units; u++) {
    const start = u * inDepth, end = start + inDepth;
    let absMax = 0;
    for (let i = start; i < end; i++) absMax = Math.max(absMax, Math.abs(w[i]));
    const s = zero(), o = zero();
    errorSums(w, sharedQ.values, () => sharedScale, start, end, s);
    errorSums(w, ownQ.values, () => ownQ.scales[u], start, end, o);
    for (const [t, x] of [[totalShared, s], [totalOwn, o]] as const) {
      t.signal += x.signal;
      t.noise += x.noise;
      t.maxAbs = Math.max(t.maxAbs, x.maxAbs);
    }
    perUnit.push({
      unit: u, absMax, ownScale: ownQ.scales[u], codesUsedShared: Math.min(INT8_QMAX, Math.round(absMax / sharedScale)),
      shared: stats(s), own: stats(o),
    });
  }
  const ranges = perUnit.map((p) => p.absMax);
  const lo = Math.min(...ranges);
  return {
    units, inDepth, sharedScale, ownScales: ownQ.scales, sharedQ: sharedQ.values, ownQ: ownQ.values,
    shared: stats(totalShared), own: stats(totalOwn), perUnit,
    rangeSpread: lo > 0 ? Math.max(...ranges) / lo : Infinity,
  };
}
