// AVERAGE_POOL_2D, float32 (tflite/kernels/pooling.cc → reference_ops::AveragePool): the mean over
// the in-bounds taps only (a SAME window at the border divides by fewer than filterH·filterW),
// then the fused activation clamp. Layout [batch, H, W, C] in and out; channels are the inner loop.

import { KernelError, type Kernel, type TensorValue } from '../kernel';
import { poolGeometry, preparePool, type PoolState } from '../util/pool';

export const averagePool2d: Kernel<PoolState & { acc: Float64Array }> = {
  prepare(ctx) {
    return { ...preparePool(ctx), acc: new Float64Array(0) };
  },

  eval(s, io) {
    const input = io.input(0) as TensorValue;
    const g = poolGeometry(s, input.shape);
    const out = io.output(0, [g.batch, g.outH, g.outW, g.channels]);
    if (s.acc.length < g.channels) s.acc = new Float64Array(g.channels);
    const x = input.data as Float32Array;
    const y = out.data as Float32Array;
    const { batch, inH, inW, channels: C, outH, outW, padTop, padLeft } = g;
    const { strideH, strideW, filterHeight, filterWidth } = s.options;
    const acc = s.acc;
    const lo = s.lo;
    const hi = s.hi;
    let o = 0;
    for (let b = 0; b < batch; b++) {
      const base = b * inH * inW * C;
      for (let oy = 0; oy < outH; oy++) {
        const iy0 = oy * strideH - padTop;
        const y0 = Math.max(0, iy0);
        const y1 = Math.min(inH, iy0 + filterHeight);
        for (let ox = 0; ox < outW; ox++) {
          const ix0 = ox * strideW - padLeft;
          const x0 = Math.max(0, ix0);
          const x1 = Math.min(inW, ix0 + filterWidth);
          const count = (y1 - y0) * (x1 - x0);
          if (count <= 0) throw new KernelError(s.opName, s.nodeIndex, `output (${oy}, ${ox}) has an empty window`);
          acc.fill(0, 0, C);
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) {
              const p = base + (iy * inW + ix) * C;
              for (let c = 0; c < C; c++) acc[c] += x[p + c];
            }
          }
          for (let c = 0; c < C; c++) {
            const v = acc[c] / count;
            y[o++] = v < lo ? lo : v > hi ? hi : v;
          }
        }
      }
    }
  },
};
