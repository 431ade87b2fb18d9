// The integer matrix product behind every hybrid kernel:
//
//   acc[accOff + m·N + n] = Σ_k a[aOff + m·K + k] · w[wOff + n·K + k]        (exact int32)
//
// a: [M, K] int8 row-major (quantized input rows or im2col patches), w: [N, K] int8 row-major (one
// weight row per output unit/channel: FC [units, in], CONV [outC, kH·kW·inC]). Accumulation is in
// plain JS numbers: |acc| ≤ K·127·128, exact for any K a model can have (TFLite's int32 would wrap
// only past K ≈ 132,000). The loop computes a 4×4 block of outputs per pass over k (8 loads for 16
// multiply-adds); int8 operands keep the working set small, which measured about twice as fast as
// Float64Array or Int32Array operands in V8.

export function int8Gemm(
  a: Int8Array, aOff: number, M: number, K: number,
  w: Int8Array, wOff: number, N: number,
  acc: Int32Array, accOff: number,
): void {
  let m = 0;
  for (; m + 4 <= M; m += 4) {
    const a0 = aOff + m * K;
    const a1 = a0 + K;
    const a2 = a1 + K;
    const a3 = a2 + K;
    const o = accOff + m * N;
    let n = 0;
    for (; n + 4 <= N; n += 4) {
      const w0 = wOff + n * K;
      const w1 = w0 + K;
      const w2 = w1 + K;
      const w3 = w2 + K;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let k = 0; k < K; k++) {
        const x0 = w[w0 + k], x1 = w[w1 + k], x2 = w[w2 + k], x3 = w[w3 + k];
        const v0 = a[a0 + k], v1 = a[a1 + k], v2 = a[a2 + k], v3 = a[a3 + k];
        s00 += v0 * x0; s01 += v0 * x1; s02 += v0 * x2; s03 += v0 * x3;
        s10 += v1 * x0; s11 += v1 * x1; s12 += v1 * x2; s13 += v1 * x3;
        s20 += v2 * x0; s21 += v2 * x1; s22 += v2 * x2; s23 += v2 * x3;
        s30 += v3 * x0; s31 += v3 * x1; s32 += v3 * x2; s33 += v3 * x3;
      }
      let p = o + n;
      acc[p] = s00; acc[p + 1] = s01; acc[p + 2] = s02; acc[p + 3] = s03; p += N;
      acc[p] = s10; acc[p + 1] = s11; acc[p + 2] = s12; acc[p + 3] = s13; p += N;
      acc[p] = s20; acc[p + 1] = s21; acc[p + 2] = s22; acc[p + 3] = s23; p += N;
      acc[p] = s30; acc[p + 1] = s31; acc[p + 2] = s32; acc[p + 3] = s33;
    }
    for (; n < N; n++) {
      const w0 = wOff + n * K;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < K; k++) {
        const x = w[w0 + k];
        s0 += a[a0 + k] * x; s1 += a[a1 + k] * x; s2 += a[a2 + k] * x; s3 += a[a3 + k] * x;
      }
      const p = o + n;
      acc[p] = s0; acc[p + N] = s1; acc[p + 2 * N] = s2; acc[p + 3 * N] = s3;
    }
  }
  for (; m < M; m++) {
    const a0 = aOff + m * K;
    const o = accOff + m * N;
    for (let n = 0; n < N; n++) {
      const w0 = wOff + n * K;
      let s = 0;
      for (let k = 0; k < K; k++) s += a[a0 + k] * w[w0 + k];
      acc[o + n] = s;
    }
  }
}

/** Σ of each weight row: rowSums[n] = Σ_k w[n·K + k] (TFLite's ReductionSumVector, exact). */
export function int8RowSums(w: Int8Array, N: number, K: number): Int32Array {
  const sums = new Int32Array(N);
  for (let n = 0; n < N; n++) {
    let s = 0;
    for (let k = n * K; k < (n + 1) * K; k++) s += w[k];
    sums[n] = s;
  }
  return sums;
}
