// RESIZE_BILINEAR (tflite/kernels/resize_bilinear.cc, reference_ops::ResizeBilinear), float32.
//
// Input [batch, inH, inW, channels] (NHWC), size = int32 [newH, newW] (constant or run time, both
// > 0); output [batch, newH, newW, channels]. For each output row y (likewise columns x):
//   scale = inH / newH, or (inH − 1) / (newH − 1) with align_corners and newH > 1   (float32)
//   src   = y × scale, or (y + 0.5) × scale − 0.5 with half_pixel_centers          (float32)
//   y0 = max(⌊src⌋, 0), y1 = min(⌈src⌉, inH − 1), dy = src − y0
//   out = in[y0,x0]·(1−dy)·(1−dx) + in[y1,x0]·dy·(1−dx) + in[y0,x1]·(1−dy)·dx + in[y1,x1]·dy·dx
// Every step is rounded to float32 in TFLite's order (Math.fround), so the result is the reference
// kernel's bit for bit. align_corners and half_pixel_centers together are refused, as in TFLite.
//
// Where the official runtime runs the node on XNNPACK (ctx.numerics, a constant size), XNNPACK's
// arithmetic instead, bit for bit (checked on the goldens): the same scale; source coordinate
// y·scale, or y·scale + (0.5·scale − 0.5) clamped to [0, inH − 1] with half_pixel_centers;
// y0 = trunc, y1 = min(y0 + 1, inH − 1), dy = src − y0; then
//   top = in[y0,x0] + (in[y0,x1] − in[y0,x0])·dx, bottom likewise, out = top + (bottom − top)·dy.

import { KernelError, type Kernel, type TensorValue } from '../kernel';
import { checkArity, describeTensor, fail, optionsOf, requiredInput } from '../util/checks';

const f = Math.fround;

interface ResizeState {
  opName: string;
  nodeIndex: number;
  alignCorners: boolean;
  halfPixelCenters: boolean;
  xnnpack: boolean;
}

/** Per output coordinate: the two source indices and the float32 weight of the second. */
function interpolationTable(inSize: number, outSize: number, alignCorners: boolean, halfPixel: boolean): {
  lo: Int32Array; hi: Int32Array; frac: Float32Array;
} {
  let scale = f(inSize / outSize);
  if (alignCorners && outSize > 1) scale = f((inSize - 1) / (outSize - 1));
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const frac = new Float32Array(outSize);
  for (let i = 0; i < outSize; i++) {
    const src = halfPixel ? f(f(f(i + 0.5) * scale) - 0.5) : f(i * scale);
    const l = Math.max(Math.floor(src), 0);
    lo[i] = Math.min(l, inSize - 1); // TFLite never exceeds inSize − 1 here; the min only guards memory
    hi[i] = Math.min(Math.ceil(src), inSize - 1);
    frac[i] = f(src - l);
  }
  return { lo, hi, frac };
}

/** XNNPACK's source coordinates: first index, second index and the second's weight. */
function xnnpackTable(inSize: number, outSize: number, alignCorners: boolean, halfPixel: boolean): {
  lo: Int32Array; hi: Int32Array; frac: Float32Array;
} {
  const adjust = alignCorners && outSize !== 1 ? 1 : 0;
  const scale = f((inSize - adjust) / (outSize - adjust));
  const offset = f(f(0.5 * scale) - 0.5);
  const lo = new Int32Array(outSize);
  const hi = new Int32Array(outSize);
  const frac = new Float32Array(outSize);
  for (let i = 0; i < outSize; i++) {
    let src = f(i * scale);
    if (halfPixel) src = Math.min(Math.max(f(src + offset), 0), inSize - 1);
    const l = Math.min(Math.trunc(src), inSize - 1);
    lo[i] = l;
    hi[i] = Math.min(l + 1, inSize - 1);
    frac[i] = f(src - l);
  }
  return { lo, hi, frac };
}

/** Resizes x [batch, inH, inW, channels] into out, with the builtin kernel's arithmetic or
 *  (`xnnpack`) XNNPACK's. */
function resizeBilinearImpl(
  x: Float32Array, batch: number, inH: number, inW: number, channels: number,
  outH: number, outW: number, alignCorners: boolean, halfPixel: boolean, xnnpack: boolean, out: Float32Array,
): void {
  const table = xnnpack ? xnnpackTable : interpolationTable;
  const ty = table(inH, outH, alignCorners, halfPixel);
  const tx = table(inW, outW, alignCorners, halfPixel);
  let o = 0;
  for (let b = 0; b < batch; b++) {
    const base = b * inH * inW * channels;
    for (let y = 0; y < outH; y++) {
      const dy = ty.frac[y];
      const ry = f(1 - dy);
      const row0 = base + ty.lo[y] * inW * channels;
      const row1 = base + ty.hi[y] * inW * channels;
      for (let xi = 0; xi < outW; xi++) {
        const dx = tx.frac[xi];
        const rx = f(1 - dx);
        const p00 = row0 + tx.lo[xi] * channels;
        const p01 = row0 + tx.hi[xi] * channels;
        const p10 = row1 + tx.lo[xi] * channels;
        const p11 = row1 + tx.hi[xi] * channels;
        if (xnnpack) {
          for (let c = 0; c < channels; c++, o++) {
            const top = f(x[p00 + c] + f(f(x[p01 + c] - x[p00 + c]) * dx));
            const bottom = f(x[p10 + c] + f(f(x[p11 + c] - x[p10 + c]) * dx));
            out[o] = f(top + f(f(bottom - top) * dy));
          }
          continue;
        }
        for (let c = 0; c < channels; c++, o++) {
          const a = f(f(x[p00 + c] * ry) * rx);
          const b1 = f(f(x[p10 + c] * dy) * rx);
          const c1 = f(f(x[p01 + c] * ry) * dx);
          const d = f(f(x[p11 + c] * dy) * dx);
          out[o] = f(f(a + b1) + c1) + d + 0; // + 0: TFLite adds a 0.0f rounding offset (turns −0 into +0)
        }
      }
    }
  }
}

export const resizeBilinear: Kernel<ResizeState> = {
  prepare(ctx) {
    checkArity(ctx, 2, 2, 1);
    const input = requiredInput(ctx, 0);
    const size = requiredInput(ctx, 1, 'size');
    const out = ctx.outputs[0];
    if (input.tensor.dtype !== 'float32') {
      fail(ctx, `${describeTensor('input 0', input)} has type ${input.tensor.dtype}; only float32 is supported`);
    }
    if (out.tensor.dtype !== 'float32') fail(ctx, `${describeTensor('output', out)} has type ${out.tensor.dtype}, expected float32`);
    if (size.tensor.dtype !== 'int32') fail(ctx, `${describeTensor('size', size)} has type ${size.tensor.dtype}; expected int32`);
    const opts = optionsOf(ctx, 'ResizeBilinearOptions');
    const alignCorners = opts?.alignCorners ?? false;
    const halfPixelCenters = opts?.halfPixelCenters ?? false;
    if (alignCorners && halfPixelCenters) fail(ctx, 'half_pixel_centers and align_corners cannot both be true');
    return { opName: ctx.opName, nodeIndex: ctx.nodeIndex, alignCorners, halfPixelCenters, xnnpack: ctx.numerics === 'xnnpack' };
  },

  eval(s, io) {
    const x = io.input(0) as TensorValue;
    const size = io.input(1) as TensorValue;
    const error = (detail: string): never => { throw new KernelError(s.opName, s.nodeIndex, detail); };
    if (x.shape.length !== 4) error(`input must be 4-D [batch, height, width, channels], got [${x.shape}]`);
    if (size.shape.length !== 1 || size.data.length !== 2) error(`size must be a [2] tensor, got shape [${size.shape}]`);
    const outH = (size.data as Int32Array)[0];
    const outW = (size.data as Int32Array)[1];
    if (!(outH > 0 && outW > 0)) error(`output size [${outH}, ${outW}] must be positive`);
    const [batch, inH, inW, channels] = x.shape;
    const out = io.output(0, [batch, outH, outW, channels]);
    resizeBilinearImpl(x.data as Float32Array, batch, inH, inW, channels, outH, outW, s.alignCorners, s.halfPixelCenters, s.xnnpack,
      out.data as Float32Array);
  },
};
