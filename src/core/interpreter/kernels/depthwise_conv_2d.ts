// DEPTHWISE_CONV_2D, float32 (tflite/kernels/depthwise_conv.cc, reference_ops::DepthwiseConv).
//
// Layouts: input [batch, inH, inW, inC], filter [1, kH, kW, outC] with outC = inC × multiplier,
// bias [outC] (optional: 2 inputs), output [batch, outH, outW, outC]. Output channel
// c·multiplier + m reads only input channel c. As TFLite, the multiplier comes from the shapes
// (outC / inC), not from the options.
// Padding/strides/dilation as util/padding.ts.
//
// Eval: with WebAssembly SIMD, multiplier 1 and channels a multiple of 4 (the MobileNet case),
// simd/conv.ts: four channels per instruction over a zero-padded copy. Otherwise, per output
// pixel, an accumulator row of outC values starts at the bias; each tap adds
// input[pixel, c] · filter[ky, kx, c·M + m] (0 · filter for a padding tap) in one pass over the
// contiguous channels, then the row is clamped and stored. Both paths sum in float32 from the
// bias, in the tap order of the kernel the official runtime would use (ctx.numerics): XNNPACK's
// (util/xnnpack_order.ts), or row-major as TFLite's builtin optimized kernel (which also starts
// its accumulators at the bias); so they agree with each other and with the official runtime.
//
// Hybrid (int8 filter, float input; per-channel scales on axis 3): prepare hands the node to
// hybrid/depthwise_conv_2d.ts, whose state eval recognises by its `hybrid` field.

import type { DepthwiseConv2DOptions } from '../../tflite/options';
import type { Kernel, TensorValue } from '../kernel';
import { depthwiseSimd } from '../simd/conv';
import { LANES, simdRuntime } from '../simd/kernels';
import { activationRange, assertClampActivation } from '../util/activation';
import { checkArity, checkDType, checkFloat32Output, checkFloatBias, describeTensor, fail, knownShape, requiredInput, requiredOptions, shapeString } from '../util/checks';
import { float32Operands, weightOperands, type WeightOperands } from '../util/weight_operands';
import { tapOrder, usesDepthwiseMicrokernel } from '../util/xnnpack_order';
import { checkNhwcInput, checkStridesAndDilations, window2d } from '../util/window2d';
import { evalHybridDepthwiseConv2d, prepareHybridDepthwiseConv2d, type HybridDepthwiseState } from '../hybrid/depthwise_conv_2d';

export interface DepthwiseGeometry {
  batch: number; inH: number; inW: number; inC: number;
  kH: number; kW: number; outC: number; multiplier: number;
  strideH: number; strideW: number; dilationH: number; dilationW: number;
  outH: number; outW: number; padTop: number; padLeft: number;
}

interface DepthwiseState {
  opName: string;
  nodeIndex: number;
  options: DepthwiseConv2DOptions;
  lo: number;
  hi: number;
  filterShape: number[];
  /** Filter [1, kH, kW, outC] and bias [outC] (optional). */
  operands: WeightOperands;
  acc: Float32Array;
  /** Taps in summation order for multiplier 1 (XNNPACK's depthwise path) and for > 1 (IGEMM). */
  tapsMultiplier1: Int32Array;
  tapsMultiplierN: Int32Array;
}

export const depthwiseConv2d: Kernel<DepthwiseState | HybridDepthwiseState> = {
  prepare(ctx) {
    checkArity(ctx, 2, 3, 1);
    const options = requiredOptions(ctx, 'DepthwiseConv2DOptions');
    const input = requiredInput(ctx, 0, 'input');
    const filter = requiredInput(ctx, 1, 'filter');
    // As TFLite: 2 inputs means no bias, but a third input marked omitted (-1) is refused.
    if (ctx.inputs.length === 3 && ctx.inputs[2] === null) fail(ctx, 'input 2 (bias) is marked omitted (-1); TFLite refuses that (give 2 inputs instead)');
    const bias = ctx.inputs.length === 3 ? ctx.inputs[2] : null;
    checkDType(ctx, input, 'input', ['float32']);
    if (filter.tensor.dtype === 'int8' || filter.tensor.dtype === 'uint8') return prepareHybridDepthwiseConv2d(ctx, options);
    checkDType(ctx, filter, 'filter', ['float32']);
    checkFloat32Output(ctx);
    const fs = filter.tensor.shape;
    if (fs.length !== 4 || fs[0] !== 1) fail(ctx, `${describeTensor('filter', filter)} must be [1, kH, kW, outC], got ${shapeString(fs)}`);
    if (fs.some((d) => d <= 0)) fail(ctx, `${describeTensor('filter', filter)} has an empty dimension ${shapeString(fs)}`);
    checkStridesAndDilations(ctx, options);
    assertClampActivation(options.fusedActivation, ctx.opName, ctx.nodeIndex);
    if (bias) checkFloatBias(ctx, bias, fs[3], `filter has ${fs[3]} output channels`);
    const { min: lo, max: hi } = activationRange(options.fusedActivation);
    const state: DepthwiseState = {
      opName: ctx.opName, nodeIndex: ctx.nodeIndex, options, lo, hi, filterShape: fs.slice(),
      operands: weightOperands(filter, bias),
      acc: new Float32Array(fs[3]),
      tapsMultiplier1: tapOrder(fs[1], fs[2], ctx.numerics === 'xnnpack' && usesDepthwiseMicrokernel(fs[1], fs[2])),
      tapsMultiplierN: tapOrder(fs[1], fs[2], false),
    };
    if (knownShape(input)) geometry(state, input.tensor.shape);
    return state;
  },

  eval(s, io) {
    if ('hybrid' in s) return evalHybridDepthwiseConv2d(s, io);
    const input = io.input(0) as TensorValue;
    const g = geometry(s, input.shape);
    const out = io.output(0, [g.batch, g.outH, g.outW, g.outC]);
    const { weights: filter, bias } = float32Operands(s.operands, io);
    const taps = g.multiplier === 1 ? s.tapsMultiplier1 : s.tapsMultiplierN;
    const rt = simdRuntime();
    if (rt !== null && g.multiplier === 1 && g.inC % LANES === 0) {
      depthwiseSimd(rt, g, input.data as Float32Array, filter, bias, taps, out.data as Float32Array, s.lo, s.hi);
      return;
    }
    depthwiseFloat(g, input.data as Float32Array, filter, bias, taps, out.data as Float32Array, s.lo, s.hi, s.acc);
  },
};

function geometry(s: DepthwiseState, shape: readonly number[]): DepthwiseGeometry {
  checkNhwcInput(s, shape);
  const [batch, inH, inW, inC] = shape;
  const [, kH, kW, outC] = s.filterShape;
  if (inC <= 0 || outC % inC !== 0) fail(s, `filter output channels ${outC} are not a multiple of the input channels ${inC}`);
  const o = s.options;
  const win = window2d(s, shape, kH, kW, o, () => `filter ${shapeString(s.filterShape)}`);
  return {
    batch, inH, inW, inC, kH, kW, outC, multiplier: outC / inC, strideH: o.strideH, strideW: o.strideW,
    dilationH: o.dilationH, dilationW: o.dilationW, outH: win.outH, outW: win.outW, padTop: win.padTop, padLeft: win.padLeft,
  };
}

const fround = Math.fround;

/** The float depthwise convolution, taps summed in the order `taps` (acc: scratch of ≥ outC). */
export function depthwiseFloat(
  g: DepthwiseGeometry, x: Float32Array, f: Float32Array, bias: Float32Array | null, taps: Int32Array, y: Float32Array,
  lo: number, hi: number, acc: Float32Array,
): void {
  const { batch, inH, inW, inC, kW, outC, multiplier: M, outH, outW } = g;
  let o = 0;
  for (let b = 0; b < batch; b++) {
    const base = b * inH * inW * inC;
    for (let oy = 0; oy < outH; oy++) {
      const iy0 = oy * g.strideH - g.padTop;
      for (let ox = 0; ox < outW; ox++) {
        const ix0 = ox * g.strideW - g.padLeft;
        if (bias) acc.set(bias.subarray(0, outC));
        else acc.fill(0, 0, outC);
        for (const t of taps) {
          const ky = Math.floor(t / kW), kx = t % kW;
          const iy = iy0 + ky * g.dilationH;
          const ix = ix0 + kx * g.dilationW;
          const inside = iy >= 0 && iy < inH && ix >= 0 && ix < inW;
          const p = base + (iy * inW + ix) * inC;
          const fp = t * outC;
          for (let c = 0; c < inC; c++) {
            const v = inside ? x[p + c] : 0;
            const q = c * M;
            for (let m = 0; m < M; m++) acc[q + m] = fround(acc[q + m] + fround(v * f[fp + q + m]));
          }
        }
        for (let c = 0; c < outC; c++) {
          const v = acc[c];
          y[o++] = v < lo ? lo : v > hi ? hi : v;
        }
      }
    }
  }
}
