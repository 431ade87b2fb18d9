// Shared prepare-time checks and geometry of MAX_POOL_2D and AVERAGE_POOL_2D
// (tflite/kernels/pooling.cc): input [batch, H, W, C] float32, window filterH×filterW moved by
// strideH×strideW, SAME/VALID padding as util/padding.ts (dilation 1), output [batch, outH, outW, C].

import type { Pool2DOptions } from '../../tflite/options';
import type { PrepareContext } from '../kernel';
import { activationRange, assertClampActivation } from './activation';
import { checkArity, checkDType, checkFloat32Output, fail, knownShape, requiredInput, requiredOptions } from './checks';
import { checkNhwcInput, checkStridesAndDilations, window2d } from './window2d';

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
  checkFloat32Output(ctx);
  checkStridesAndDilations(ctx, options);
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
  checkNhwcInput(s, shape);
  const o = s.options;
  const [batch, inH, inW, channels] = shape;
  const win = window2d(s, shape, o.filterHeight, o.filterWidth, o, () => `a ${o.filterHeight}×${o.filterWidth} window`);
  return { batch, inH, inW, channels, outH: win.outH, outW: win.outW, padTop: win.padTop, padLeft: win.padLeft };
}
