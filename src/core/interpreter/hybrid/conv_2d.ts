// Hybrid CONV_2D: float input × int8 filter → float output, as TFLite's builtin optimized kernel
// (LiteRT tflite/kernels/conv.cc EvalHybrid / EvalHybridPerChannel →
// tflite/kernels/internal/optimized/optimized_ops.h HybridConv / HybridConvPerChannel).
//
// Layouts: input [batch, inH, inW, inC], filter int8 [outC, kH, kW, inC], bias float [outC],
// output [batch, outH, outW, outC]. Padding/strides/dilation as util/padding.ts.
//
// Path (chosen in prepare, as conv.cc): per-channel iff the filter has more than one scale and the
// scales are not all equal (v5 files); otherwise per-tensor (v2 files; equal per-channel scales use
// scale[0]). Each batch image (inH·inW·inC values) is quantized as one row:
//   per-tensor:  symmetric → q, sf; s = fr(sf · ws); im2col pads with 0
//     acc = Σ w · q;                          y = clamp(fr(fr(fr(acc) · s) + bias[o]))
//   per-channel: asymmetric → q, sf, zp; im2col pads with zp, so a padded tap adds w · (zp − zp) = 0
//     acc = Σ w · q − rowSum[o] · zp;         y = clamp(fr(fr(fr(acc) · fr(ws[o] · sf)) + bias[o]))
// clamp is the fused activation's [lo, hi], ±FLT_MAX for NONE (as CalculateActivationRange).
// Eval works one image and a band of output rows at a time: int8 im2col patches [pixels, kH·kW·inC]
// × filter rows → int32 accumulators → the float epilogue above, with WebAssembly SIMD (simd.ts)
// when available, else in JavaScript (int8_gemm.ts); both give identical numbers. A 1×1 stride-1
// undilated conv multiplies the quantized image directly (as TFLite, no im2col).
// Grouped convolution is refused: TFLite sends it to a reference kernel we have not matched.

import type { Conv2DOptions } from '../../tflite/options';
import type { EvalIO, PrepareContext, TensorValue } from '../kernel';
import { checkFloat32Output, fail, knownShape, requiredInput, shapeString } from '../util/checks';
import { checkNhwcInput, checkStridesAndDilations, window2d } from '../util/window2d';
import { int8Gemm, int8RowSums } from './int8_gemm';
import { asymmetricQuantizeRow, symmetricQuantizeRow } from './quantize_input';
import { CODE_BYTES, hybridSimd, pad16, type HybridSimd } from './simd';
import { hybridConvRange } from './activation';
import { checkHybridBias, hasDistinctScales, readHybridWeights } from './weights';

const fr = Math.fround;

export interface HybridConvState {
  readonly hybrid: true;
  opName: string;
  nodeIndex: number;
  options: Conv2DOptions;
  lo: number;
  hi: number;
  /** [outC, kH, kW, inC] */
  filterShape: number[];
  filter: Int8Array;
  rowSums: Int32Array;
  perChannel: boolean;
  /** Per-channel: one per output channel; per-tensor: scales[0] is the filter scale. */
  scales: Float32Array;
  bias: Float32Array | null;
  hasBias: boolean;
  // Scratch reused across invokes.
  qImage: Int8Array;
  patches: Int8Array;
  acc: Int32Array;
  channelScale: Float32Array;
  one: { scale: Float32Array; zeroPoint: Int32Array };
}

interface Geometry {
  batch: number; inH: number; inW: number; inC: number; kH: number; kW: number; outC: number;
  outH: number; outW: number; padTop: number; padLeft: number;
}

/** im2col patch budget per band (int8 elements): JavaScript scratch, SIMD memory. */
const PATCH_BUDGET = 1 << 18;
const SIMD_PATCH_BUDGET = 1 << 21;

export function prepareHybridConv2d(ctx: PrepareContext, options: Conv2DOptions): HybridConvState {
  const input = requiredInput(ctx, 0, 'input');
  if (input.tensor.dtype !== 'float32') fail(ctx, `input has type ${input.tensor.dtype}; hybrid ${ctx.opName} needs float32`);
  const f = readHybridWeights(ctx, requiredInput(ctx, 1, 'filter'), 'filter', 0);
  if (f.shape.length !== 4 || f.shape.some((d) => d <= 0)) fail(ctx, `filter must be 4-D [outC, kH, kW, inC] with no empty dimension, got ${shapeString(f.shape)}`);
  checkFloat32Output(ctx);
  checkStridesAndDilations(ctx, options);
  const { lo, hi } = hybridConvRange(ctx, options.fusedActivation);
  const outC = f.shape[0];
  const K = f.shape[1] * f.shape[2] * f.shape[3];
  const biasIn = ctx.inputs.length === 3 ? ctx.inputs[2] : null;
  const state: HybridConvState = {
    hybrid: true, opName: ctx.opName, nodeIndex: ctx.nodeIndex, options, lo, hi, filterShape: f.shape,
    filter: f.data, rowSums: int8RowSums(f.data, outC, K), perChannel: hasDistinctScales(f.scales), scales: f.scales,
    bias: checkHybridBias(ctx, biasIn, outC, 'filter output channels'), hasBias: biasIn !== null,
    qImage: new Int8Array(0), patches: new Int8Array(0), acc: new Int32Array(0), channelScale: new Float32Array(outC),
    one: { scale: new Float32Array(1), zeroPoint: new Int32Array(1) },
  };
  if (knownShape(input)) geometry(state, input.tensor.shape);
  return state;
}

export function evalHybridConv2d(s: HybridConvState, io: EvalIO): void {
  const input = io.input(0) as TensorValue;
  const g = geometry(s, input.shape);
  const out = io.output(0, [g.batch, g.outH, g.outW, g.outC]);
  const bias = s.hasBias ? (s.bias ?? ((io.input(2) as TensorValue).data as Float32Array)) : null;
  const direct = g.kH === 1 && g.kW === 1 && s.options.strideH === 1 && s.options.strideW === 1 &&
    s.options.dilationH === 1 && s.options.dilationW === 1;
  const h = hybridSimd();
  if (h) convSimd(s, g, h, direct, input.data as Float32Array, bias, out.data as Float32Array);
  else convJs(s, g, direct, input.data as Float32Array, bias, out.data as Float32Array);
}

/** Per-channel path: the current image's scale folded into each channel's, fr(ws[o] · sf). */
function imageScale(s: HybridConvState, g: Geometry): void {
  if (s.perChannel) for (let o = 0; o < g.outC; o++) s.channelScale[o] = fr(s.scales[o] * s.one.scale[0]);
}

function convJs(s: HybridConvState, g: Geometry, direct: boolean, x: Float32Array, bias: Float32Array | null, y: Float32Array): void {
  const imageSize = g.inH * g.inW * g.inC;
  const K = g.kH * g.kW * g.inC;
  const rowsPerBand = direct ? g.outH : Math.max(1, Math.min(g.outH, Math.floor(PATCH_BUDGET / Math.max(1, g.outW * K))));
  if (s.qImage.length < imageSize) s.qImage = new Int8Array(imageSize);
  if (!direct && s.patches.length < rowsPerBand * g.outW * K) s.patches = new Int8Array(rowsPerBand * g.outW * K);
  if (s.acc.length < rowsPerBand * g.outW * g.outC) s.acc = new Int32Array(rowsPerBand * g.outW * g.outC);
  const { scale, zeroPoint } = s.one;
  for (let b = 0; b < g.batch; b++) {
    if (s.perChannel) asymmetricQuantizeRow(x, b * imageSize, imageSize, s.qImage, 0, scale, zeroPoint, 0);
    else symmetricQuantizeRow(x, b * imageSize, imageSize, s.qImage, 0, scale, zeroPoint, 0);
    imageScale(s, g);
    for (let oy0 = 0; oy0 < g.outH; oy0 += rowsPerBand) {
      const rows = Math.min(rowsPerBand, g.outH - oy0);
      const pixels = rows * g.outW;
      if (direct) int8Gemm(s.qImage, oy0 * g.outW * K, pixels, K, s.filter, 0, g.outC, s.acc, 0);
      else {
        im2colInt8(g, s, s.qImage, 0, zeroPoint[0], oy0, rows, s.patches, 0, K);
        int8Gemm(s.patches, 0, pixels, K, s.filter, 0, g.outC, s.acc, 0);
      }
      epilogue(s, pixels, g.outC, s.acc, 0, bias, y, ((b * g.outH + oy0) * g.outW) * g.outC);
    }
  }
}

/** The same with WebAssembly SIMD: image, patches (rows padded to kp) and filter in its memory. */
function convSimd(
  s: HybridConvState, g: Geometry, h: HybridSimd, direct: boolean, x: Float32Array, bias: Float32Array | null, y: Float32Array,
): void {
  const imageSize = g.inH * g.inW * g.inC;
  const K = g.kH * g.kW * g.inC;
  const kp = pad16(K);
  const inPlace = direct && kp === K; // 1×1 conv on 16·n channels: the quantized image is the matrix
  const rowsPerBand = inPlace ? g.outH : Math.max(1, Math.min(g.outH, Math.floor(SIMD_PATCH_BUDGET / Math.max(1, g.outW * kp))));
  const { scale, zeroPoint } = s.one;
  h.reset();
  const wAt = h.putCodeRows(s.filter, g.outC, K, kp);
  const perRun = h.mark();
  for (let b = 0; b < g.batch; b++) {
    h.release(perRun);
    const qAt = h.quantizeRows(x, b * imageSize, 1, imageSize, pad16(imageSize), s.perChannel, scale, zeroPoint);
    imageScale(s, g);
    const perBand = h.mark();
    for (let oy0 = 0; oy0 < g.outH; oy0 += rowsPerBand) {
      h.release(perBand);
      const rows = Math.min(rowsPerBand, g.outH - oy0);
      const pixels = rows * g.outW;
      let aAt = qAt + oy0 * g.outW * K * CODE_BYTES;
      if (!inPlace) {
        aAt = h.alloc(pixels * kp * CODE_BYTES);
        im2colInt8(g, s, h.codes, qAt / CODE_BYTES, zeroPoint[0], oy0, rows, h.codes, aAt / CODE_BYTES, kp);
      }
      const accAt = h.gemm(aAt, pixels, kp, wAt, g.outC);
      epilogue(s, pixels, g.outC, h.i32, accAt >> 2, bias, y, ((b * g.outH + oy0) * g.outW) * g.outC);
    }
  }
}

function epilogue(
  s: HybridConvState, pixels: number, outC: number, acc: Int32Array, accOff: number, bias: Float32Array | null, y: Float32Array, yOff: number,
): void {
  if (s.perChannel) perChannelEpilogue(s, pixels, outC, acc, accOff, s.one.zeroPoint[0], bias, y, yOff);
  else perTensorEpilogue(s, pixels, outC, acc, accOff, fr(s.one.scale[0] * s.scales[0]), bias, y, yOff);
}

function perTensorEpilogue(
  s: HybridConvState, pixels: number, outC: number, acc: Int32Array, accOff: number, scale: number,
  bias: Float32Array | null, y: Float32Array, yOff: number,
): void {
  const { lo, hi } = s;
  for (let p = 0; p < pixels; p++) {
    const a = p * outC;
    for (let o = 0; o < outC; o++) {
      let v = fr(fr(acc[accOff + a + o]) * scale);
      if (bias !== null) v = fr(v + bias[o]);
      y[yOff + a + o] = v < lo ? lo : v > hi ? hi : v;
    }
  }
}

function perChannelEpilogue(
  s: HybridConvState, pixels: number, outC: number, acc: Int32Array, accOff: number, zp: number,
  bias: Float32Array | null, y: Float32Array, yOff: number,
): void {
  const { lo, hi, rowSums, channelScale } = s;
  for (let p = 0; p < pixels; p++) {
    const a = p * outC;
    for (let o = 0; o < outC; o++) {
      let v = fr(fr(acc[accOff + a + o] - rowSums[o] * zp) * channelScale[o]);
      if (bias !== null) v = fr(v + bias[o]);
      v = v > hi ? hi : v; // Eigen: cwiseMin(max) then cwiseMax(min)
      y[yOff + a + o] = v < lo ? lo : v;
    }
  }
}

/**
 * dst[dstOff + (r·outW + ox)·kp + (ky·kW + kx)·inC + c] for output rows oy0..oy0+rows, reading the
 * quantized image src[srcOff …] ([inH, inW, inC]); `pad` outside the image, 0 in a row's tail
 * (kp > kH·kW·inC, only for the SIMD layout). src and dst may be the same array.
 */
function im2colInt8(
  g: Geometry, s: HybridConvState, src: Int8Array | Int16Array, srcOff: number, pad: number, oy0: number, rows: number,
  dst: Int8Array | Int16Array, dstOff: number, kp: number,
): void {
  const { inH, inW, inC, kH, kW, outW, padTop, padLeft } = g;
  const { strideH, strideW, dilationH, dilationW } = s.options;
  const K = kH * kW * inC;
  const same = src === dst;
  let p = dstOff;
  for (let oy = oy0; oy < oy0 + rows; oy++) {
    const iy0 = oy * strideH - padTop;
    for (let ox = 0; ox < outW; ox++) {
      const ix0 = ox * strideW - padLeft;
      const rowStart = p;
      for (let ky = 0; ky < kH; ky++) {
        const iy = iy0 + ky * dilationH;
        if (iy < 0 || iy >= inH) {
          dst.fill(pad, p, p + kW * inC);
          p += kW * inC;
          continue;
        }
        const rowBase = srcOff + iy * inW * inC;
        for (let kx = 0; kx < kW; kx++) {
          const ix = ix0 + kx * dilationW;
          if (ix < 0 || ix >= inW) dst.fill(pad, p, p + inC);
          else if (same) dst.copyWithin(p, rowBase + ix * inC, rowBase + (ix + 1) * inC);
          else dst.set(src.subarray(rowBase + ix * inC, rowBase + (ix + 1) * inC), p);
          p += inC;
        }
      }
      if (kp > K) dst.fill(0, rowStart + K, rowStart + kp);
      p = rowStart + kp;
    }
  }
}

function geometry(s: HybridConvState, shape: readonly number[]): Geometry {
  checkNhwcInput(s, shape);
  const [batch, inH, inW, inC] = shape;
  const [outC, kH, kW, filterInC] = s.filterShape;
  if (inC !== filterInC) {
    fail(s, `input has ${inC} channels, filter ${shapeString(s.filterShape)} expects ${filterInC}` +
      (inC % filterInC === 0 ? ' (grouped hybrid convolution is not supported)' : ''));
  }
  const win = window2d(s, shape, kH, kW, s.options, () => `filter ${shapeString(s.filterShape)}`);
  return { batch, inH, inW, inC, kH, kW, outC, outH: win.outH, outW: win.outW, padTop: win.padTop, padLeft: win.padLeft };
}
