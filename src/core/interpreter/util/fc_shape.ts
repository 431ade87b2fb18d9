// The output shape of FULLY_CONNECTED, float and hybrid alike (tflite/kernels/fully_connected.cc):
// the input, of any rank, is read as rows of inDepth values → [rows, units]; with keep_num_dims,
// the input shape with its last dimension (which must be inDepth) replaced by units.

import { fail, shapeString, type NodeRef } from './checks';

export interface FcShape extends NodeRef {
  keepNumDims: boolean;
  units: number;
  inDepth: number;
}

export function fcOutputShape(s: FcShape, inputShape: readonly number[]): number[] {
  const total = inputShape.reduce((a, b) => a * b, 1);
  if (s.keepNumDims) {
    if (inputShape.length === 0 || inputShape[inputShape.length - 1] !== s.inDepth) {
      fail(s, `with keep_num_dims the input's last dimension must be ${s.inDepth}; input is ${shapeString(inputShape)}`);
    }
    return [...inputShape.slice(0, -1), s.units];
  }
  if (s.inDepth === 0 ? total !== 0 : total % s.inDepth !== 0) {
    fail(s, `input ${shapeString(inputShape)} (${total} values) is not a whole number of rows of ${s.inDepth} (weights [${s.units}, ${s.inDepth}])`);
  }
  return [s.inDepth === 0 ? 0 : total / s.inDepth, s.units];
}
