// Checks and geometry shared by the kernels that slide a 2-D window over an NHWC input: CONV_2D and
// DEPTHWISE_CONV_2D (float and hybrid), MAX_POOL_2D and AVERAGE_POOL_2D. At prepare: positive
// strides and dilations. At eval (and at prepare when the input shape is known): a 4-D
// [batch, H, W, C] input, and per spatial dimension the output size and the top/left padding
// (util/padding.ts), refusing a window larger than a VALID-padded input.

import type { Padding } from '../../tflite/options';
import type { PrepareContext } from '../kernel';
import { fail, shapeString, type NodeRef } from './checks';
import { computeWindow } from './padding';

/** The options fields that place a window (Conv2D/DepthwiseConv2D/Pool2D options all fit).
 *  Pools have no dilation: absent means 1. */
export interface WindowSpec {
  padding: Padding;
  strideH: number;
  strideW: number;
  dilationH?: number;
  dilationW?: number;
}

/** Output size and padding before the first row/column, in H and W. */
export interface Window2D {
  outH: number;
  outW: number;
  padTop: number;
  padLeft: number;
}

export function checkStridesAndDilations(ctx: PrepareContext, o: WindowSpec): void {
  if (o.strideH <= 0 || o.strideW <= 0) fail(ctx, `strides must be positive (got ${o.strideH}×${o.strideW})`);
  const dh = o.dilationH ?? 1;
  const dw = o.dilationW ?? 1;
  if (dh <= 0 || dw <= 0) fail(ctx, `dilations must be positive (got ${dh}×${dw})`);
}

export function checkNhwcInput(at: NodeRef, shape: readonly number[]): void {
  if (shape.length !== 4) fail(at, `input must be 4-D [batch, H, W, C], got ${shapeString(shape)}`);
}

/**
 * The geometry of a kH×kW window over input `shape` [batch, H, W, C]. A window that does not fit
 * is refused as "<windowName()> does not fit the input …" (the name is built only then: this runs
 * on every eval).
 */
export function window2d(
  at: NodeRef, shape: readonly number[], kH: number, kW: number, o: WindowSpec, windowName: () => string,
): Window2D {
  const h = computeWindow(o.padding, shape[1], kH, o.strideH, o.dilationH ?? 1);
  const w = computeWindow(o.padding, shape[2], kW, o.strideW, o.dilationW ?? 1);
  if (h.out < 0 || w.out < 0) fail(at, `${windowName()} does not fit the input ${shapeString(shape)} (VALID padding)`);
  return { outH: h.out, outW: w.out, padTop: h.before, padLeft: w.before };
}
