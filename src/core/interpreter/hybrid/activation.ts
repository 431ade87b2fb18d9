// Fused activations as TFLite's hybrid kernels apply them to their float outputs.
//
// Conv kernels (CONV_2D, DEPTHWISE_CONV_2D) clamp to CalculateActivationRange's [lo, hi], which is
// ±FLT_MAX (not ±inf) for NONE. FULLY_CONNECTED applies tensor_utils::ApplyActivationToVector after
// the product; its TANH is Eigen's vectorised rational approximation (generic_fast_tanh_float), which
// we reproduce step by step: it matched the official runtime bit for bit where Math.tanh rounded to
// float32 differed in the last bit on 33 of 54 outputs (FULLY_CONNECTED golden
// hybrid_v9_rank3_keep_num_dims_tanh).

import type { Activation } from '../../tflite/options';
import type { PrepareContext } from '../kernel';
import { fail } from '../util/checks';

const fr = Math.fround;

/** Largest finite float32. */
export const FLT_MAX = 3.4028234663852886e38;

/** CalculateActivationRange for the hybrid conv kernels; TANH/SIGN_BIT are refused (TFLite's conv
 *  kernels would silently apply no activation). */
export function hybridConvRange(ctx: PrepareContext, act: Activation): { lo: number; hi: number } {
  switch (act) {
    case 'NONE': return { lo: -FLT_MAX, hi: FLT_MAX };
    case 'RELU': return { lo: 0, hi: FLT_MAX };
    case 'RELU6': return { lo: 0, hi: 6 };
    case 'RELU_N1_TO_1': return { lo: -1, hi: 1 };
    default: return fail(ctx, `fused activation ${act} is not supported by hybrid ${ctx.opName} (TFLite's conv kernels would silently skip it)`);
  }
}

// Eigen generic_fast_tanh_float coefficients (float32), numerator odd, denominator even; no FMA
// (WebAssembly has none), so each multiply and add rounds.
const CLAMP = fr(7.90531110763549805);
const TINY = fr(0.0004);
const ALPHA = [-2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11, 5.12229709037114e-08,
  1.48572235717979e-05, 6.37261928875436e-04, 4.89352455891786e-03].map(fr);
const BETA = [1.19825839466702e-06, 1.18534705686654e-04, 2.26843463243900e-03, 4.89352518554385e-03].map(fr);

/** tanh as TFLite's ApplyTanhToVector computes it (Eigen's float rational approximation). */
export function eigenTanh(a: number): number {
  if (Math.abs(a) < TINY) return a;
  const x = a > CLAMP ? CLAMP : a < -CLAMP ? -CLAMP : a;
  const x2 = fr(x * x);
  let p = ALPHA[0];
  for (let i = 1; i < ALPHA.length; i++) p = fr(fr(x2 * p) + ALPHA[i]);
  p = fr(x * p);
  let q = BETA[0];
  for (let i = 1; i < BETA.length; i++) q = fr(fr(x2 * q) + BETA[i]);
  return fr(p / q);
}

/** ApplyActivationToVector (portable_tensor_utils.h), in place on y[from, to). */
export function applyHybridActivation(y: Float32Array, from: number, to: number, act: Activation): void {
  switch (act) {
    case 'NONE': return;
    case 'RELU': for (let i = from; i < to; i++) { const v = y[i]; y[i] = v > 0 ? v : 0; } return;
    case 'RELU6': for (let i = from; i < to; i++) { const v = y[i]; y[i] = v > 0 ? (v < 6 ? v : 6) : 0; } return;
    case 'RELU_N1_TO_1': for (let i = from; i < to; i++) { const v = y[i]; y[i] = v > -1 ? (v < 1 ? v : 1) : -1; } return;
    case 'TANH': for (let i = from; i < to; i++) y[i] = eigenTanh(y[i]); return;
    case 'SIGN_BIT': for (let i = from; i < to; i++) y[i] = y[i] < 0 || Object.is(y[i], -0) ? 1 : 0; return;
  }
}
