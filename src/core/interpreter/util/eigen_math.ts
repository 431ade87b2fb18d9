// tanh and the logistic function as TFLite's builtin float kernels compute them: through Eigen's
// float rational approximations (TANH's optimized kernel, and the LSTM and hybrid
// FULLY_CONNECTED activations via tensor_utils::ApplyActivationToVector). WebAssembly has no fused
// multiply-add, so each multiply and add rounds to float32. Checked bit for bit on the TANH,
// UNIDIRECTIONAL_SEQUENCE_LSTM and hybrid FULLY_CONNECTED goldens.

const fr = Math.fround;

// generic_fast_tanh_float: clamped to ±7.90531110763549805 (where it reaches ±1 without FMA),
// x itself below 0.0004; numerator odd, denominator even.
const TANH_CLAMP = fr(7.90531110763549805);
const TANH_TINY = fr(0.0004);
const TANH_ALPHA = [-2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11, 5.12229709037114e-08,
  1.48572235717979e-05, 6.37261928875436e-04, 4.89352455891786e-03].map(fr);
const TANH_BETA = [1.19825839466702e-06, 1.18534705686654e-04, 2.26843463243900e-03, 4.89352518554385e-03].map(fr);

/** Eigen's float tanh. */
export function eigenTanh(a: number): number {
  if (Math.abs(a) < TANH_TINY) return a;
  const x = a > TANH_CLAMP ? TANH_CLAMP : a < -TANH_CLAMP ? -TANH_CLAMP : a;
  const x2 = fr(x * x);
  let p = TANH_ALPHA[0];
  for (let i = 1; i < TANH_ALPHA.length; i++) p = fr(fr(x2 * p) + TANH_ALPHA[i]);
  p = fr(x * p);
  let q = TANH_BETA[0];
  for (let i = 1; i < TANH_BETA.length; i++) q = fr(fr(x2 * q) + TANH_BETA[i]);
  return fr(p / q);
}

// scalar_logistic_op<float> (the Eigen of TF ≈ 2.12, scalar path): e = exp(min(x, 16.6355324)),
// e / (1 + e); exp is std::exp on float, taken here as the float32 rounding of the double exp
// (musl's expf is within 0.502 ulp, so the two can differ in rare last-bit cases).
const LOGISTIC_EXP_HI = fr(16.6355324);

/** Eigen's float logistic function. */
export function eigenLogistic(x: number): number {
  const e = fr(Math.exp(x < LOGISTIC_EXP_HI ? x : LOGISTIC_EXP_HI));
  return fr(e / fr(1 + e));
}
