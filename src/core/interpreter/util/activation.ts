// Fused activations, as TFLite applies them to float outputs.
//
// TFLite's CalculateActivationRange (tflite/kernels/kernel_util.h) turns RELU / RELU6 /
// RELU_N1_TO_1 into a [min, max] clamp and every other value into (-inf, +inf). Float kernels then
// compute min(max(x, lo), hi) per element. TANH and SIGN_BIT are not clamps: kernels that do not
// implement them must refuse them in prepare (assertClampActivation) instead of silently ignoring.

import type { Activation } from '../../tflite/options';
import { KernelError } from '../kernel';

export interface ActivationRange {
  min: number;
  max: number;
}

export function activationRange(act: Activation): ActivationRange {
  switch (act) {
    case 'RELU': return { min: 0, max: Infinity };
    case 'RELU6': return { min: 0, max: 6 };
    case 'RELU_N1_TO_1': return { min: -1, max: 1 };
    default: return { min: -Infinity, max: Infinity };
  }
}

/** Throws a KernelError for fused activations that are not a clamp (TANH, SIGN_BIT). */
export function assertClampActivation(act: Activation, opName: string, nodeIndex: number): void {
  if (act === 'TANH' || act === 'SIGN_BIT') {
    throw new KernelError(opName, nodeIndex, `fused activation ${act} is not supported for float32 ${opName}`);
  }
}

/** Clamps data[from, to) to [min, max] in place. A no-op range (±inf) returns immediately. */
export function clampInPlace(data: Float32Array, min: number, max: number, from = 0, to = data.length): void {
  if (min === -Infinity && max === Infinity) return;
  for (let i = from; i < to; i++) {
    const v = data[i];
    data[i] = v < min ? min : v > max ? max : v;
  }
}
