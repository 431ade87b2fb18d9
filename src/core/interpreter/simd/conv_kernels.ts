// The WebAssembly SIMD (f32x4) loops of the float convolutions: the CONV_2D / FULLY_CONNECTED
// product in XNNPACK's order (conv_v{nv}) and in the builtin kernels' order (conv_eigen_v{nv}),
// and DEPTHWISE_CONV_2D (dwconv). Four output channels per instruction; the glue in simd/conv.ts
// lays out operands in wasm memory and orders the taps. Compiled by kernels.ts.

import { F32, FuncBuilder, I32, V128 } from './wasm_asm';

/**
 * conv_v{nv}: for every output pixel (oy, ox) of one image and one block of nv·4 channels,
 *   out[pixel] (nv vectors) = clamp(bias + Σ_k splat(img[pix + koff[k]]) · w[k], lo, hi), summed in k order
 * where pix = img + oy·rowStep + ox·colStep, w[k] = the block's nv vectors at w + k·wStride.
 * All pointers and steps are in bytes. Pixels go in pairs along a row (each weight vector loaded
 * once for both), then the odd one out.
 */
export function convKernel(nv: number): FuncBuilder {
  const f = new FuncBuilder(`conv_v${nv}`, [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, F32, F32]);
  const [img, rowStep, colStep, outH, outW, koff, kEnd, w, wStride, bias, out, outStride, lo, hi] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const oy = f.local(I32), ox = f.local(I32), rowBase = f.local(I32), pix = f.local(I32), pixB = f.local(I32);
  const kp = f.local(I32), wp = f.local(I32), o = f.local(I32), off = f.local(I32);
  const x = f.local(V128), xB = f.local(V128), wv = f.local(V128), loV = f.local(V128), hiV = f.local(V128);
  const acc = Array.from({ length: nv }, () => f.local(V128));
  const accB = Array.from({ length: nv }, () => f.local(V128));
  const store = (accs: number[], at: () => void) => accs.forEach((a, j) => {
    at();
    f.get(a).get(loV).f32x4Max().get(hiV).f32x4Min().v128Store(j * 16);
  });
  const startAtBias = (accs: number[]) => accs.forEach((a, j) => f.get(bias).v128Load(j * 16).set(a));
  f.get(lo).f32x4Splat().set(loV).get(hi).f32x4Splat().set(hiV);
  f.get(out).set(o).get(img).set(rowBase).i32(0).set(oy);
  f.block().loop(); // rows
  f.get(oy).get(outH).geS().brIf(1);
  f.get(rowBase).set(pix).i32(0).set(ox);
  // Pairs of adjacent output pixels share every weight load.
  f.block().loop();
  f.get(ox).i32(1).add().get(outW).geS().brIf(1);
  f.get(pix).get(colStep).add().set(pixB);
  startAtBias(acc);
  startAtBias(accB);
  f.get(koff).set(kp).get(w).set(wp);
  f.loop(); // k (K ≥ 1)
  f.get(kp).i32Load().set(off);
  f.get(pix).get(off).add().f32Load().f32x4Splat().set(x);
  f.get(pixB).get(off).add().f32Load().f32x4Splat().set(xB);
  acc.forEach((a, j) => {
    f.get(wp).v128Load(j * 16).set(wv);
    f.get(a).get(x).get(wv).f32x4Mul().f32x4Add().set(a);
    f.get(accB[j]).get(xB).get(wv).f32x4Mul().f32x4Add().set(accB[j]);
  });
  f.get(kp).i32(4).add().set(kp).get(wp).get(wStride).add().set(wp);
  f.get(kp).get(kEnd).ltS().brIf(0);
  f.end();
  store(acc, () => f.get(o));
  store(accB, () => f.get(o).get(outStride).add());
  f.get(o).get(outStride).i32(2).mul().add().set(o);
  f.get(pix).get(colStep).i32(2).mul().add().set(pix);
  f.get(ox).i32(2).add().set(ox).br(0);
  f.end().end();
  // The last pixel of an odd row.
  f.block();
  f.get(ox).get(outW).geS().brIf(0);
  startAtBias(acc);
  f.get(koff).set(kp).get(w).set(wp);
  f.loop();
  f.get(pix).get(kp).i32Load().add().f32Load().f32x4Splat().set(x);
  acc.forEach((a, j) => f.get(a).get(x).get(wp).v128Load(j * 16).f32x4Mul().f32x4Add().set(a));
  f.get(kp).i32(4).add().set(kp).get(wp).get(wStride).add().set(wp);
  f.get(kp).get(kEnd).ltS().brIf(0);
  f.end();
  store(acc, () => f.get(o));
  f.get(o).get(outStride).add().set(o);
  f.end();
  f.get(rowBase).get(rowStep).add().set(rowBase);
  f.get(oy).i32(1).add().set(oy).br(0);
  f.end().end();
  return f;
}

/**
 * conv_eigen_v{nv}: as conv_v{nv}, but summed in the order of TFLite's builtin kernels (Eigen's
 * product, util/eigen_order.ts), one pixel at a time: per block of kcBytes/4 taps, products into
 * two accumulators alternately (even, odd) over the block's largest multiple of 8 taps when
 * `split` is 1, then the second added to the first, then the block's other taps one by one; the
 * block sum added to the result (from 0); the bias after the last block; then the clamp.
 */
export function convEigenKernel(nv: number): FuncBuilder {
  const f = new FuncBuilder(`conv_eigen_v${nv}`, [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, F32, F32, I32, I32]);
  const [img, rowStep, colStep, outH, outW, koff, kEnd, w, wStride, bias, out, outStride, lo, hi, kcBytes, split] =
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  const oy = f.local(I32), ox = f.local(I32), rowBase = f.local(I32), pix = f.local(I32), o = f.local(I32);
  const kp = f.local(I32), wp = f.local(I32), blockEnd = f.local(I32), peelEnd = f.local(I32);
  const x = f.local(V128), loV = f.local(V128), hiV = f.local(V128);
  const res = Array.from({ length: nv }, () => f.local(V128));
  const c = Array.from({ length: nv }, () => f.local(V128));
  const d = Array.from({ length: nv }, () => f.local(V128));
  const zero = (vs: number[]) => vs.forEach((v) => f.f32(0).f32x4Splat().set(v));
  /** acc[j] += splat(img[pix + koff at kp]) · w at wp + wOff (j-th vector). */
  const madd = (acc: number[], wOff: () => void) => {
    f.get(pix).get(kp).i32Load().add().f32Load().f32x4Splat().set(x);
    acc.forEach((a, j) => { f.get(a).get(x); wOff(); f.v128Load(j * 16).f32x4Mul().f32x4Add().set(a); });
  };
  f.get(lo).f32x4Splat().set(loV).get(hi).f32x4Splat().set(hiV);
  f.get(out).set(o).get(img).set(rowBase).i32(0).set(oy);
  f.block().loop(); // rows
  f.get(oy).get(outH).geS().brIf(1);
  f.get(rowBase).set(pix).i32(0).set(ox);
  f.block().loop(); // pixels of the row
  f.get(ox).get(outW).geS().brIf(1);
  zero(res);
  f.get(koff).set(kp).get(w).set(wp);
  f.block().loop(); // depth blocks
  f.get(kp).get(kEnd).geS().brIf(1);
  // blockEnd = min(kp + kcBytes, kEnd); peelEnd = split ? kp + ((blockEnd − kp) & ~31) : kp
  f.get(kp).get(kcBytes).add().set(blockEnd);
  f.get(blockEnd).get(kEnd).get(blockEnd).get(kEnd).ltS().select().set(blockEnd);
  f.get(kp).get(blockEnd).get(kp).sub().i32(-32).and().i32(0).get(split).select().add().set(peelEnd);
  zero(c);
  zero(d);
  f.block().loop(); // pairs of taps: even → c, odd → d
  f.get(kp).get(peelEnd).geS().brIf(1);
  madd(c, () => f.get(wp));
  f.get(kp).i32(4).add().set(kp);
  madd(d, () => f.get(wp).get(wStride).add());
  f.get(kp).i32(4).add().set(kp).get(wp).get(wStride).i32(2).mul().add().set(wp).br(0);
  f.end().end();
  f.block();
  f.get(split).eqz().brIf(0);
  c.forEach((v, j) => f.get(v).get(d[j]).f32x4Add().set(v));
  f.end();
  f.block().loop(); // the block's other taps, one by one
  f.get(kp).get(blockEnd).geS().brIf(1);
  madd(c, () => f.get(wp));
  f.get(kp).i32(4).add().set(kp).get(wp).get(wStride).add().set(wp).br(0);
  f.end().end();
  res.forEach((v, j) => f.get(v).get(c[j]).f32x4Add().set(v));
  f.br(0);
  f.end().end();
  res.forEach((v, j) => {
    f.get(o);
    f.get(v).get(bias).v128Load(j * 16).f32x4Add().get(loV).f32x4Max().get(hiV).f32x4Min().v128Store(j * 16);
  });
  f.get(o).get(outStride).add().set(o);
  f.get(pix).get(colStep).add().set(pix);
  f.get(ox).i32(1).add().set(ox).br(0);
  f.end().end();
  f.get(rowBase).get(rowStep).add().set(rowBase);
  f.get(oy).i32(1).add().set(oy).br(0);
  f.end().end();
  return f;
}

/**
 * dwconv: depthwise convolution with multiplier 1 over c4·4 channels of one padded image:
 *   out[pixel, c] = clamp(bias[c] + Σ_t img[pix + koff[t] + c] · w[t·C + c], lo, hi)
 * with pix = img + oy·rowStep + ox·colStep, t over the kH·kW taps in the caller's order (koff in
 * bytes, w rows in the same order), four channels per instruction. Output [P, C], contiguous.
 */
export function depthwiseKernel(): FuncBuilder {
  const f = new FuncBuilder('dwconv', [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, F32, F32]);
  const [img, rowStep, colStep, outH, outW, c4, koff, kEnd, w, bias, out, lo, hi] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const oy = f.local(I32), ox = f.local(I32), rowBase = f.local(I32), pix = f.local(I32), c = f.local(I32);
  const cOff = f.local(I32), kp = f.local(I32), wp = f.local(I32), o = f.local(I32), tapStride = f.local(I32);
  const acc = f.local(V128), loV = f.local(V128), hiV = f.local(V128);
  f.get(lo).f32x4Splat().set(loV).get(hi).f32x4Splat().set(hiV);
  f.get(c4).i32(16).mul().set(tapStride);
  f.get(out).set(o).get(img).set(rowBase).i32(0).set(oy);
  f.block().loop(); // rows
  f.get(oy).get(outH).geS().brIf(1);
  f.get(rowBase).set(pix).i32(0).set(ox);
  f.block().loop(); // columns
  f.get(ox).get(outW).geS().brIf(1);
  f.i32(0).set(c);
  f.block().loop(); // channel vectors
  f.get(c).get(c4).geS().brIf(1);
  f.get(c).i32(16).mul().set(cOff);
  f.get(bias).get(cOff).add().v128Load().set(acc);
  f.get(koff).set(kp).get(w).get(cOff).add().set(wp);
  f.loop(); // taps (≥ 1)
  f.get(acc).get(pix).get(kp).i32Load().add().get(cOff).add().v128Load().get(wp).v128Load().f32x4Mul().f32x4Add().set(acc);
  f.get(kp).i32(4).add().set(kp).get(wp).get(tapStride).add().set(wp);
  f.get(kp).get(kEnd).ltS().brIf(0);
  f.end();
  f.get(o).get(acc).get(loV).f32x4Max().get(hiV).f32x4Min().v128Store();
  f.get(o).i32(16).add().set(o);
  f.get(c).i32(1).add().set(c).br(0);
  f.end().end();
  f.get(pix).get(colStep).add().set(pix);
  f.get(ox).i32(1).add().set(ox).br(0);
  f.end().end();
  f.get(rowBase).get(rowStep).add().set(rowBase);
  f.get(oy).i32(1).add().set(oy).br(0);
  f.end().end();
  return f;
}
