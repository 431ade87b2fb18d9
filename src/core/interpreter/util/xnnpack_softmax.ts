// SOFTMAX as XNNPACK computes it (beta = 1, the only softmax the official runtime's XNNPACK
// delegate takes), so our probabilities equal the official runtime's bit for bit (checked on the
// SOFTMAX goldens, rows of 4 to 1001). Per row, in float32:
// - e = exp(x − max) by XNNPACK's "rr2_p5" approximation: n = round(x·log2e) with a magic bias,
//   s = 2ⁿ built from n's bits, t = x − n·ln2 (ln2 in a high and a low part), a degree-5
//   polynomial p in t, e = s + (t·s)·p; 0 when x − max is below the cutoff where exp underflows;
// - sum: four lanes (element i goes to lane i mod 4) over the largest multiple of 4 elements,
//   folded as (l0 + l2) + (l1 + l3), then the 1–3 elements left added one by one;
// - out = e · fr(1 / sum).

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
