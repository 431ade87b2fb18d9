// MAX_POOL_2D, float32 (tflite/kernels/pooling.cc → reference_ops::MaxPool): the maximum over the
// in-bounds part of each window (padding never wins), starting from float32's lowest value as
// TFLite does (so a window of -Infinity yields -3.4028235e38), then the fused activation clamp.
// Layout [batch, H, W, C] in and out. With WebAssembly SIMD and C a multiple of 4, four channels
// per instruction (simd/kernels.ts, pmax = std::max); otherwise scalar, each channel's maximum
// kept in a local.

import type { Kernel, TensorValue } from '../kernel';
import { maxPoolSimd } from '../simd/conv';
import { LANES, simdRuntime } from '../simd/kernels';
import { poolGeometry, preparePool, type PoolState } from '../util/pool';

const FLOAT_LOWEST = -3.4028234663852886e38;

export const maxPool2d: Kernel<PoolState> = {
  prepare(ctx) {
    return preparePool(ctx);
  },

  eval(s, io) {
    const input = io.input(0) as TensorValue;
    const g = poolGeometry(s, input.shape);
    const out = io.output(0, [g.batch, g.outH, g.outW, g.channels]);
    const x = input.data as Float32Array;
    const y = out.data as Float32Array;
    const { batch, inH, inW, channels: C, outH, outW, padTop, padLeft } = g;
    const { strideH, strideW, filterHeight, filterWidth } = s.options;
    const rt = simdRuntime();
    if (rt !== null && C % LANES === 0) {
      maxPoolSimd(rt, x, y, g, strideH, strideW, filterHeight, filterWidth, s.lo, s.hi);
      return;
    }
    const lo = s.lo;
    const hi = s.hi;
    const rowStride = inW * C;
    let o = 0;
    for (let b = 0; b < batch; b++) {
      const base = b * inH * rowStride;
      for (let oy = 0; oy < outH; oy++) {
        const iy0 = oy * strideH - padTop;
        const y0 = Math.max(0, iy0);
        const y1 = Math.min(inH, iy0 + filterHeight);
        for (let ox = 0; ox < outW; ox++) {
          const ix0 = ox * strideW - padLeft;
          const x0 = Math.max(0, ix0);
          const x1 = Math.min(inW, ix0 + filterWidth);
          // Window corner; channel c of tap (iy, ix) is at corner + (iy−y0)·rowStride + (ix−x0)·C + c.
          const corner = base + y0 * rowStride + x0 * C;
          const rows = y1 - y0;
          const cols = x1 - x0;
          for (let c = 0; c < C; c++) {
            let m = FLOAT_LOWEST;
            let r = corner + c;
            for (let iy = 0; iy < rows; iy++, r += rowStride) {
              let q = r;
              for (let ix = 0; ix < cols; ix++, q += C) {
                const v = x[q];
                if (m < v) m = v;
              }
            }
            y[o++] = m < lo ? lo : m > hi ? hi : m;
          }
        }
      }
    }
  },
};
