// Hybrid DEPTHWISE_CONV_2D: float input × int8 filter → float output, as TFLite's builtin kernel
// on x86/WebAssembly (LiteRT tflite/kernels/depthwise_conv.cc EvalHybridPerChannel →
// tflite/kernels/internal/optimized/integer_ops/depthwise_conv_hybrid.h
// DoDepthwiseConvHybridGeneral with QuantizedDepthwiseConvAccumRowGeneric and its scalar store loop;
// the NEON build multiplies the scales in the other order and can differ by one ulp).
//
// Layouts: input [batch, inH, inW, inC], filter int8 [1, kH, kW, outC] with outC = inC × multiplier,
// one scale per output channel (axis 3; v4 and v6 files), bias float [outC], output
// [batch, outH, outW, outC]. Output channel c·M + m reads input channel c.
//
// Each batch image is quantized asymmetrically as one row → q, sf, zp. Then per output pixel and
// channel o, over in-bounds taps only (padding adds nothing):
//   acc = Σ w[ky, kx, o] · (q[iy, ix, o / M] − zp)                      (exact integer)
//   y = min(max(fr(fr(fr(fr(acc) · sf) · ws[o]) + bias[o]), lo), hi)
// with [lo, hi] from the fused activation (±FLT_MAX for NONE).
// TFLite's kernel uses the depth multiplier from the options; a value that disagrees with the shapes
// is refused here (TFLite's float path would use the shapes, its hybrid path the option).

import type { DepthwiseConv2DOptions } from '../../tflite/options';
import type { EvalIO, PrepareContext, TensorValue } from '../kernel';
import { checkFloat32Output, fail, knownShape, requiredInput, shapeString } from '../util/checks';
import { checkNhwcInput, checkStridesAndDilations, window2d } from '../util/window2d';
import { asymmetricQuantizeRow } from './quantize_input';
import { CODE_BYTES, hybridSimd, pad16 } from './simd';
import { hybridConvRange } from './activation';
import { checkHybridBias, readHybridWeights } from './weights';

const fr = Math.fround;

export interface HybridDepthwiseState {
  readonly hybrid: true;
  opName: string;
  nodeIndex: number;
  options: DepthwiseConv2DOptions;
  lo: number;
  hi: number;
  /** [1, kH, kW, outC] */
  filterShape: number[];
  filter: Int8Array;
  /** One per output channel. */
  scales: Float32Array;
  bias: Float32Array | null;
  hasBias: boolean;
  // Scratch reused across invokes.
  qImage: Int16Array;
  acc: Int32Array;
  one: { scale: Float32Array; zeroPoint: Int32Array; q: Int8Array };
}

export function prepareHybridDepthwiseConv2d(ctx: PrepareContext, options: DepthwiseConv2DOptions): HybridDepthwiseState {
  const input = requiredInput(ctx, 0, 'input');
  if (input.tensor.dtype !== 'float32') fail(ctx, `input has type ${input.tensor.dtype}; hybrid ${ctx.opName} needs float32`);
  const filterIn = requiredInput(ctx, 1, 'filter');
  const fs = filterIn.tensor.shape;
  if (fs.length !== 4 || fs[0] !== 1 || fs.some((d) => d <= 0)) fail(ctx, `filter must be [1, kH, kW, outC], got ${shapeString(fs)}`);
  const f = readHybridWeights(ctx, filterIn, 'filter', 3);
  const outC = fs[3];
  if (f.scales.length !== outC) {
    fail(ctx, `filter has ${f.scales.length} scale(s); hybrid ${ctx.opName} needs one per output channel (${outC}, axis 3) — TFLite reads a scale per channel`);
  }
  checkFloat32Output(ctx);
  checkStridesAndDilations(ctx, options);
  const { lo, hi } = hybridConvRange(ctx, options.fusedActivation);
  const biasIn = ctx.inputs.length === 3 ? ctx.inputs[2] : null;
  const state: HybridDepthwiseState = {
    hybrid: true, opName: ctx.opName, nodeIndex: ctx.nodeIndex, options, lo, hi, filterShape: fs.slice(),
    filter: f.data, scales: f.scales,
    bias: checkHybridBias(ctx, biasIn, outC, 'filter output channels'), hasBias: biasIn !== null,
    qImage: new Int16Array(0), acc: new Int32Array(outC),
    one: { scale: new Float32Array(1), zeroPoint: new Int32Array(1), q: new Int8Array(0) },
  };
  if (knownShape(input)) geometry(state, input.tensor.shape);
  return state;
}

interface Geometry {
  batch: number; inH: number; inW: number; inC: number; kH: number; kW: number; outC: number; M: number;
  outH: number; outW: number; padTop: number; padLeft: number;
}

export function evalHybridDepthwiseConv2d(s: HybridDepthwiseState, io: EvalIO): void {
  const input = io.input(0) as TensorValue;
  const g = geometry(s, input.shape);
  const out = io.output(0, [g.batch, g.outH, g.outW, g.outC]);
  const bias = s.hasBias ? (s.bias ?? ((io.input(2) as TensorValue).data as Float32Array)) : null;
  const x = input.data as Float32Array;
  const y = out.data as Float32Array;
  const imageSize = g.inH * g.inW * g.inC;
  const one = s.one;
  if (one.q.length < imageSize) {
    one.q = new Int8Array(imageSize);
    s.qImage = new Int16Array(imageSize);
  }
  const h = hybridSimd();
  for (let b = 0; b < g.batch; b++) {
    // The image quantized as one row (WebAssembly SIMD when available; identical numbers), then
    // q − zp once per image (int16: −255..255), so the tap loop is a plain multiply-add.
    let q: Int8Array | Int16Array = one.q;
    let qOff = 0;
    if (h) {
      h.reset();
      qOff = h.quantizeRows(x, b * imageSize, 1, imageSize, pad16(imageSize), true, one.scale, one.zeroPoint) / CODE_BYTES;
      q = h.codes;
    } else {
      asymmetricQuantizeRow(x, b * imageSize, imageSize, one.q, 0, one.scale, one.zeroPoint, 0);
    }
    const zp = one.zeroPoint[0];
    const qz = s.qImage;
    for (let i = 0; i < imageSize; i++) qz[i] = q[qOff + i] - zp;
    depthwiseImage(s, g, qz, one.scale[0], bias, y, b * g.outH * g.outW * g.outC);
  }
}

function depthwiseImage(
  s: HybridDepthwiseState, g: Geometry, qz: Int16Array, sf: number, bias: Float32Array | null, y: Float32Array, yOff: number,
): void {
  const { inH, inW, inC, kH, kW, outC, M, outH, outW } = g;
  const { strideH, strideW, dilationH, dilationW } = s.options;
  const { filter: f, scales, acc, lo, hi } = s;
  let o = yOff;
  for (let oy = 0; oy < outH; oy++) {
    const iy0 = oy * strideH - g.padTop;
    for (let ox = 0; ox < outW; ox++) {
      const ix0 = ox * strideW - g.padLeft;
      acc.fill(0);
      for (let ky = 0; ky < kH; ky++) {
        const iy = iy0 + ky * dilationH;
        if (iy < 0 || iy >= inH) continue;
        for (let kx = 0; kx < kW; kx++) {
          const ix = ix0 + kx * dilationW;
          if (ix < 0 || ix >= inW) continue;
          const p = (iy * inW + ix) * inC;
          const fp = (ky * kW + kx) * outC;
          if (M === 1) {
            for (let c = 0; c < outC; c++) acc[c] += f[fp + c] * qz[p + c];
          } else {
            for (let c = 0; c < inC; c++) {
              const v = qz[p + c];
              const q0 = c * M;
              for (let m = 0; m < M; m++) acc[q0 + m] += f[fp + q0 + m] * v;
            }
          }
        }
      }
      for (let c = 0; c < outC; c++) {
        let v = fr(fr(fr(acc[c]) * sf) * scales[c]);
        if (bias !== null) v = fr(v + bias[c]);
        v = v < lo ? lo : v; // std::max then std::min, as the scalar store loop (NaN passes)
        y[o++] = hi < v ? hi : v;
      }
    }
  }
}

function geometry(s: HybridDepthwiseState, shape: readonly number[]): Geometry {
  checkNhwcInput(s, shape);
  const [batch, inH, inW, inC] = shape;
  const [, kH, kW, outC] = s.filterShape;
  if (inC <= 0 || outC % inC !== 0) fail(s, `filter output channels ${outC} are not a multiple of the input channels ${inC}`);
  const M = outC / inC;
  if (s.options.depthMultiplier !== M) {
    fail(s, `depth_multiplier option is ${s.options.depthMultiplier} but the shapes give ${M} (input ${shapeString(shape)}, filter ${shapeString(s.filterShape)})`);
  }
  const win = window2d(s, shape, kH, kW, s.options, () => `filter ${shapeString(s.filterShape)}`);
  return { batch, inH, inW, inC, kH, kW, outC, M, outH: win.outH, outW: win.outW, padTop: win.padTop, padLeft: win.padLeft };
}
