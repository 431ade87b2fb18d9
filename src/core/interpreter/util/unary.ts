// prepare() shared by the float32 element-wise activations (RELU, RELU6, TANH, LOGISTIC): one
// input, one output of the same type and shape. Quantized (int8/uint8/int16) versions of these ops
// belong to full-integer models, which this interpreter does not run: they are refused by name.

import type { PrepareContext } from '../kernel';
import { checkArity, describeTensor, fail, requiredInput } from './checks';

export interface UnaryState {
  opName: string;
  nodeIndex: number;
}

export function prepareFloatUnary(ctx: PrepareContext): UnaryState {
  checkArity(ctx, 1, 1, 1);
  const input = requiredInput(ctx, 0);
  const out = ctx.outputs[0];
  if (input.tensor.dtype !== 'float32') {
    fail(ctx, `${describeTensor('input 0', input)} has type ${input.tensor.dtype}; only float32 ${ctx.opName} is supported`);
  }
  if (out.tensor.dtype !== 'float32') {
    fail(ctx, `${describeTensor('output', out)} has type ${out.tensor.dtype}, expected float32`);
  }
  return { opName: ctx.opName, nodeIndex: ctx.nodeIndex };
}
