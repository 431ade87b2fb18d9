// XNNPACK's exp-based float kernels, reproduced bit for bit because the official runtime runs
// SOFTMAX (beta = 1, the only softmax its XNNPACK delegate takes) and LOGISTIC there (checked on
// the SOFTMAX and LOGISTIC goldens). Both build exp from XNNPACK's "rr2_p5" approximation, in
// float32: n = round(x·log2e) with a magic bias, s = 2ⁿ made from n's bits, t = x − n·ln2 (ln2 in
// a high and a low part), a degree-5 polynomial p in t, e = s + (t·s)·p, and 0 below the cutoff
// where exp underflows.
// - SOFTMAX, per row: e = exp(x − max); sum in four lanes (element i to lane i mod 4) over the
//   largest multiple of 4 elements, folded as (l0 + l2) + (l1 + l3), then the 1–3 elements left
//   added one by one; out = e · fr(1 / sum).
// - LOGISTIC: e = exp(−|x|), f = e / (e + 1); out = f for negative x (sign bit set), else 1 − f.

const fr = Math.fround;

/** A float32 constant written as a C hex-float literal: sign, hex mantissa digits, exponent. */
function hexFloat(negative: boolean, mantissaHex: string, exponent: number): number {
  return fr((negative ? -1 : 1) * (1 + parseInt(mantissaHex, 16) / 16 ** mantissaHex.length) * 2 ** exponent);
}

const LOG2E = hexFloat(false, '715476', 0);
const MAGIC_BIAS = hexFloat(false, '8000FE', 23);
const MINUS_LN2_HI = hexFloat(true, '62E400', -1);
const MINUS_LN2_LO = hexFloat(true, '7F7D1C', -20);
const C5 = hexFloat(false, '0F9F9C', -7);
const C4 = hexFloat(false, '573A1A', -5);
const C3 = hexFloat(false, '555A80', -3);
const C2 = hexFloat(false, 'FFFDC6', -2);
const C1 = hexFloat(false, 'FFFFF6', -1);
const DENORM_CUTOFF = hexFloat(true, '5D589E', 6);

const bits = new Float32Array(1);
const bitsInt = new Int32Array(bits.buffer);

/** XNNPACK's exp(x − max) in float32. */
export function expMinusMax(x: number, max: number): number {
  const d = fr(x - max);
  let n = fr(MAGIC_BIAS + fr(d * LOG2E));
  bits[0] = n;
  bitsInt[0] <<= 23; // the low bits of the biased n become the exponent field: s = 2ⁿ
  const s = bits[0];
  n = fr(n - MAGIC_BIAS);
  let t = fr(d + fr(n * MINUS_LN2_HI));
  t = fr(t + fr(n * MINUS_LN2_LO));
  let p = fr(C4 + fr(C5 * t));
  p = fr(C3 + fr(p * t));
  p = fr(C2 + fr(p * t));
  p = fr(C1 + fr(p * t));
  t = fr(t * s);
  const e = fr(s + fr(t * p));
  return d < DENORM_CUTOFF ? 0 : e;
}

/** One softmax row: y[base .. base+n) from x[base .. base+n). */
export function softmaxRow(x: Float32Array, y: Float32Array, base: number, n: number): void {
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (max < x[base + i]) max = x[base + i];
  let l0 = 0, l1 = 0, l2 = 0, l3 = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const e0 = expMinusMax(x[base + i], max), e1 = expMinusMax(x[base + i + 1], max);
    const e2 = expMinusMax(x[base + i + 2], max), e3 = expMinusMax(x[base + i + 3], max);
    y[base + i] = e0; y[base + i + 1] = e1; y[base + i + 2] = e2; y[base + i + 3] = e3;
    l0 = fr(l0 + e0); l1 = fr(l1 + e1); l2 = fr(l2 + e2); l3 = fr(l3 + e3);
  }
  let sum = fr(fr(l0 + l2) + fr(l1 + l3));
  for (; i < n; i++) {
    const e = expMinusMax(x[base + i], max);
    y[base + i] = e;
    sum = fr(sum + e);
  }
  const scale = fr(1 / sum);
  for (let j = 0; j < n; j++) y[base + j] = fr(y[base + j] * scale);
}

// LOGISTIC's constants: the same approximation written for exp(−z), z = |x| ≥ 0.
const MINUS_LOG2E = hexFloat(true, '715476', 0);
const LN2_HI = hexFloat(false, '62E400', -1);
const LN2_LO = hexFloat(false, '7F7D1C', -20);
const S_C5 = hexFloat(true, '0F9F9C', -7);
const S_C4 = hexFloat(false, '573A1A', -5);
const S_C3 = hexFloat(true, '555A80', -3);
const S_C2 = hexFloat(false, 'FFFDC6', -2);
const S_C1 = hexFloat(true, 'FFFFF6', -1);
const S_CUTOFF = hexFloat(false, '5D589E', 6);

/** XNNPACK's sigmoid in float32. */
export function sigmoid(x: number): number {
  const z = Math.abs(x);
  let n = fr(MAGIC_BIAS + fr(z * MINUS_LOG2E));
  bits[0] = n;
  bitsInt[0] <<= 23;
  const s = bits[0];
  n = fr(n - MAGIC_BIAS);
  let t = fr(z + fr(n * LN2_HI));
  t = fr(t + fr(n * LN2_LO));
  let p = fr(S_C4 + fr(t * S_C5));
  p = fr(S_C3 + fr(t * p));
  p = fr(S_C2 + fr(t * p));
  p = fr(S_C1 + fr(t * p));
  t = fr(t * s);
  const e = fr(s + fr(t * p));
  const f = z > S_CUTOFF ? 0 : fr(e / fr(e + 1));
  bits[0] = x;
  return bitsInt[0] < 0 ? f : fr(1 - f);
}
