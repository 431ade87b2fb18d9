// The float convolution inner product as an "implicit GEMM": no im2col matrix is built. The image
// is first copied (once per batch item and group) into a zero-padded float64 buffer, so every
// output pixel's receptive field lies inside it and is reached by a fixed table of offsets:
//
//   out[pixel, n] = clamp(bias[n] + Σ_k img[base(pixel) + koff[k]] · w[n·K + k], lo, hi)
//
// with k running over the filter row order [kH, kW, inC] of TFLite's filter [outC, kH, kW, inC].
// Sums are float64 in k order, rounded to float32 once when stored. Blocks of 4 pixels × 4 output
// channels keep 16 accumulators in registers: per k, 1 offset + 4 image + 4 weight loads feed 16
// multiply-adds, and each image value is converted from float32 only once (in the padded copy).

export interface PaddedImage {
  /** [padH, padW, C] float64, zeros around the image. */
  data: Float64Array;
  padH: number;
  padW: number;
  channels: number;
}

/** Copies channels [cOff, cOff+C) of image b of x [batch, inH, inW, inC] into `into` with
 *  top/left padding (bottom/right padding is whatever makes every window fit). */
export function padImage(
  x: Float32Array, b: number, inH: number, inW: number, inC: number, cOff: number, C: number,
  padTop: number, padLeft: number, padH: number, padW: number, into: Float64Array,
): void {
  into.fill(0, 0, padH * padW * C);
  const base = b * inH * inW * inC;
  for (let y = 0; y < inH; y++) {
    const dstRow = ((y + padTop) * padW + padLeft) * C;
    const srcRow = base + y * inW * inC + cOff;
    if (C === inC) {
      const n = inW * C;
      for (let i = 0; i < n; i++) into[dstRow + i] = x[srcRow + i];
    } else {
      for (let xx = 0; xx < inW; xx++) {
        for (let c = 0; c < C; c++) into[dstRow + xx * C + c] = x[srcRow + xx * inC + c];
      }
    }
  }
}

/**
 * For output pixels [0, outH·outW) of one padded image: out[outOff + p·outStride + n] for
 * n in [0, N). Pixel p = (oy, ox) reads img at base = (oy·strideH·padW + ox·strideW)·C.
 */
export function convImplicitGemm(
  img: Float64Array, padW: number, C: number, koff: Int32Array, K: number,
  outH: number, outW: number, strideH: number, strideW: number,
  w: Float64Array, wOff: number, N: number, bias: Float64Array | null, biasOff: number,
  out: Float32Array, outOff: number, outStride: number, lo: number, hi: number,
): void {
  const P = outH * outW;
  const rowStep = strideH * padW * C;
  const colStep = strideW * C;
  let p = 0;
  for (; p + 4 <= P; p += 4) {
    const i0 = pixelBase(p, outW, rowStep, colStep);
    const i1 = pixelBase(p + 1, outW, rowStep, colStep);
    const i2 = pixelBase(p + 2, outW, rowStep, colStep);
    const i3 = pixelBase(p + 3, outW, rowStep, colStep);
    const o = outOff + p * outStride;
    let n = 0;
    for (; n + 4 <= N; n += 4) {
      const w0 = wOff + n * K;
      const w1 = w0 + K;
      const w2 = w1 + K;
      const w3 = w2 + K;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let k = 0; k < K; k++) {
        const off = koff[k];
        const x0 = w[w0 + k];
        const x1 = w[w1 + k];
        const x2 = w[w2 + k];
        const x3 = w[w3 + k];
        let v = img[i0 + off];
        s00 += v * x0; s01 += v * x1; s02 += v * x2; s03 += v * x3;
        v = img[i1 + off];
        s10 += v * x0; s11 += v * x1; s12 += v * x2; s13 += v * x3;
        v = img[i2 + off];
        s20 += v * x0; s21 += v * x1; s22 += v * x2; s23 += v * x3;
        v = img[i3 + off];
        s30 += v * x0; s31 += v * x1; s32 += v * x2; s33 += v * x3;
      }
      const b = biasOff + n;
      const b0 = bias === null ? 0 : bias[b];
      const b1 = bias === null ? 0 : bias[b + 1];
      const b2 = bias === null ? 0 : bias[b + 2];
      const b3 = bias === null ? 0 : bias[b + 3];
      let q = o + n;
      out[q] = cl(s00 + b0, lo, hi); out[q + 1] = cl(s01 + b1, lo, hi); out[q + 2] = cl(s02 + b2, lo, hi); out[q + 3] = cl(s03 + b3, lo, hi);
      q += outStride;
      out[q] = cl(s10 + b0, lo, hi); out[q + 1] = cl(s11 + b1, lo, hi); out[q + 2] = cl(s12 + b2, lo, hi); out[q + 3] = cl(s13 + b3, lo, hi);
      q += outStride;
      out[q] = cl(s20 + b0, lo, hi); out[q + 1] = cl(s21 + b1, lo, hi); out[q + 2] = cl(s22 + b2, lo, hi); out[q + 3] = cl(s23 + b3, lo, hi);
      q += outStride;
      out[q] = cl(s30 + b0, lo, hi); out[q + 1] = cl(s31 + b1, lo, hi); out[q + 2] = cl(s32 + b2, lo, hi); out[q + 3] = cl(s33 + b3, lo, hi);
    }
    for (; n < N; n++) {
      const w0 = wOff + n * K;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < K; k++) {
        const off = koff[k];
        const x = w[w0 + k];
        s0 += img[i0 + off] * x; s1 += img[i1 + off] * x; s2 += img[i2 + off] * x; s3 += img[i3 + off] * x;
      }
      const bn = bias === null ? 0 : bias[biasOff + n];
      const q = o + n;
      out[q] = cl(s0 + bn, lo, hi);
      out[q + outStride] = cl(s1 + bn, lo, hi);
      out[q + 2 * outStride] = cl(s2 + bn, lo, hi);
      out[q + 3 * outStride] = cl(s3 + bn, lo, hi);
    }
  }
  for (; p < P; p++) {
    const i0 = pixelBase(p, outW, rowStep, colStep);
    const o = outOff + p * outStride;
    for (let n = 0; n < N; n++) {
      const w0 = wOff + n * K;
      let s = 0;
      for (let k = 0; k < K; k++) s += img[i0 + koff[k]] * w[w0 + k];
      out[o + n] = cl(s + (bias === null ? 0 : bias[biasOff + n]), lo, hi);
    }
  }
}

function pixelBase(p: number, outW: number, rowStep: number, colStep: number): number {
  const oy = (p / outW) | 0;
  return oy * rowStep + (p - oy * outW) * colStep;
}

function cl(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
