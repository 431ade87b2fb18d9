// The WebAssembly SIMD (f32x4) loops of MAX_POOL_2D: any window (maxpool) and the common 2×2
// stride-2 unpadded one (maxpool2x2), four channels per instruction. Compiled by kernels.ts.

import { F32, FuncBuilder, I32, V128 } from './wasm_asm';

/**
 * maxpool: one image [inH, inW, c4·4] → [outH, outW, c4·4]; each output is the std::max fold
 * (f32x4.pmax, so NaN inputs never win, as in TFLite) of the in-bounds window, starting from
 * float32's lowest value, then clamped to [lo, hi].
 */
export function maxPoolKernel(): FuncBuilder {
  const f = new FuncBuilder('maxpool', [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, F32, F32]);
  const [inp, inH, inW, c4, outH, outW, strideH, strideW, fH, fW, padTop, padLeft, out, lo, hi] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
  const oy = f.local(I32), ox = f.local(I32), y0 = f.local(I32), y1 = f.local(I32), x0 = f.local(I32), x1 = f.local(I32);
  const c = f.local(I32), o = f.local(I32), t = f.local(I32), rowBytes = f.local(I32), pixBytes = f.local(I32);
  const corner = f.local(I32), rowPtr = f.local(I32), rowEnd = f.local(I32), q = f.local(I32), qEnd = f.local(I32), cols = f.local(I32);
  const m = f.local(V128), loV = f.local(V128), hiV = f.local(V128);
  const maxI = (a: () => void, b: () => void) => { a(); b(); a(); b(); f.gtS().select(); };
  const minI = (a: () => void, b: () => void) => { a(); b(); a(); b(); f.ltS().select(); };
  f.get(lo).f32x4Splat().set(loV).get(hi).f32x4Splat().set(hiV);
  f.get(c4).i32(16).mul().set(pixBytes);
  f.get(inW).get(pixBytes).mul().set(rowBytes);
  f.get(out).set(o).i32(0).set(oy);
  f.block().loop(); // output rows
  f.get(oy).get(outH).geS().brIf(1);
  f.get(oy).get(strideH).mul().get(padTop).sub().set(t);
  maxI(() => f.get(t), () => f.i32(0)); f.set(y0);
  f.get(t).get(fH).add().set(t);
  minI(() => f.get(t), () => f.get(inH)); f.set(y1);
  f.i32(0).set(ox);
  f.block().loop(); // output columns
  f.get(ox).get(outW).geS().brIf(1);
  f.get(ox).get(strideW).mul().get(padLeft).sub().set(t);
  maxI(() => f.get(t), () => f.i32(0)); f.set(x0);
  f.get(t).get(fW).add().set(t);
  minI(() => f.get(t), () => f.get(inW)); f.set(x1);
  // Window corner (y0, x0) and extent; an empty window keeps the initial lowest value.
  f.get(inp).get(y0).get(rowBytes).mul().add().get(x0).get(pixBytes).mul().add().set(corner);
  f.get(x1).get(x0).sub().get(pixBytes).mul().set(cols);
  f.i32(0).set(c);
  f.block().loop(); // channel vectors
  f.get(c).get(c4).geS().brIf(1);
  f.f32(-3.4028234663852886e38).f32x4Splat().set(m);
  f.get(corner).get(c).i32(16).mul().add().set(rowPtr);
  f.get(rowPtr).get(y1).get(y0).sub().get(rowBytes).mul().add().set(rowEnd);
  f.block().loop(); // window rows
  f.get(rowPtr).get(rowEnd).geS().brIf(1);
  f.get(rowPtr).set(q).get(rowPtr).get(cols).add().set(qEnd);
  f.block().loop(); // window columns
  f.get(q).get(qEnd).geS().brIf(1);
  f.get(m).get(q).v128Load().f32x4Pmax().set(m);
  f.get(q).get(pixBytes).add().set(q).br(0);
  f.end().end();
  f.get(rowPtr).get(rowBytes).add().set(rowPtr).br(0);
  f.end().end();
  f.get(o).get(m).get(loV).f32x4Max().get(hiV).f32x4Min().v128Store();
  f.get(o).i32(16).add().set(o);
  f.get(c).i32(1).add().set(c).br(0);
  f.end().end();
  f.get(ox).i32(1).add().set(ox).br(0);
  f.end().end();
  f.get(oy).i32(1).add().set(oy).br(0);
  f.end().end();
  return f;
}

/**
 * maxpool2x2: the common 2×2 window with stride 2 and no padding (the tutorial's pooling), one
 * image [inH, inW, c4·4] → [outH, outW, c4·4] with 2·outH ≤ inH and 2·outW ≤ inW. The same fold
 * as maxpool (from float32's lowest value, taps in row-major order, pmax), without its per-window
 * bounds arithmetic.
 */
export function maxPool2x2Kernel(): FuncBuilder {
  const f = new FuncBuilder('maxpool2x2', [I32, I32, I32, I32, I32, I32, F32, F32]);
  const [inp, inW, c4, outH, outW, out, lo, hi] = [0, 1, 2, 3, 4, 5, 6, 7];
  const oy = f.local(I32), ox = f.local(I32), c = f.local(I32), o = f.local(I32), p = f.local(I32), q = f.local(I32);
  const rowStart = f.local(I32), rowBytes = f.local(I32), pixBytes = f.local(I32);
  const loV = f.local(V128), hiV = f.local(V128), lowest = f.local(V128);
  f.get(lo).f32x4Splat().set(loV).get(hi).f32x4Splat().set(hiV);
  f.f32(-3.4028234663852886e38).f32x4Splat().set(lowest);
  f.get(c4).i32(16).mul().set(pixBytes);
  f.get(inW).get(pixBytes).mul().set(rowBytes);
  f.get(out).set(o).get(inp).set(rowStart).i32(0).set(oy);
  f.block().loop(); // output rows
  f.get(oy).get(outH).geS().brIf(1);
  f.get(rowStart).set(p).i32(0).set(ox);
  f.block().loop(); // output columns
  f.get(ox).get(outW).geS().brIf(1);
  f.get(p).set(q).i32(0).set(c);
  f.block().loop(); // channel vectors: taps q, q + pix, q + row, q + row + pix
  f.get(c).get(c4).geS().brIf(1);
  f.get(o);
  f.get(lowest).get(q).v128Load().f32x4Pmax();
  f.get(q).get(pixBytes).add().v128Load().f32x4Pmax();
  f.get(q).get(rowBytes).add().v128Load().f32x4Pmax();
  f.get(q).get(rowBytes).add().get(pixBytes).add().v128Load().f32x4Pmax();
  f.get(loV).f32x4Max().get(hiV).f32x4Min().v128Store();
  f.get(o).i32(16).add().set(o).get(q).i32(16).add().set(q);
  f.get(c).i32(1).add().set(c).br(0);
  f.end().end();
  f.get(p).get(pixBytes).i32(2).mul().add().set(p);
  f.get(ox).i32(1).add().set(ox).br(0);
  f.end().end();
  f.get(rowStart).get(rowBytes).i32(2).mul().add().set(rowStart);
  f.get(oy).i32(1).add().set(oy).br(0);
  f.end().end();
  return f;
}
