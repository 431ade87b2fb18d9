// The order in which the float convolutions and FULLY_CONNECTED add up their products: the one
// XNNPACK uses, because the official runtime (TFLite with its default XNNPACK delegate) runs these
// float ops there. Matching it bit for bit matters most in dynamic-range models: a hybrid op
// quantizes its float input to int8 on the fly, so a 1-ulp difference in the float op before it
// can move an int8 code and change the result by a whole quantization step.
//
// What XNNPACK does (and the goldens in testing/goldens/ops confirm, cases "taps*" and
// "one_in_one_out_*"), on every path: one float32 accumulator per output, starting at the bias,
// then one rounded product and one rounded add per tap (WebAssembly SIMD has no fused
// multiply-add). The tap order depends on the path:
// - GEMM / IGEMM (every CONV_2D and FULLY_CONNECTED, depthwise with a multiplier > 1): row-major,
//   the filter row order [kH, kW, inC].
// - Depthwise microkernels, taken when each group has one input and one output channel
//   (DEPTHWISE_CONV_2D with multiplier 1, or a CONV_2D with groups = channels) and a microkernel
//   has exactly kH·kW taps (3, 4, 9 or 25 in this build; other counts fall back to IGEMM):
//   column-major, kx outer and ky inner (XNNPACK's depthwise indirection buffer).

/** Tap counts that have an XNNPACK depthwise microkernel in the official runtime's build. */
const DEPTHWISE_MICROKERNEL_TAPS = new Set([3, 4, 9, 25]);

/** Whether XNNPACK runs this one-channel-per-group window on its depthwise microkernels. */
export function usesDepthwiseMicrokernel(kH: number, kW: number): boolean {
  return DEPTHWISE_MICROKERNEL_TAPS.has(kH * kW);
}

/**
 * The taps (ky·kW + kx) in summation order: column-major when `depthwiseMicrokernel`, else
 * row-major.
 */
export function tapOrder(kH: number, kW: number, depthwiseMicrokernel: boolean): Int32Array {
  const order = new Int32Array(kH * kW);
  let i = 0;
  if (depthwiseMicrokernel) {
    for (let kx = 0; kx < kW; kx++) for (let ky = 0; ky < kH; ky++) order[i++] = ky * kW + kx;
  } else {
    for (let t = 0; t < kH * kW; t++) order[i++] = t;
  }
  return order;
}

/** The filter-row positions (tap·C + c) in summation order, C channels per tap. */
export function filterRowOrder(taps: Int32Array, C: number): Int32Array {
  const order = new Int32Array(taps.length * C);
  for (let i = 0; i < taps.length; i++) for (let c = 0; c < C; c++) order[i * C + c] = taps[i] * C + c;
  return order;
}
