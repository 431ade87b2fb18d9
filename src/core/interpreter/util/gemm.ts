// The float matrix product behind FULLY_CONNECTED on the scalar path (no WebAssembly SIMD):
//
//   out[outOff + m·outStride + n] = clamp(bias[n] + Σ_k a[m·K + k] · w[n·K + k], lo, hi)
//
// a: [M, K] row-major (FC input rows), w: [N, K] row-major (TFLite's weights [units, in]).
// Summed as XNNPACK sums (util/xnnpack_order.ts): a float32 accumulator starting at the bias, one
// rounded product and one rounded add per k in k order, so this path gives the SIMD path's bits.
// Two units per pass over k share each input load.

const fround = Math.fround;

export function gemmBiasClamp(
  a: Float32Array, M: number, K: number,
  w: Float32Array, N: number, bias: Float32Array | null,
  out: Float32Array, outOff: number, outStride: number,
  lo: number, hi: number,
): void {
  for (let m = 0; m < M; m++) {
    const a0 = m * K;
    const o = outOff + m * outStride;
    let n = 0;
    for (; n + 2 <= N; n += 2) {
      const w0 = n * K;
      const w1 = w0 + K;
      let s0 = bias === null ? 0 : bias[n];
      let s1 = bias === null ? 0 : bias[n + 1];
      for (let k = 0; k < K; k++) {
        const v = a[a0 + k];
        s0 = fround(s0 + fround(v * w[w0 + k]));
        s1 = fround(s1 + fround(v * w[w1 + k]));
      }
      out[o + n] = clamp(s0, lo, hi);
      out[o + n + 1] = clamp(s1, lo, hi);
    }
    for (; n < N; n++) {
      const w0 = n * K;
      let s = bias === null ? 0 : bias[n];
      for (let k = 0; k < K; k++) s = fround(s + fround(a[a0 + k] * w[w0 + k]));
      out[o + n] = clamp(s, lo, hi);
    }
  }
}

/** The fused-activation clamp as XNNPACK's min(max(x, lo), hi) (a NaN stays NaN). */
export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
