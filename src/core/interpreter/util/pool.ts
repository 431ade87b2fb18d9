// Shared prepare-time checks and geometry of MAX_POOL_2D and AVERAGE_POOL_2D
// (tflite/kernels/pooling.cc): input [batch, H, W, C] float32, window filterH×filterW moved by
// strideH×strideW, SAME/VALID padding as util/padding.ts (dilation 1), output [batch, outH, outW, C].

import type { Pool2DOptions } from '../../tflite/options';
import { KernelError, type PrepareContext } from '../kernel';
import { activationRange, assertClampActivation } from './activation';
import { checkArity, checkDType, fail, knownShape, requiredInput, requiredOptions, shapeString } from './checks';
import { computeWindow } from './padding';

export interface PoolState {
  opName: string;
  nodeIndex: number;
  options: Pool2DOptions;
  lo: number;
  hi: number;
}

export interface PoolGeometry {
  batch: number; inH: number; inW: number; channels: number;
  outH: number; outW: number; padTop: number; padLeft: number;
}

export function preparePool(ctx: PrepareContext): PoolState {
  checkArity(ctx, 1, 1, 1);
  const options = requiredOptions(ctx, 'Pool2DOptions');
  const input = requiredInput(ctx, 0, 'input');
  checkDType(ctx, input, 'input', ['float32']);
  if (ctx.outputs[0].tensor.dtype !== 'float32') fail(ctx, `output type ${ctx.outputs[0].tensor.dtype} must be float32`);
  if (options.strideH <= 0 || options.strideW <= 0) fail(ctx, `strides must be positive (got ${options.strideH}×${options.strideW})`);
  if (options.filterHeight <= 0 || options.filterWidth <= 0) {
    fail(ctx, `filter size must be positive (got ${options.filterHeight}×${options.filterWidth})`);
  }
  assertClampActivation(options.fusedActivation, ctx.opName, ctx.nodeIndex);
  const { min: lo, max: hi } = activationRange(options.fusedActivation);
  const state = { opName: ctx.opName, nodeIndex: ctx.nodeIndex, options, lo, hi };
  if (knownShape(input)) poolGeometry(state, input.tensor.shape);
  return state;
}

export function poolGeometry(s: PoolState, shape: readonly number[]): PoolGeometry {
  if (shape.length !== 4) throw new KernelError(s.opName, s.nodeIndex, `input must be 4-D [batch, H, W, C], got ${shapeString(shape)}`);
  const o = s.options;
  const [batch, inH, inW, channels] = shape;
  const h = computeWindow(o.padding, inH, o.filterHeight, o.strideH, 1);
  const w = computeWindow(o.padding, inW, o.filterWidth, o.strideW, 1);
  if (h.out < 0 || w.out < 0) {
    throw new KernelError(s.opName, s.nodeIndex, `a ${o.filterHeight}×${o.filterWidth} window does not fit the input ${shapeString(shape)} (VALID padding)`);
  }
  return { batch, inH, inW, channels, outH: h.out, outW: w.out, padTop: h.before, padLeft: w.before };
}
