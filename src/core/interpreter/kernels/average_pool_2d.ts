// AVERAGE_POOL_2D, float32 (tflite/kernels/pooling.cc → reference_ops::AveragePool): the mean over
// the in-bounds taps only (a SAME window at the border divides by fewer than filterH·filterW),
// then the fused activation clamp. Layout [batch, H, W, C] in and out. Summed and scaled as the
// kernel the official runtime would use (ctx.numerics): XNNPACK's (util/xnnpack_average.ts: a
// window covering the whole unpadded input as a global average, any other window as a tree over
// its column-major taps), or TFLite's builtin optimized one (the window's taps added one by one in
// row-major order from 0, then divided by their count).

import { KernelError, type Kernel, type TensorValue } from '../kernel';
import { poolGeometry, preparePool, type PoolState } from '../util/pool';
import { averageOf, imageSum, windowSum } from '../util/xnnpack_average';

export const averagePool2d: Kernel<PoolState & { taps: Float64Array; xnnpack: boolean }> = {
  prepare(ctx) {
    const s = preparePool(ctx);
    return { ...s, taps: new Float64Array(s.options.filterHeight * s.options.filterWidth), xnnpack: ctx.numerics === 'xnnpack' };
  },

  eval(s, io) {
    const input = io.input(0) as TensorValue;
    const g = poolGeometry(s, input.shape);
    const out = io.output(0, [g.batch, g.outH, g.outW, g.channels]);
    const x = input.data as Float32Array;
    const y = out.data as Float32Array;
    const { batch, inH, inW, channels: C, outH, outW, padTop, padLeft } = g;
    const { strideH, strideW, filterHeight: fH, filterWidth: fW } = s.options;
    const lo = s.lo;
    const hi = s.hi;
    const clamp = (v: number) => (v < lo ? lo : v > hi ? hi : v);
    if (s.xnnpack && fH === inH && fW === inW && padTop === 0 && padLeft === 0) {
      for (let b = 0; b < batch; b++) {
        for (let c = 0; c < C; c++) y[b * C + c] = clamp(averageOf(imageSum(x, b * inH * inW * C + c, C, inH * inW), inH * inW));
      }
      return;
    }
    const taps = s.taps;
    let o = 0;
    for (let b = 0; b < batch; b++) {
      const base = b * inH * inW * C;
      for (let oy = 0; oy < outH; oy++) {
        const iy0 = oy * strideH - padTop;
        for (let ox = 0; ox < outW; ox++) {
          const ix0 = ox * strideW - padLeft;
          const count = (Math.min(inH, iy0 + fH) - Math.max(0, iy0)) * (Math.min(inW, ix0 + fW) - Math.max(0, ix0));
          if (count <= 0) throw new KernelError(s.opName, s.nodeIndex, `output (${oy}, ${ox}) has an empty window`);
          if (!s.xnnpack) {
            for (let c = 0; c < C; c++) {
              let sum = 0;
              for (let iy = Math.max(0, iy0); iy < Math.min(inH, iy0 + fH); iy++) {
                for (let ix = Math.max(0, ix0); ix < Math.min(inW, ix0 + fW); ix++) sum = Math.fround(sum + x[base + (iy * inW + ix) * C + c]);
              }
              y[o++] = clamp(Math.fround(sum / count));
            }
            continue;
          }
          for (let c = 0; c < C; c++) {
            let t = 0;
            for (let kx = 0; kx < fW; kx++) {
              const ix = ix0 + kx;
              for (let ky = 0; ky < fH; ky++) {
                const iy = iy0 + ky;
                taps[t++] = iy >= 0 && iy < inH && ix >= 0 && ix < inW ? x[base + (iy * inW + ix) * C + c] : 0;
              }
            }
            y[o++] = clamp(averageOf(windowSum(taps, t), count));
          }
        }
      }
    }
  },
};
