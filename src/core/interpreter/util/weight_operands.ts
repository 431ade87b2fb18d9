// The weights (input 1) and optional bias (input 2) of the float CONV_2D, DEPTHWISE_CONV_2D and
// FULLY_CONNECTED kernels, float32 as stored. Constant tensors are taken once at prepare; tensors
// computed at run time are read on every eval.

import type { EvalIO, NodeTensor, TensorValue } from '../kernel';

export interface WeightOperands {
  /** Constant weights / bias as given (float32), or null when computed at run time. */
  readonly weights32: Float32Array | null;
  readonly bias32: Float32Array | null;
  readonly hasBias: boolean;
}

export function weightOperands(weights: NodeTensor, bias: NodeTensor | null): WeightOperands {
  return {
    weights32: weights.constant ? (weights.constant.data as Float32Array) : null,
    bias32: bias?.constant ? (bias.constant.data as Float32Array) : null,
    hasBias: bias !== null,
  };
}

/** Whether weights and bias (if any) are constants: anything derived from them can be cached. */
export function constantOperands(o: WeightOperands): boolean {
  return o.weights32 !== null && (!o.hasBias || o.bias32 !== null);
}

export function float32Operands(o: WeightOperands, io: EvalIO): { weights: Float32Array; bias: Float32Array | null } {
  return {
    weights: o.weights32 ?? ((io.input(1) as TensorValue).data as Float32Array),
    bias: o.hasBias ? (o.bias32 ?? ((io.input(2) as TensorValue).data as Float32Array)) : null,
  };
}
