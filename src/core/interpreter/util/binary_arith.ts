// The element loops of ADD, SUB and MUL over a BroadcastPlan (see broadcast.ts), float32 and int32.
//
// float32: each result is computed in a JS double and rounded once when stored into the
// Float32Array. For +, − and × of two float32 values that single rounding gives exactly the
// float32 result C++ computes (a double holds the exact sum/product well enough: 53 ≥ 2·24 + 2).
// int32: wraps on overflow like the two's-complement arithmetic TFLite's int32 kernels compile to.
// The fused activation is a clamp [min, max] applied to the stored (rounded) value, as TFLite's
// ActivationFunctionWithMinMax does; NaN passes through.

import { KernelError, type Kernel, type TensorValue } from '../kernel';
import { activationRange, assertClampActivation } from './activation';
import { BroadcastCache, type BroadcastPlan } from './broadcast';
import { checkArity, checkDType, describeTensor, fail, optionsOf, requiredInput } from './checks';

export type ArithOp = 'add' | 'sub' | 'mul';

export function binaryArithFloat32(
  op: ArithOp, plan: BroadcastPlan, a: Float32Array, b: Float32Array, out: Float32Array,
  min: number, max: number,
): void {
  const { rows, inner, aStep, bStep, aRow, bRow } = plan;
  for (let r = 0; r < rows; r++) {
    const o = r * inner;
    const ao = aRow[r];
    const bo = bRow[r];
    if (op === 'add') {
      if (aStep === 1 && bStep === 1) for (let i = 0; i < inner; i++) out[o + i] = a[ao + i] + b[bo + i];
      else if (aStep === 1) { const bv = b[bo]; for (let i = 0; i < inner; i++) out[o + i] = a[ao + i] + bv; }
      else if (bStep === 1) { const av = a[ao]; for (let i = 0; i < inner; i++) out[o + i] = av + b[bo + i]; }
      else out.fill(a[ao] + b[bo], o, o + inner);
    } else if (op === 'sub') {
      if (aStep === 1 && bStep === 1) for (let i = 0; i < inner; i++) out[o + i] = a[ao + i] - b[bo + i];
      else if (aStep === 1) { const bv = b[bo]; for (let i = 0; i < inner; i++) out[o + i] = a[ao + i] - bv; }
      else if (bStep === 1) { const av = a[ao]; for (let i = 0; i < inner; i++) out[o + i] = av - b[bo + i]; }
      else out.fill(a[ao] - b[bo], o, o + inner);
    } else {
      if (aStep === 1 && bStep === 1) for (let i = 0; i < inner; i++) out[o + i] = a[ao + i] * b[bo + i];
      else if (aStep === 1) { const bv = b[bo]; for (let i = 0; i < inner; i++) out[o + i] = a[ao + i] * bv; }
      else if (bStep === 1) { const av = a[ao]; for (let i = 0; i < inner; i++) out[o + i] = av * b[bo + i]; }
      else out.fill(a[ao] * b[bo], o, o + inner);
    }
  }
  clampRange(out, plan.outSize, min, max);
}

export function binaryArithInt32(
  op: ArithOp, plan: BroadcastPlan, a: Int32Array, b: Int32Array, out: Int32Array,
  min: number, max: number,
): void {
  const { rows, inner, aStep, bStep, aRow, bRow } = plan;
  for (let r = 0; r < rows; r++) {
    const o = r * inner;
    let ai = aRow[r];
    let bi = bRow[r];
    if (op === 'add') {
      for (let i = 0; i < inner; i++, ai += aStep, bi += bStep) out[o + i] = (a[ai] + b[bi]) | 0;
    } else if (op === 'sub') {
      for (let i = 0; i < inner; i++, ai += aStep, bi += bStep) out[o + i] = (a[ai] - b[bi]) | 0;
    } else {
      for (let i = 0; i < inner; i++, ai += aStep, bi += bStep) out[o + i] = Math.imul(a[ai], b[bi]);
    }
  }
  clampRange(out, plan.outSize, min, max);
}

function clampRange(out: Float32Array | Int32Array, n: number, min: number, max: number): void {
  if (min === -Infinity && max === Infinity) return;
  for (let i = 0; i < n; i++) {
    const v = out[i];
    if (v < min) out[i] = min;
    else if (v > max) out[i] = max;
  }
}

// ---- the kernel shared by ADD, SUB and MUL (each op file is one line that names its options) ----

export interface BinaryArithState {
  opName: string;
  nodeIndex: number;
  op: ArithOp;
  dtype: 'float32' | 'int32';
  min: number;
  max: number;
  cache: BroadcastCache;
}

type ArithOptionsType = 'AddOptions' | 'SubOptions' | 'MulOptions';

export function makeBinaryArithKernel(op: ArithOp, optionsType: ArithOptionsType): Kernel<BinaryArithState> {
  return {
    prepare(ctx) {
      checkArity(ctx, 2, 2, 1);
      const a = requiredInput(ctx, 0);
      const b = requiredInput(ctx, 1);
      const out = ctx.outputs[0];
      if (a.tensor.quantization !== null && a.tensor.dtype !== 'float32' && a.tensor.dtype !== 'int32') {
        fail(ctx, `${describeTensor('input 0', a)} is quantized ${a.tensor.dtype}: full-integer ${ctx.opName} is not supported`);
      }
      checkDType(ctx, a, 'input 0', ['float32', 'int32']);
      for (const [role, t] of [['input 1', b], ['output', out]] as const) {
        if (t.tensor.dtype !== a.tensor.dtype) {
          fail(ctx, `${describeTensor(role, t)} has type ${t.tensor.dtype}, input 0 has ${a.tensor.dtype}`);
        }
      }
      const act = optionsOf(ctx, optionsType)?.fusedActivation ?? 'NONE';
      assertClampActivation(act, ctx.opName, ctx.nodeIndex);
      const { min, max } = activationRange(act);
      return {
        opName: ctx.opName, nodeIndex: ctx.nodeIndex, op, dtype: a.tensor.dtype as 'float32' | 'int32',
        min, max, cache: new BroadcastCache(),
      };
    },

    eval(s, io) {
      const a = io.input(0) as TensorValue;
      const b = io.input(1) as TensorValue;
      const plan = s.cache.get(a.shape, b.shape);
      if (plan === null) {
        throw new KernelError(s.opName, s.nodeIndex, `shapes [${a.shape}] and [${b.shape}] do not broadcast`);
      }
      if (plan.outShape.length > 6 && a.shape.join(',') !== b.shape.join(',')) {
        // TFLite's broadcasting kernels stop at 6D (reference_ops BroadcastAdd6DSlow).
        throw new KernelError(s.opName, s.nodeIndex, `broadcasting [${a.shape}] with [${b.shape}] needs more than 6 dimensions`);
      }
      const out = io.output(0, plan.outShape);
      if (s.dtype === 'float32') {
        binaryArithFloat32(s.op, plan, a.data as Float32Array, b.data as Float32Array, out.data as Float32Array, s.min, s.max);
      } else {
        binaryArithInt32(s.op, plan, a.data as Int32Array, b.data as Int32Array, out.data as Int32Array, s.min, s.max);
      }
    },
  };
}
