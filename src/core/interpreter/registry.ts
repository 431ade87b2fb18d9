// Op name → kernel, one line per op (import + entry), sorted by op name so that engineers adding
// ops in parallel touch different lines.
//
// maxVersion is the highest OperatorCode.version the kernel accepts. We use the maximum that the
// official runtime's BuiltinOpResolver registers (tflite/core/kernels/register.cc), because a
// version number encodes a whole feature set (int8, int16, hybrid, per-channel...): the kernel's
// prepare() checks the actual dtypes and options and refuses, by name, whatever it cannot run.
// A version above maxVersion is one the official runtime would refuse too.

import type { Kernel } from './kernel';

export interface KernelEntry {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kernel has its own state type
  kernel: Kernel<any>;
  maxVersion: number;
}

// ---- imports: one per op, sorted ----
import { add } from './kernels/add';
import { averagePool2d } from './kernels/average_pool_2d';
import { batchMatMul } from './kernels/batch_matmul';
import { cast } from './kernels/cast';
import { concatenation } from './kernels/concatenation';
import { conv2d } from './kernels/conv_2d';
import { depthwiseConv2d } from './kernels/depthwise_conv_2d';
import { dequantize } from './kernels/dequantize';
import { expandDims } from './kernels/expand_dims';
import { fullyConnected } from './kernels/fully_connected';
import { gather } from './kernels/gather';
import { logistic } from './kernels/logistic';
import { maxPool2d } from './kernels/max_pool_2d';
import { mean } from './kernels/mean';
import { mul } from './kernels/mul';
import { pack } from './kernels/pack';
import { pad } from './kernels/pad';
import { relu } from './kernels/relu';
import { relu6 } from './kernels/relu6';
import { reshape } from './kernels/reshape';
import { resizeBilinear } from './kernels/resize_bilinear';
import { shape } from './kernels/shape';
import { softmax } from './kernels/softmax';
import { stridedSlice } from './kernels/strided_slice';
import { sub } from './kernels/sub';
import { tanh } from './kernels/tanh';
import { unidirectionalSequenceLstm } from './kernels/unidirectional_sequence_lstm';

// ---- entries: one per op, sorted ----
export const KERNELS: Readonly<Record<string, KernelEntry>> = {
  ADD: { kernel: add, maxVersion: 5 },
  AVERAGE_POOL_2D: { kernel: averagePool2d, maxVersion: 3 },
  BATCH_MATMUL: { kernel: batchMatMul, maxVersion: 4 },
  CAST: { kernel: cast, maxVersion: 8 },
  CONCATENATION: { kernel: concatenation, maxVersion: 5 },
  CONV_2D: { kernel: conv2d, maxVersion: 8 },
  DEPTHWISE_CONV_2D: { kernel: depthwiseConv2d, maxVersion: 7 },
  DEQUANTIZE: { kernel: dequantize, maxVersion: 8 },
  EXPAND_DIMS: { kernel: expandDims, maxVersion: 1 },
  FULLY_CONNECTED: { kernel: fullyConnected, maxVersion: 13 },
  GATHER: { kernel: gather, maxVersion: 7 },
  LOGISTIC: { kernel: logistic, maxVersion: 3 },
  MAX_POOL_2D: { kernel: maxPool2d, maxVersion: 3 },
  MEAN: { kernel: mean, maxVersion: 3 },
  MUL: { kernel: mul, maxVersion: 7 },
  PACK: { kernel: pack, maxVersion: 4 },
  PAD: { kernel: pad, maxVersion: 5 },
  RELU: { kernel: relu, maxVersion: 3 },
  RELU6: { kernel: relu6, maxVersion: 3 },
  RESHAPE: { kernel: reshape, maxVersion: 1 },
  RESIZE_BILINEAR: { kernel: resizeBilinear, maxVersion: 4 },
  SHAPE: { kernel: shape, maxVersion: 1 },
  SOFTMAX: { kernel: softmax, maxVersion: 3 },
  STRIDED_SLICE: { kernel: stridedSlice, maxVersion: 8 },
  SUB: { kernel: sub, maxVersion: 5 },
  TANH: { kernel: tanh, maxVersion: 3 },
  UNIDIRECTIONAL_SEQUENCE_LSTM: { kernel: unidirectionalSequenceLstm, maxVersion: 4 },
};

export function findKernel(opName: string): KernelEntry | undefined {
  return Object.prototype.hasOwnProperty.call(KERNELS, opName) ? KERNELS[opName] : undefined;
}
