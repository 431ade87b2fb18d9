// CONV_2D, float32 (tflite/kernels/conv.cc, reference_ops::Conv).
//
// Layouts: input [batch, inH, inW, inC], filter [outC, kH, kW, filterInC], bias [outC] (required,
// as in TFLite), output [batch, outH, outW, outC]. Grouped convolution when inC = groups ×
// filterInC: output channels are split into `groups` consecutive blocks of outC/groups, block g
// reading input channels [g·filterInC, (g+1)·filterInC). Padding/strides/dilation as
// util/padding.ts.
//
// Eval: an implicit GEMM. Each image (and group) is copied once into a zero-padded buffer; every
// output pixel's receptive field, in the same [kH, kW, inC] order as a filter row, is then read
// through a table of offsets, so out = patches × filterᵀ + bias without materialising the patch
// matrix. With WebAssembly SIMD (simd/conv.ts) the product runs four output channels per
// instruction; otherwise in scalar JavaScript (util/conv_gemm.ts). Both sum in float32 in the
// order of the kernel the official runtime would use for this node (ctx.numerics): XNNPACK's
// (util/xnnpack_order.ts), or, where it runs TFLite's builtin kernel, Eigen's
// (util/eigen_order.ts); so they agree with each other and with the official runtime bit for bit.
//
// Hybrid (int8 filter, float input): prepare hands the node to hybrid/conv_2d.ts, whose state eval
// recognises by its `hybrid` field.

import type { Conv2DOptions } from '../../tflite/options';
import type { EvalIO, Kernel, TensorValue } from '../kernel';
import { convSimd, packFilter, type PackedFilter } from '../simd/conv';
import { simdRuntime } from '../simd/kernels';
import { activationRange, assertClampActivation } from '../util/activation';
import { checkArity, checkDType, checkFloat32Output, checkFloatBias, describeTensor, fail, knownShape, requiredInput, requiredOptions, shapeString } from '../util/checks';
import { convImplicitGemm, padImage } from '../util/conv_gemm';
import { constantOperands, float32Operands, weightOperands, type WeightOperands } from '../util/weight_operands';
import { filterRowOrder, tapOrder, usesDepthwiseMicrokernel } from '../util/xnnpack_order';
import { eigenDot, eigenPlan, type EigenPlan } from '../util/eigen_order';
import type { Numerics } from '../official_path';
import { checkNhwcInput, checkStridesAndDilations, window2d } from '../util/window2d';
import { evalHybridConv2d, prepareHybridConv2d, type HybridConvState } from '../hybrid/conv_2d';

/** Geometry of one eval (checkGeometry), shared with the SIMD path (simd/conv.ts). */
export interface ConvGeometry {
  batch: number; inH: number; inW: number; inC: number;
  kH: number; kW: number; filterInC: number; outC: number; groups: number;
  strideH: number; strideW: number; dilationH: number; dilationW: number;
  outH: number; outW: number; padTop: number; padLeft: number;
}

interface ConvState {
  opName: string;
  nodeIndex: number;
  options: Conv2DOptions;
  lo: number;
  hi: number;
  filterShape: number[];
  /** Filter [outC, kH·kW·filterInC] and bias [outC]. */
  operands: WeightOperands;
  scratch: ConvScratch;
  /** The SIMD packing of constant filter and bias (cached per group count). */
  packed: PackedFilter | null;
  /** The summation order for the last group count seen (it depends on channels per group). */
  order: SumOrder | null;
  numerics: Numerics;
}

/** Taps (ky·kW + kx) in summation order, and the filter-row positions in that order. */
interface SumOrder { groups: number; taps: Int32Array; kIdx: Int32Array }

export const conv2d: Kernel<ConvState | HybridConvState> = {
  prepare(ctx) {
    checkArity(ctx, 2, 3, 1);
    const options = requiredOptions(ctx, 'Conv2DOptions');
    const input = requiredInput(ctx, 0, 'input');
    const filter = requiredInput(ctx, 1, 'filter');
    // TFLite's conv.cc requires the bias (has_bias, and GetInputSafe refuses an omitted -1 input).
    if (ctx.inputs.length !== 3 || ctx.inputs[2] === null) fail(ctx, 'has no bias input; TFLite requires one for CONV_2D');
    const bias = ctx.inputs[2];
    checkDType(ctx, input, 'input', ['float32']);
    if (filter.tensor.dtype === 'int8' || filter.tensor.dtype === 'uint8') return prepareHybridConv2d(ctx, options);
    checkDType(ctx, filter, 'filter', ['float32']);
    checkFloat32Output(ctx);
    const fs = filter.tensor.shape;
    if (fs.length !== 4) fail(ctx, `${describeTensor('filter', filter)} must be 4-D [outC, kH, kW, inC], got ${shapeString(fs)}`);
    if (fs.some((d) => d <= 0)) fail(ctx, `${describeTensor('filter', filter)} has an empty dimension ${shapeString(fs)}`);
    if (knownShape(input) && input.tensor.shape.length !== 4) {
      fail(ctx, `${describeTensor('input', input)} must be 4-D [batch, H, W, C], got ${shapeString(input.tensor.shape)}`);
    }
    checkStridesAndDilations(ctx, options);
    assertClampActivation(options.fusedActivation, ctx.opName, ctx.nodeIndex);
    checkFloatBias(ctx, bias, fs[0], `filter has ${fs[0]} output channels`);
    const { min: lo, max: hi } = activationRange(options.fusedActivation);
    const state: ConvState = {
      opName: ctx.opName, nodeIndex: ctx.nodeIndex, options, lo, hi, filterShape: fs.slice(),
      operands: weightOperands(filter, bias),
      scratch: { img: new Float32Array(0), koff: new Int32Array(0), koffKey: '' },
      packed: null,
      order: null,
      numerics: ctx.numerics,
    };
    if (knownShape(input)) checkGeometry(state, input.tensor.shape);
    return state;
  },

  eval(s, io) {
    if ('hybrid' in s) return evalHybridConv2d(s, io);
    const input = io.input(0) as TensorValue;
    const g = checkGeometry(s, input.shape);
    const out = io.output(0, [g.batch, g.outH, g.outW, g.outC]);
    const order = sumOrder(s, g);
    if (s.numerics === 'builtin') {
      convBuiltin(s, g, input.data as Float32Array, out.data as Float32Array, order, io);
      return;
    }
    const rt = simdRuntime();
    if (rt !== null) {
      convSimd(rt, g, input.data as Float32Array, packedFilter(s, g, order, io), order.taps, out.data as Float32Array, s.lo, s.hi);
      return;
    }
    const { weights: filter, bias } = float32Operands(s.operands, io);
    convFloat(g, input.data as Float32Array, filter, bias, order, out.data as Float32Array, s.lo, s.hi, s.scratch);
  },
};

/** The summation order for this geometry: column-major taps where XNNPACK would run the
 *  convolution as a depthwise one (one channel in and out per group), else row-major. */
function sumOrder(s: ConvState, g: ConvGeometry): SumOrder {
  if (s.order !== null && s.order.groups === g.groups) return s.order;
  const oneChannelPerGroup = g.filterInC === 1 && g.outC === g.groups;
  const xnnpackDepthwise = s.numerics === 'xnnpack' && oneChannelPerGroup && usesDepthwiseMicrokernel(g.kH, g.kW);
  const taps = tapOrder(g.kH, g.kW, xnnpackDepthwise);
  s.order = { groups: g.groups, taps, kIdx: filterRowOrder(taps, g.filterInC) };
  return s.order;
}

/** The SIMD packing of the filter: cached when filter and bias are constants. */
function packedFilter(s: ConvState, g: ConvGeometry, order: SumOrder, io: EvalIO): PackedFilter {
  if (s.packed !== null && s.packed.groups === g.groups) return s.packed;
  const { weights: filter, bias } = float32Operands(s.operands, io);
  const pf = packFilter(filter, bias, g.groups, g.outC / g.groups, g.kH * g.kW * g.filterInC, order.kIdx);
  if (constantOperands(s.operands)) s.packed = pf;
  return pf;
}

/**
 * The builtin kernel's order (Eigen's product with an image's output pixels as columns): with
 * SIMD, every pixel in one pass with the split accumulators, then each image's last (pixels mod 4)
 * redone one by one in JavaScript; without SIMD, every pixel in JavaScript.
 */
function convBuiltin(s: ConvState, g: ConvGeometry, x: Float32Array, y: Float32Array, order: SumOrder, io: EvalIO): void {
  const K = g.kH * g.kW * g.filterInC;
  const P = g.outH * g.outW;
  const plan = eigenPlan(g.outC / g.groups, P, K, false);
  const { weights: filter, bias } = float32Operands(s.operands, io);
  const rt = simdRuntime();
  if (rt === null) {
    convEigenJs(g, x, filter, bias, plan, y, s.lo, s.hi, 0, P);
    return;
  }
  convSimd(rt, g, x, packedFilter(s, g, order, io), order.taps, y, s.lo, s.hi, { kcBytes: plan.kc * 4, split: plan.grouped > 0 });
  if (plan.grouped > 0 && plan.grouped < P) convEigenJs(g, x, filter, bias, plan, y, s.lo, s.hi, plan.grouped, P);
}

/** Pixels [from, to) of every image's output in Eigen's order, one product at a time. */
function convEigenJs(
  g: ConvGeometry, x: Float32Array, filter: Float32Array, bias: Float32Array | null, plan: EigenPlan, y: Float32Array,
  lo: number, hi: number, from: number, to: number,
): void {
  const { inH, inW, inC, kH, kW, filterInC: C, outC, groups, outH, outW } = g;
  const P = outH * outW;
  const K = kH * kW * C;
  const perGroup = outC / groups;
  const patch = new Float32Array(K);
  for (let q = 0; q < g.batch * P; q++) {
    if (q % P < from || q % P >= to) continue;
    const b = Math.floor(q / P);
    const oy = Math.floor((q % P) / outW);
    const ox = q % outW;
    for (let grp = 0; grp < groups; grp++) {
      let k = 0;
      for (let ky = 0; ky < kH; ky++) {
        const iy = oy * g.strideH - g.padTop + ky * g.dilationH;
        for (let kx = 0; kx < kW; kx++) {
          const ix = ox * g.strideW - g.padLeft + kx * g.dilationW;
          const inside = iy >= 0 && iy < inH && ix >= 0 && ix < inW;
          const base = ((b * inH + iy) * inW + ix) * inC + grp * C;
          for (let c = 0; c < C; c++) patch[k++] = inside ? x[base + c] : 0;
        }
      }
      for (let n = grp * perGroup; n < (grp + 1) * perGroup; n++) {
        const sum = eigenDot((i) => patch[i], (i) => filter[n * K + i], K, q % P < plan.grouped, plan.kc);
        const v = Math.fround(sum + (bias === null ? 0 : bias[n]));
        y[q * outC + n] = v < lo ? lo : v > hi ? hi : v;
      }
    }
  }
}

function checkGeometry(s: ConvState, inputShape: readonly number[]): ConvGeometry {
  checkNhwcInput(s, inputShape);
  const [batch, inH, inW, inC] = inputShape;
  const [outC, kH, kW, filterInC] = s.filterShape;
  const o = s.options;
  if (inC % filterInC !== 0) {
    fail(s, `input channels ${inC} are not a multiple of the filter's input channels ${filterInC} (filter ${shapeString(s.filterShape)})`);
  }
  const groups = inC / filterInC;
  if (outC % groups !== 0) fail(s, `output channels ${outC} are not divisible by the ${groups} groups`);
  const win = window2d(s, inputShape, kH, kW, o, () => `filter ${shapeString(s.filterShape)} with dilation ${o.dilationH}×${o.dilationW}`);
  return {
    batch, inH, inW, inC, kH, kW, filterInC, outC, groups,
    strideH: o.strideH, strideW: o.strideW, dilationH: o.dilationH, dilationW: o.dilationW,
    outH: win.outH, outW: win.outW, padTop: win.padTop, padLeft: win.padLeft,
  };
}

/** The float convolution: per batch item and group, a zero-padded copy of the image, then
 *  util/conv_gemm.ts over all output pixels, summing in `order`. */
export function convFloat(
  g: ConvGeometry, input: Float32Array, filter: Float32Array, bias: Float32Array | null, order: Pick<SumOrder, 'taps' | 'kIdx'>, out: Float32Array,
  lo: number, hi: number, scratch: ConvScratch,
): void {
  const { inH, inW, inC, kH, kW, filterInC: C, outC, groups, outH, outW, strideH, strideW, dilationH, dilationW } = g;
  if (outH === 0 || outW === 0) return;
  const K = kH * kW * C;
  const padH = Math.max(g.padTop + inH, (outH - 1) * strideH + (kH - 1) * dilationH + 1);
  const padW = Math.max(g.padLeft + inW, (outW - 1) * strideW + (kW - 1) * dilationW + 1);
  if (scratch.img.length < padH * padW * C) scratch.img = new Float32Array(padH * padW * C);
  const key = `${padW},${C},${kH},${kW},${dilationH},${dilationW},${order.taps.join(' ')}`;
  if (scratch.koff.length !== K || scratch.koffKey !== key) {
    scratch.koff = new Int32Array(K);
    let k = 0;
    for (const t of order.taps) {
      const ky = Math.floor(t / kW), kx = t % kW;
      for (let c = 0; c < C; c++) scratch.koff[k++] = (ky * dilationH * padW + kx * dilationW) * C + c;
    }
    scratch.koffKey = key;
  }
  const outCPerGroup = outC / groups;
  const img = scratch.img;
  for (let b = 0; b < g.batch; b++) {
    for (let grp = 0; grp < groups; grp++) {
      padImage(input, b, inH, inW, inC, grp * C, C, g.padTop, g.padLeft, padH, padW, img);
      convImplicitGemm(
        img, padW, C, scratch.koff, order.kIdx, K, outH, outW, strideH, strideW, filter, grp * outCPerGroup * K, outCPerGroup,
        bias, grp * outCPerGroup, out, b * outH * outW * outC + grp * outCPerGroup, outC, lo, hi,
      );
    }
  }
}

/** Per-node scratch kept across invokes: the padded image and the tap offset table. */
export interface ConvScratch {
  img: Float32Array;
  koff: Int32Array;
  koffKey: string;
}
