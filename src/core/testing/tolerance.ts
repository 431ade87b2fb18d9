// Numeric agreement helpers for tests.
//
// The project's agreement measure is maxRelDiff: the largest |actual − expected| divided by the
// largest |expected| over the whole tensor (so tiny outputs near zero do not blow it up).
// expectClose checks element by element (|a − e| ≤ abs + rel·|e|) and reports the worst element.

import type { TensorValue, TypedArray } from '../interpreter/kernel';

type Numeric = ArrayLike<number> | TypedArray;

function num(a: Numeric, i: number): number {
  const v = (a as ArrayLike<number | bigint>)[i];
  return typeof v === 'bigint' ? Number(v) : (v as number);
}

/** max |a − e| / max |e| (or max |a − e| when expected is all zeros). NaN where they differ in NaN-ness. */
export function maxRelDiff(actual: Numeric, expected: Numeric): number {
  if (actual.length !== expected.length) throw new Error(`maxRelDiff: lengths differ (${actual.length} vs ${expected.length})`);
  let maxDiff = 0;
  let maxRef = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = num(actual, i);
    const e = num(expected, i);
    if (Number.isNaN(a) !== Number.isNaN(e)) return Number.NaN;
    if (Number.isNaN(e)) continue;
    if (a !== e) maxDiff = Math.max(maxDiff, Math.abs(a - e));
    maxRef = Math.max(maxRef, Math.abs(e));
  }
  return maxRef === 0 ? maxDiff : maxDiff / maxRef;
}

export interface Tolerance {
  /** Relative part, multiplied by |expected[i]|. Default 1e-6. */
  rel?: number;
  /** Absolute part. Default 0. */
  abs?: number;
  /** Label used in failure messages. */
  what?: string;
}

/** Throws (failing the test) naming the worst element when any |a − e| > abs + rel·|e|. NaN must
 *  match NaN; ±Infinity must match exactly. */
export function expectClose(actual: Numeric, expected: Numeric, tol: Tolerance = {}): void {
  const rel = tol.rel ?? 1e-6;
  const abs = tol.abs ?? 0;
  const what = tol.what ? `${tol.what}: ` : '';
  if (actual.length !== expected.length) {
    throw new Error(`${what}length ${actual.length}, expected ${expected.length}`);
  }
  let worst = -1;
  let worstExcess = 0;
  let bad = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = num(actual, i);
    const e = num(expected, i);
    let excess: number;
    if (Number.isNaN(e) || Number.isNaN(a)) excess = Number.isNaN(e) && Number.isNaN(a) ? 0 : Infinity;
    else if (!Number.isFinite(e) || !Number.isFinite(a)) excess = a === e ? 0 : Infinity;
    else excess = Math.abs(a - e) - (abs + rel * Math.abs(e));
    if (excess > 0) {
      bad++;
      if (worst < 0 || excess > worstExcess) { worst = i; worstExcess = excess; }
    }
  }
  if (bad > 0) {
    const a = num(actual, worst);
    const e = num(expected, worst);
    throw new Error(
      `${what}${bad} of ${expected.length} elements out of tolerance (rel ${rel}, abs ${abs}); worst at index ` +
        `${worst}: got ${a}, expected ${e} (|diff| ${Math.abs(a - e)}); maxRelDiff ${maxRelDiff(actual, expected)}`,
    );
  }
}

/** expectClose on two TensorValues, after checking dtype and shape. */
export function expectTensorClose(actual: TensorValue, expected: TensorValue, tol: Tolerance = {}): void {
  const what = tol.what ? `${tol.what}: ` : '';
  if (actual.dtype !== expected.dtype) throw new Error(`${what}dtype ${actual.dtype}, expected ${expected.dtype}`);
  if (actual.shape.join(',') !== expected.shape.join(',')) {
    throw new Error(`${what}shape [${actual.shape}], expected [${expected.shape}]`);
  }
  expectClose(actual.data, expected.data, tol);
}
