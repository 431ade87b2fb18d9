// WebAssembly SIMD (f32x4) inner loops for the float kernels that dominate run time: the
// convolution / fully-connected product, depthwise convolution and max pooling. Scalar JavaScript tops out near one
// multiply-add per cycle; these do four. The kernels see only wasm linear memory: the glue below
// copies operands in and results out (plain typed-array copies, cheap next to the arithmetic).
//
// Numerics: as XNNPACK (util/xnnpack_order.ts): one float32 accumulator per output starts at the
// bias and adds one rounded product per k (the caller orders k), then the fused-activation clamp
// min(max(x, lo), hi).
//
// simdRuntime() returns null where WebAssembly SIMD is unavailable (or disabled for tests with
// setSimdEnabled(false)); callers then use their scalar JavaScript path.

import { encodeModule, F32, FuncBuilder, I32, V128 } from './wasm_asm';

/** Channels (lanes) per vector, and vectors per channel block of the conv kernel. */
export const LANES = 4;
export const MAX_VECTORS = 4;

/**
 * conv_v{nv}: for every output pixel (oy, ox) of one image and one block of nv·4 channels,
 *   out[pixel] (nv vectors) = clamp(bias + Σ_k splat(img[pix + koff[k]]) · w[k], lo, hi), summed in k order
 * where pix = img + oy·rowStep + ox·colStep, w[k] = the block's nv vectors at w + k·wStride.
 * All pointers and steps are in bytes. Pixels go in pairs along a row (each weight vector loaded
 * once for both), then the odd one out.
 */
function convKernel(nv: number): FuncBuilder {
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
function convEigenKernel(nv: number): FuncBuilder {
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
 * maxpool: one image [inH, inW, c4·4] → [outH, outW, c4·4]; each output is the std::max fold
 * (f32x4.pmax, so NaN inputs never win, as in TFLite) of the in-bounds window, starting from
 * float32's lowest value, then clamped to [lo, hi].
 */
function maxPoolKernel(): FuncBuilder {
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
function maxPool2x2Kernel(): FuncBuilder {
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

/**
 * dwconv: depthwise convolution with multiplier 1 over c4·4 channels of one padded image:
 *   out[pixel, c] = clamp(bias[c] + Σ_t img[pix + koff[t] + c] · w[t·C + c], lo, hi)
 * with pix = img + oy·rowStep + ox·colStep, t over the kH·kW taps in the caller's order (koff in
 * bytes, w rows in the same order), four channels per instruction. Output [P, C], contiguous.
 */
function depthwiseKernel(): FuncBuilder {
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

export type ConvFn = (img: number, rowStep: number, colStep: number, outH: number, outW: number, koff: number, kEnd: number,
  w: number, wStride: number, bias: number, out: number, outStride: number, lo: number, hi: number) => void;
/** conv_eigen_v{nv}: ConvFn's arguments, then the depth block in bytes of koff and the split flag. */
export type ConvEigenFn = (img: number, rowStep: number, colStep: number, outH: number, outW: number, koff: number, kEnd: number,
  w: number, wStride: number, bias: number, out: number, outStride: number, lo: number, hi: number, kcBytes: number, split: number) => void;
type MaxPoolFn = (inp: number, inH: number, inW: number, c4: number, outH: number, outW: number, strideH: number, strideW: number,
  fH: number, fW: number, padTop: number, padLeft: number, out: number, lo: number, hi: number) => void;
type MaxPool2x2Fn = (inp: number, inW: number, c4: number, outH: number, outW: number, out: number, lo: number, hi: number) => void;
type DepthwiseFn = (img: number, rowStep: number, colStep: number, outH: number, outW: number, c4: number, koff: number, kEnd: number,
  w: number, bias: number, out: number, lo: number, hi: number) => void;

/** The compiled kernels and their memory. Views (f32, i32) are refreshed whenever memory grows. */
export class SimdRuntime {
  f32: Float32Array;
  i32: Int32Array;
  /** conv[nv − 1] handles a block of nv vectors (nv·4 channels). */
  readonly conv: ConvFn[];
  /** convEigen[nv − 1]: the same in the builtin kernels' order. */
  readonly convEigen: ConvEigenFn[];
  readonly maxPool: MaxPoolFn;
  readonly maxPool2x2: MaxPool2x2Fn;
  readonly depthwise: DepthwiseFn;

  constructor(private readonly memory: WebAssembly.Memory, instance: WebAssembly.Instance) {
    const e = instance.exports as Record<string, unknown>;
    this.conv = Array.from({ length: MAX_VECTORS }, (_, i) => e[`conv_v${i + 1}`] as ConvFn);
    this.convEigen = Array.from({ length: MAX_VECTORS }, (_, i) => e[`conv_eigen_v${i + 1}`] as ConvEigenFn);
    this.maxPool = e.maxpool as MaxPoolFn;
    this.maxPool2x2 = e.maxpool2x2 as MaxPool2x2Fn;
    this.depthwise = e.dwconv as DepthwiseFn;
    this.f32 = new Float32Array(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
  }

  /** Makes memory at least `bytes` long (views are replaced, never kept stale). */
  ensure(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes <= have) return;
    try {
      this.memory.grow(Math.ceil((bytes - have) / 65536));
    } catch {
      throw new RangeError(`the SIMD kernels need ${bytes} bytes of WebAssembly memory and it cannot grow that far`);
    }
    this.f32 = new Float32Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
  }
}

let runtime: SimdRuntime | null | undefined;
let enabled = true;

/** The shared SIMD runtime of this thread, or null without WebAssembly SIMD (or when disabled). */
export function simdRuntime(): SimdRuntime | null {
  if (!enabled) return null;
  if (runtime === undefined) runtime = createRuntime();
  return runtime;
}

/** Tests use this to run the scalar JavaScript paths too. */
export function setSimdEnabled(on: boolean): void {
  enabled = on;
}

function createRuntime(): SimdRuntime | null {
  try {
    if (typeof WebAssembly !== 'object') return null;
    const bytes = encodeModule([
      ...Array.from({ length: MAX_VECTORS }, (_, i) => convKernel(i + 1)),
      ...Array.from({ length: MAX_VECTORS }, (_, i) => convEigenKernel(i + 1)),
      maxPoolKernel(), maxPool2x2Kernel(), depthwiseKernel(),
    ]);
    if (!WebAssembly.validate(bytes)) return null;
    const memory = new WebAssembly.Memory({ initial: 16 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    return new SimdRuntime(memory, instance);
  } catch {
    return null; // e.g. synchronous compilation refused on a browser main thread
  }
}

/** Rounds a byte offset up to 16. */
export function align16(n: number): number {
  return (n + 15) & ~15;
}
