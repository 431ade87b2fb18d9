// The float matrix product behind CONV_2D (after im2col) and FULLY_CONNECTED:
//
//   out[outOff + m·outStride + n] = clamp(bias[biasOff + n] + Σ_k a[m·K + k] · w[wOff + n·K + k], lo, hi)
//
// a: [M, K] row-major (an im2col patch per row, or an FC input row), w: [N, K] row-major (one
// output channel / unit per row, i.e. TFLite's filter [outC, kH, kW, inC] or weights [units, in]).
// Both operands are Float64Array so the inner loop does no float32→float64 conversions (the
// values are exact copies of float32 data); sums run in float64 in k order and are rounded to
// float32 once when stored. The loop computes a 4×2 block of outputs per pass over k: 6 loads
// for 8 multiply-adds, all in registers.

export function gemmBiasClamp(
  a: Float64Array, M: number, K: number,
  w: Float64Array, wOff: number, N: number,
  bias: Float64Array | null, biasOff: number,
  out: Float32Array, outOff: number, outStride: number,
  lo: number, hi: number,
): void {
  let m = 0;
  for (; m + 4 <= M; m += 4) {
    const a0 = m * K;
    const a1 = a0 + K;
    const a2 = a1 + K;
    const a3 = a2 + K;
    const o0 = outOff + m * outStride;
    let n = 0;
    for (; n + 2 <= N; n += 2) {
      const w0 = wOff + n * K;
      const w1 = w0 + K;
      let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
      for (let k = 0; k < K; k++) {
        const x0 = w[w0 + k];
        const x1 = w[w1 + k];
        const v0 = a[a0 + k];
        const v1 = a[a1 + k];
        const v2 = a[a2 + k];
        const v3 = a[a3 + k];
        s00 += v0 * x0; s01 += v0 * x1;
        s10 += v1 * x0; s11 += v1 * x1;
        s20 += v2 * x0; s21 += v2 * x1;
        s30 += v3 * x0; s31 += v3 * x1;
      }
      const b0 = bias === null ? 0 : bias[biasOff + n];
      const b1 = bias === null ? 0 : bias[biasOff + n + 1];
      let o = o0 + n;
      out[o] = clamp(s00 + b0, lo, hi); out[o + 1] = clamp(s01 + b1, lo, hi); o += outStride;
      out[o] = clamp(s10 + b0, lo, hi); out[o + 1] = clamp(s11 + b1, lo, hi); o += outStride;
      out[o] = clamp(s20 + b0, lo, hi); out[o + 1] = clamp(s21 + b1, lo, hi); o += outStride;
      out[o] = clamp(s30 + b0, lo, hi); out[o + 1] = clamp(s31 + b1, lo, hi);
    }
    for (; n < N; n++) {
      const w0 = wOff + n * K;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < K; k++) {
        const x = w[w0 + k];
        s0 += a[a0 + k] * x; s1 += a[a1 + k] * x; s2 += a[a2 + k] * x; s3 += a[a3 + k] * x;
      }
      const b = bias === null ? 0 : bias[biasOff + n];
      const o = o0 + n;
      out[o] = clamp(s0 + b, lo, hi);
      out[o + outStride] = clamp(s1 + b, lo, hi);
      out[o + 2 * outStride] = clamp(s2 + b, lo, hi);
      out[o + 3 * outStride] = clamp(s3 + b, lo, hi);
    }
  }
  for (; m < M; m++) {
    const a0 = m * K;
    const o0 = outOff + m * outStride;
    for (let n = 0; n < N; n++) {
      const w0 = wOff + n * K;
      let s = 0;
      for (let k = 0; k < K; k++) s += a[a0 + k] * w[w0 + k];
      out[o0 + n] = clamp(s + (bias === null ? 0 : bias[biasOff + n]), lo, hi);
    }
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
