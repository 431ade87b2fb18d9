// The float convolution on the scalar path (no WebAssembly SIMD), as an "implicit GEMM": no
// im2col matrix is built. The image is first copied (once per batch item and group) into a
// zero-padded buffer, so every output pixel's receptive field lies inside it and is reached by a
// fixed table of offsets:
//
//   out[pixel, n] = clamp(bias[n] + Σ_k img[base(pixel) + koff[k]] · w[n·K + kIdx[k]], lo, hi)
//
// k runs in XNNPACK's summation order (util/xnnpack_order.ts): kIdx[k] is the filter-row
// position ([kH, kW, inC] of TFLite's filter [outC, kH, kW, inC]) summed k-th and koff[k] its
// image offset. A float32 accumulator starts at the bias and adds one rounded product per k
// (padding taps add 0·w, as XNNPACK's zero buffer does), so this gives the SIMD path's bits.

import { clamp } from './gemm';

const fround = Math.fround;

/** Copies channels [cOff, cOff+C) of image b of x [batch, inH, inW, inC] into `into` with
 *  top/left padding (bottom/right padding is whatever makes every window fit). */
export function padImage(
  x: Float32Array, b: number, inH: number, inW: number, inC: number, cOff: number, C: number,
  padTop: number, padLeft: number, padH: number, padW: number, into: Float32Array,
): void {
  into.fill(0, 0, padH * padW * C);
  const base = b * inH * inW * inC;
  for (let y = 0; y < inH; y++) {
    const dstRow = ((y + padTop) * padW + padLeft) * C;
    const srcRow = base + y * inW * inC + cOff;
    if (C === inC) {
      into.set(x.subarray(srcRow, srcRow + inW * C), dstRow);
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
  img: Float32Array, padW: number, C: number, koff: Int32Array, kIdx: Int32Array, K: number,
  outH: number, outW: number, strideH: number, strideW: number,
  w: Float32Array, wOff: number, N: number, bias: Float32Array | null, biasOff: number,
  out: Float32Array, outOff: number, outStride: number, lo: number, hi: number,
): void {
  const rowStep = strideH * padW * C;
  const colStep = strideW * C;
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      const i0 = oy * rowStep + ox * colStep;
      const o = outOff + (oy * outW + ox) * outStride;
      for (let n = 0; n < N; n++) {
        const w0 = wOff + n * K;
        let s = bias === null ? 0 : bias[biasOff + n];
        for (let k = 0; k < K; k++) s = fround(s + fround(img[i0 + koff[k]] * w[w0 + kIdx[k]]));
        out[o + n] = clamp(s, lo, hi);
      }
    }
  }
}
