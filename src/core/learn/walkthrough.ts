// Step 5 of the Learn view: one output of the hybrid FULLY_CONNECTED, worked through with the
// kernel's own functions (hybrid/quantize_input.ts, hybrid/int8_gemm.ts, hybrid/fully_connected.ts,
// hybrid/activation.ts), on the activation row our interpreter computed for the digit:
//
//   x (float32 [inDepth]) → q, scale, zero point       asymmetric: x ≈ scale · (q − zp)
//   raw = Σ_i w[unit][i] · q[i]                         int8 × int8 → exact integer (int32 in TFLite)
//   dot = raw − rowSum[unit] · zp                       = Σ_i w[unit][i] · (q[i] − zp)
//   out = act(fr(bias + fr(fr(dot) · fr(scale · weightScale))))
//
// Nothing here re-implements that arithmetic: it calls the same exported functions the kernel runs.
// Only the list of largest terms (for display) is computed here, and a test checks that all terms
// add up to the kernel's sum.

import { applyHybridActivation } from '../interpreter/hybrid/activation';
import { hybridFcOutput, hybridFcScale } from '../interpreter/hybrid/fully_connected';
import { int8Gemm, int8RowSums } from '../interpreter/hybrid/int8_gemm';
import { quantizeInput } from '../interpreter/hybrid/quantize_input';
import type { Activation } from '../tflite/options';
import type { HybridDense } from './dense_layer';
import { LearnError } from './errors';

export interface InputQuantization {
  asymmetric: boolean;
  values: Float32Array;
  min: number;
  max: number;
  /** The float range mapped onto the codes: [min(0, min x), max(0, max x)], or ±max|x| when symmetric. */
  rangeLo: number;
  rangeHi: number;
  scale: number;
  zeroPoint: number;
  q: Int8Array;
  /** Values that are exactly 0 (switched off by ReLU): each becomes the code zeroPoint. */
  zeros: number;
  /** Largest |x − scale · (q − zp)|. */
  maxError: number;
}

/** Quantizes the Dense input row as the hybrid kernel does (quantizeInput = its per-row routine). */
export function quantizeDenseInput(x: Float32Array, asymmetric: boolean): InputQuantization {
  if (x.length === 0) throw new LearnError('the Dense input row is empty');
  let min = Infinity, max = -Infinity, zeros = 0;
  for (const v of x) {
    if (v < min) min = v;
    if (v > max) max = v;
    if (v === 0) zeros++;
  }
  const { q, scale, zeroPoint } = quantizeInput(x, asymmetric);
  let maxError = 0;
  for (let i = 0; i < x.length; i++) maxError = Math.max(maxError, Math.abs(x[i] - scale * (q[i] - zeroPoint)));
  const m = Math.max(Math.abs(min), Math.abs(max));
  return {
    asymmetric, values: x, min, max,
    rangeLo: asymmetric ? Math.min(0, min) : -m, rangeHi: asymmetric ? Math.max(0, max) : m,
    scale, zeroPoint, q, zeros, maxError,
  };
}

export interface Term {
  input: number;
  weight: number;
  code: number;
  /** code − zero point */
  shifted: number;
  /** weight · shifted */
  product: number;
}

export interface WorkedUnit {
  unit: number;
  inDepth: number;
  perChannel: boolean;
  weightScale: number;
  inputScale: number;
  zeroPoint: number;
  /** Σ w·q: the int8 dot product, an exact integer. */
  raw: number;
  /** Σ w over the unit's row (the kernel caches these per unit). */
  rowSum: number;
  /** rowSum · zeroPoint */
  correction: number;
  /** raw − correction = Σ w·(q − zp) */
  dot: number;
  /** fr(inputScale · weightScale) */
  combinedScale: number;
  /** fr(fr(dot) · combinedScale): the dot product back in float units. */
  scaled: number;
  bias: number;
  /** fr(bias + scaled) */
  preActivation: number;
  activation: Activation;
  output: number;
  /** The largest terms w·(q − zp) by magnitude, largest first. */
  topTerms: Term[];
  /** Terms that are not zero (zero weights or inputs at the zero point add nothing). */
  nonZeroTerms: number;
}

export function workUnit(layer: HybridDense, input: InputQuantization, unit: number, topN = 8): WorkedUnit {
  const K = layer.inDepth;
  if (!Number.isInteger(unit) || unit < 0 || unit >= layer.units) throw new LearnError(`unit ${unit} is outside 0..${layer.units - 1}`);
  if (input.q.length !== K) throw new LearnError(`the input row has ${input.q.length} values; the layer reads ${K}`);
  const acc = new Int32Array(1);
  int8Gemm(input.q, 0, 1, K, layer.weights, unit * K, 1, acc, 0);
  const row = layer.weights.subarray(unit * K, (unit + 1) * K);
  const rowSum = int8RowSums(row, 1, K)[0];
  const perChannel = layer.scales.length > 1;
  const weightScale = perChannel ? layer.scales[unit] : layer.scales[0];
  const combinedScale = hybridFcScale(input.scale, weightScale);
  const dot = acc[0] - rowSum * input.zeroPoint;
  const bias = layer.bias ? layer.bias[unit] : 0;
  const preActivation = hybridFcOutput(dot, combinedScale, bias);
  const out = Float32Array.of(preActivation);
  applyHybridActivation(out, 0, 1, layer.activation);
  const { top, nonZero } = largestTerms(row, input.q, input.zeroPoint, topN);
  return {
    unit, inDepth: K, perChannel, weightScale, inputScale: input.scale, zeroPoint: input.zeroPoint,
    raw: acc[0], rowSum, correction: rowSum * input.zeroPoint, dot, combinedScale,
    scaled: Math.fround(Math.fround(dot) * combinedScale), bias, preActivation, activation: layer.activation, output: out[0],
    topTerms: top, nonZeroTerms: nonZero,
  };
}

/** Every term w·(q − zp) of one unit (tests add them up; the view lists the largest). */
export function unitTerms(row: Int8Array, q: Int8Array, zeroPoint: number): Term[] {
  return Array.from(row, (weight, i) => {
    const shifted = q[i] - zeroPoint;
    return { input: i, weight, code: q[i], shifted, product: weight * shifted };
  });
}

function largestTerms(row: Int8Array, q: Int8Array, zeroPoint: number, n: number): { top: Term[]; nonZero: number } {
  const terms = unitTerms(row, q, zeroPoint);
  const nonZero = terms.filter((t) => t.product !== 0);
  nonZero.sort((a, b) => Math.abs(b.product) - Math.abs(a.product) || a.input - b.input);
  return { top: nonZero.slice(0, n), nonZero: nonZero.length };
}

/** An activation to show on its grid: the non-zero value nearest the median of the non-zero ones (else input 0). */
export function typicalActivation(input: InputQuantization): number {
  const nonZero: number[] = [];
  input.values.forEach((v, i) => { if (v !== 0) nonZero.push(i); });
  if (nonZero.length === 0) return 0;
  const sorted = [...nonZero].sort((a, b) => input.values[a] - input.values[b] || a - b);
  const median = input.values[sorted[Math.floor((sorted.length - 1) / 2)]];
  let best = nonZero[0];
  for (const i of nonZero) if (Math.abs(input.values[i] - median) < Math.abs(input.values[best] - median)) best = i;
  return best;
}
