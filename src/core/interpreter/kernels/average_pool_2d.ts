// AVERAGE_POOL_2D, float32 (tflite/kernels/pooling.cc → reference_ops::AveragePool): the mean over
// the in-bounds taps only (a SAME window at the border divides by fewer than filterH·filterW),
// then the fused activation clamp. Layout [batch, H, W, C] in and out; sums run in float64.

import { KernelError, type Kernel, type TensorValue } from '../kernel';
import { poolGeometry, preparePool, type PoolState } from '../util/pool';

export const averagePool2d: Kernel<PoolState> = {
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
          const rows = y1 - y0;
          const cols = x1 - x0;
          const count = rows * cols;
          if (count <= 0) throw new KernelError(s.opName, s.nodeIndex, `output (${oy}, ${ox}) has an empty window`);
          const corner = base + y0 * rowStride + x0 * C;
          for (let c = 0; c < C; c++) {
            let sum = 0;
            let r = corner + c;
            for (let iy = 0; iy < rows; iy++, r += rowStride) {
              let q = r;
              for (let ix = 0; ix < cols; ix++, q += C) sum += x[q];
            }
            const v = sum / count;
            y[o++] = v < lo ? lo : v > hi ? hi : v;
          }
        }
      }
    }
  },
};
