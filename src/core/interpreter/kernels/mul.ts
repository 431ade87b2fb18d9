// MUL (tflite/kernels/mul.cc), float32 and int32: output = activation(input0 × input1), with
// NumPy broadcasting up to any rank (TFLite allows 6D). Quantized (full-integer) MUL is refused.
// The loops live in util/binary_arith.ts, shared with the other two arithmetic ops.

import { makeBinaryArithKernel } from '../util/binary_arith';

export const mul = makeBinaryArithKernel('mul', 'MulOptions');
