// Fused activations as TFLite's hybrid kernels apply them to their float outputs.
//
// Conv kernels (CONV_2D, DEPTHWISE_CONV_2D) clamp to CalculateActivationRange's [lo, hi], which is
// ±FLT_MAX (not ±inf) for NONE. FULLY_CONNECTED applies tensor_utils::ApplyActivationToVector after
// the product; its TANH is Eigen's rational approximation (util/eigen_math.ts): it matched the
// official runtime bit for bit where Math.tanh rounded to float32 differed in the last bit on 33 of
// 54 outputs (FULLY_CONNECTED golden hybrid_v9_rank3_keep_num_dims_tanh).

import type { Activation } from '../../tflite/options';
import type { PrepareContext } from '../kernel';
import { fail } from '../util/checks';
import { eigenTanh } from '../util/eigen_math';

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
