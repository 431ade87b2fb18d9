// CONV_2D, float32 (tflite/kernels/conv.cc, reference_ops::Conv).
//
// Layouts: input [batch, inH, inW, inC], filter [outC, kH, kW, filterInC], bias [outC],
// output [batch, outH, outW, outC]. Grouped convolution when inC = groups × filterInC: output
// channels are split into `groups` consecutive blocks of outC/groups, block g reading input
// channels [g·filterInC, (g+1)·filterInC). Padding/strides/dilation as util/padding.ts.
//
// Eval: im2col then GEMM. Each output pixel's receptive field (kH·kW·filterInC values, zeros
// where the window leaves the image) is one row of a Float64Array patch matrix, in the same
// [kH, kW, inC] order as a filter row, so out = patches × filterᵀ + bias is util/gemm.ts.
// Rows are built a band of output rows at a time so the patch matrix stays cache-sized.
//
// Hybrid (int8 filter, float input) is refused for now: the hybrid math (§4.3 of the DRQ
// reference) will be added as a second eval path selected here in prepare.

import type { Conv2DOptions } from '../../tflite/options';
import { KernelError, type Kernel, type TensorValue } from '../kernel';
import { activationRange, assertClampActivation } from '../util/activation';
import { checkArity, checkDType, describeTensor, fail, requiredInput, requiredOptions, shapeString } from '../util/checks';
import { gemmBiasClamp } from '../util/gemm';
import { computeWindow } from '../util/padding';

/** Geometry shared by eval, the reference and the Learn panel. */
export interface ConvGeometry {
  batch: number; inH: number; inW: number; inC: number;
  kH: number; kW: number; filterInC: number; outC: number; groups: number;
  strideH: number; strideW: number; dilationH: number; dilationW: number;
  outH: number; outW: number; padTop: number; padLeft: number;
}

export function convGeometry(inputShape: readonly number[], filterShape: readonly number[], o: Conv2DOptions): ConvGeometry {
  const [batch, inH, inW, inC] = inputShape;
  const [outC, kH, kW, filterInC] = filterShape;
  const h = computeWindow(o.padding, inH, kH, o.strideH, o.dilationH);
  const w = computeWindow(o.padding, inW, kW, o.strideW, o.dilationW);
  return {
    batch, inH, inW, inC, kH, kW, filterInC, outC, groups: inC / filterInC,
    strideH: o.strideH, strideW: o.strideW, dilationH: o.dilationH, dilationW: o.dilationW,
    outH: h.out, outW: w.out, padTop: h.before, padLeft: w.before,
  };
}

interface ConvState {
  opName: string;
  nodeIndex: number;
  options: Conv2DOptions;
  lo: number;
  hi: number;
  filterShape: number[];
  /** Filter as float64 [outC, kH·kW·filterInC], converted once when constant. */
  filter: Float64Array | null;
  bias: Float64Array | null;
  hasBias: boolean;
  patches: Float64Array;
}

/** Longest patch matrix (elements) built at once: 64 K doubles = 512 KB. */
const PATCH_BUDGET = 1 << 16;

export const conv2d: Kernel<ConvState> = {
  prepare(ctx) {
    checkArity(ctx, 2, 3, 1);
    const options = requiredOptions(ctx, 'Conv2DOptions');
    const input = requiredInput(ctx, 0, 'input');
    const filter = requiredInput(ctx, 1, 'filter');
    const bias = ctx.inputs.length === 3 ? ctx.inputs[2] : null;
    checkDType(ctx, input, 'input', ['float32']);
    if (filter.tensor.dtype === 'int8' || filter.tensor.dtype === 'uint8') {
      fail(ctx, `${describeTensor('filter', filter)} is ${filter.tensor.dtype}: hybrid (dynamic-range) CONV_2D is not yet supported`);
    }
    checkDType(ctx, filter, 'filter', ['float32']);
    if (ctx.outputs[0].tensor.dtype !== 'float32') fail(ctx, `output type ${ctx.outputs[0].tensor.dtype} must be float32`);
    const fs = filter.tensor.shape;
    if (fs.length !== 4) fail(ctx, `${describeTensor('filter', filter)} must be 4-D [outC, kH, kW, inC], got ${shapeString(fs)}`);
    if (fs.some((d) => d <= 0)) fail(ctx, `${describeTensor('filter', filter)} has an empty dimension ${shapeString(fs)}`);
    if (input.tensor.hasRank && input.tensor.shape.length !== 4) {
      fail(ctx, `${describeTensor('input', input)} must be 4-D [batch, H, W, C], got ${shapeString(input.tensor.shape)}`);
    }
    if (options.strideH <= 0 || options.strideW <= 0) fail(ctx, `strides must be positive (got ${options.strideH}×${options.strideW})`);
    if (options.dilationH <= 0 || options.dilationW <= 0) fail(ctx, `dilations must be positive (got ${options.dilationH}×${options.dilationW})`);
    assertClampActivation(options.fusedActivation, ctx.opName, ctx.nodeIndex);
    if (bias) {
      checkDType(ctx, bias, 'bias', ['float32']);
      const n = bias.tensor.shape.reduce((a, b) => a * b, 1);
      if (n !== fs[0]) fail(ctx, `${describeTensor('bias', bias)} has ${n} elements, filter has ${fs[0]} output channels`);
    }
    const { min: lo, max: hi } = activationRange(options.fusedActivation);
    const state: ConvState = {
      opName: ctx.opName, nodeIndex: ctx.nodeIndex, options, lo, hi, filterShape: fs.slice(),
      filter: filter.constant ? Float64Array.from(filter.constant.data as Float32Array) : null,
      bias: bias?.constant ? Float64Array.from(bias.constant.data as Float32Array) : null,
      hasBias: bias !== null,
      patches: new Float64Array(0),
    };
    if (input.tensor.hasRank) checkGeometry(state, input.tensor.shape);
    return state;
  },

  eval(s, io) {
    const input = io.input(0) as TensorValue;
    const g = checkGeometry(s, input.shape);
    const filter = s.filter ?? Float64Array.from((io.input(1) as TensorValue).data as Float32Array);
    const bias = s.hasBias ? (s.bias ?? Float64Array.from((io.input(2) as TensorValue).data as Float32Array)) : null;
    const out = io.output(0, [g.batch, g.outH, g.outW, g.outC]);
    const K = g.kH * g.kW * g.filterInC;
    const rowsPerBand = Math.max(1, Math.min(g.outH, Math.floor(PATCH_BUDGET / Math.max(1, g.outW * K))));
    if (s.patches.length < rowsPerBand * g.outW * K) s.patches = new Float64Array(rowsPerBand * g.outW * K);
    convFloat(g, input.data as Float32Array, filter, bias, out.data as Float32Array, s.lo, s.hi, s.patches, rowsPerBand);
  },
};

function checkGeometry(s: ConvState, inputShape: readonly number[]): ConvGeometry {
  const err = (d: string): never => {
    throw new KernelError(s.opName, s.nodeIndex, d);
  };
  if (inputShape.length !== 4) err(`input must be 4-D [batch, H, W, C], got ${shapeString(inputShape)}`);
  const fs = s.filterShape;
  if (inputShape[3] % fs[3] !== 0) {
    err(`input channels ${inputShape[3]} are not a multiple of the filter's input channels ${fs[3]} (filter ${shapeString(fs)})`);
  }
  const g = convGeometry(inputShape, fs, s.options);
  if (g.outC % g.groups !== 0) err(`output channels ${g.outC} are not divisible by the ${g.groups} groups`);
  if (g.outH < 0 || g.outW < 0) {
    err(`filter ${shapeString(fs)} with dilation ${g.dilationH}×${g.dilationW} does not fit the input ${shapeString(inputShape)} (VALID padding)`);
  }
  return g;
}

/** The float convolution: im2col bands of output rows, then a GEMM per band and group. */
export function convFloat(
  g: ConvGeometry, input: Float32Array, filter: Float64Array, bias: Float64Array | null, out: Float32Array,
  lo: number, hi: number, patches: Float64Array, rowsPerBand: number,
): void {
  const { inH, inW, inC, kH, kW, filterInC, outC, groups, outH, outW } = g;
  const K = kH * kW * filterInC;
  const outCPerGroup = outC / groups;
  for (let b = 0; b < g.batch; b++) {
    const inBase = b * inH * inW * inC;
    for (let oy0 = 0; oy0 < outH; oy0 += rowsPerBand) {
      const rows = Math.min(rowsPerBand, outH - oy0);
      for (let grp = 0; grp < groups; grp++) {
        im2col(g, input, inBase, grp * filterInC, oy0, rows, patches);
        const outOff = ((b * outH + oy0) * outW) * outC + grp * outCPerGroup;
        gemmBiasClamp(patches, rows * outW, K, filter, grp * outCPerGroup * K, outCPerGroup, bias, grp * outCPerGroup,
          out, outOff, outC, lo, hi);
      }
    }
  }
}

/** Fills patches[(r·outW + ox)·K + (ky·kW + kx)·filterInC + c] for output rows oy0..oy0+rows. */
function im2col(
  g: ConvGeometry, input: Float32Array, inBase: number, cOff: number, oy0: number, rows: number, patches: Float64Array,
): void {
  const { inH, inW, inC, kH, kW, filterInC, outW, strideH, strideW, dilationH, dilationW, padTop, padLeft } = g;
  let p = 0;
  for (let oy = oy0; oy < oy0 + rows; oy++) {
    const iy0 = oy * strideH - padTop;
    for (let ox = 0; ox < outW; ox++) {
      const ix0 = ox * strideW - padLeft;
      for (let ky = 0; ky < kH; ky++) {
        const iy = iy0 + ky * dilationH;
        if (iy < 0 || iy >= inH) {
          patches.fill(0, p, p + kW * filterInC);
          p += kW * filterInC;
          continue;
        }
        const rowBase = inBase + iy * inW * inC + cOff;
        for (let kx = 0; kx < kW; kx++) {
          const ix = ix0 + kx * dilationW;
          if (ix < 0 || ix >= inW) {
            for (let c = 0; c < filterInC; c++) patches[p++] = 0;
            continue;
          }
          const src = rowBase + ix * inC;
          for (let c = 0; c < filterInC; c++) patches[p++] = input[src + c];
        }
      }
    }
  }
}
