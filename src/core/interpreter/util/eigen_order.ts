// The order in which TFLite's builtin float CONV_2D and FULLY_CONNECTED add up their products: the
// one of Eigen's matrix product, which those kernels call (see official_path.ts for when the
// official runtime uses them instead of XNNPACK). Found by probing the official runtime with
// RESHAPE-fed convolutions and products of many shapes (tools/goldens/builtin_path.test.ts):
//
// The product is [outputs × K] · [K × columns], columns being the output pixels (CONV_2D) or the
// input rows (FULLY_CONNECTED) of one invoke. We reproduce what the official runtime computes for
// one batch item per invoke, as the app, the goldens and the benchmark run it, so that an image's
// result never depends on what else is in the batch (within one invoke Eigen would group columns
// across items). Eigen (not vectorized in this WebAssembly build) splits K into blocks of kc
// (kcFor), and per block and output:
// - columns in whole groups of 4: two float32 accumulators, even-numbered products into the first
//   and odd-numbered into the second, over the block's largest multiple of 8 products; then the
//   second added to the first, then the block's remaining products one by one;
// - the last (columns mod 4) columns: the block's products one by one.
// Each block's sum is added to the running result (from 0); the bias is added after, then the
// fused activation. With one column (Eigen's matrix-vector product, e.g. a batch-1
// FULLY_CONNECTED), or for FULLY_CONNECTED's matrix product when rows + columns + K < 20 (Eigen's
// coefficient-wise small product), all K products one by one, no blocks.

/** Eigen's depth blocking for this product (its cache heuristic with the default 16 KiB L1). */
export function kcFor(K: number): number {
  const maxKc = 816; // ((16384 − 16) / 20) rounded down to a multiple of 8
  if (K <= maxKc) return K;
  if (K % maxKc === 0) return maxKc;
  return maxKc - 8 * Math.floor((maxKc - 1 - (K % maxKc)) / (8 * (Math.floor(K / maxKc) + 1)));
}

/** How the columns of one product are summed. */
export interface EigenPlan {
  /** Columns [0, grouped) use the even/odd split; the rest are summed one by one. */
  grouped: number;
  /** Depth block length (K when unblocked). */
  kc: number;
}

/** The plan for a product with `rows` outputs per column, `columns` columns and depth K;
 *  `matrixProduct` for FULLY_CONNECTED (Eigen matrices), not CONV_2D (Eigen tensors). */
export function eigenPlan(rows: number, columns: number, K: number, matrixProduct: boolean): EigenPlan {
  if (columns === 1 || (matrixProduct && rows + columns + K < 20)) return { grouped: 0, kc: K };
  return { grouped: columns - (columns % 4), kc: kcFor(K) };
}

const fr = Math.fround;

/**
 * One output's sum, before the bias: products x(k)·w(k) for k in [0, K), in Eigen's order with
 * (`split`) or without the even/odd accumulators, in blocks of kc.
 */
export function eigenDot(x: (k: number) => number, w: (k: number) => number, K: number, split: boolean, kc: number): number {
  let res = 0;
  for (let k0 = 0; k0 < K; k0 += kc) {
    const k1 = Math.min(K, k0 + kc);
    const peeled = split ? k0 + ((k1 - k0) & ~7) : k0;
    let c = 0;
    let d = 0;
    for (let k = k0; k < peeled; k += 2) {
      c = fr(c + fr(x(k) * w(k)));
      d = fr(d + fr(x(k + 1) * w(k + 1)));
    }
    if (split) c = fr(c + d);
    for (let k = peeled; k < k1; k++) c = fr(c + fr(x(k) * w(k)));
    res = fr(res + c);
  }
  return res;
}
