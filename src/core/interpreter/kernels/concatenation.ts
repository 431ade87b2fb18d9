// CONCATENATION (tflite/kernels/concatenation.cc): joins N ≥ 1 tensors along `axis` (negative
// counts from the end). All inputs have the same rank, type and dims except along the axis; the
// output's axis dim is their sum. Scalars (rank 0) concatenate along axis 0 into a [N] vector, as
// TFLite does for constant scalars.
//
// Fused activation: only NONE. TFLite's Prepare refuses any other value (TF_LITE_ENSURE_EQ on
// kTfLiteActNone; the official runtime's golden case fused_relu_refused confirms it), so no file
// the official runtime accepts carries one, and we refuse it too rather than compute a result the
// official runtime never would.
// Quantized inputs must share the output's scale and zero point (TFLite's int8 rule; we do not
// rescale, which only uint8 full-integer models would need).

import { KernelError, type Kernel, type TensorValue, type TypedArray } from '../kernel';
import { checkArity, describeTensor, fail, optionsOf, requiredInput } from '../util/checks';

interface ConcatState {
  opName: string;
  nodeIndex: number;
  axis: number;
  count: number;
}

/** Copies each input's `outer` blocks of (axis dim × inner) elements into place in `out`. */
export function concatImpl(inputs: readonly TypedArray[], axisDims: readonly number[], outer: number, inner: number, out: TypedArray): void {
  let total = 0;
  for (const d of axisDims) total += d;
  const outBlock = total * inner;
  let offset = 0;
  const dst = out as Float32Array;
  for (let k = 0; k < inputs.length; k++) {
    const src = inputs[k] as Float32Array;
    const block = axisDims[k] * inner;
    if (block === 0) continue;
    for (let o = 0; o < outer; o++) dst.set(src.subarray(o * block, (o + 1) * block), o * outBlock + offset);
    offset += block;
  }
}

function sameQuantization(a: TensorValue['quantization'], b: TensorValue['quantization']): boolean {
  if (a === null || b === null) return a === b;
  return a.scale.join() === b.scale.join() && a.zeroPoint.join() === b.zeroPoint.join();
}

export const concatenation: Kernel<ConcatState> = {
  prepare(ctx) {
    checkArity(ctx, 1, Infinity, 1);
    const first = requiredInput(ctx, 0);
    const out = ctx.outputs[0];
    const dtype = first.tensor.dtype;
    if (dtype === 'string') fail(ctx, 'string tensors are not supported');
    for (let i = 0; i < ctx.inputs.length; i++) {
      const t = requiredInput(ctx, i);
      if (t.tensor.dtype !== dtype) fail(ctx, `${describeTensor(`input ${i}`, t)} has type ${t.tensor.dtype}, input 0 has ${dtype}`);
      if (dtype !== 'float32' && !sameQuantization(t.tensor.quantization, out.tensor.quantization)) {
        fail(ctx, `${describeTensor(`input ${i}`, t)} is quantized differently from the output (rescaling is not supported)`);
      }
    }
    if (out.tensor.dtype !== dtype) fail(ctx, `${describeTensor('output', out)} has type ${out.tensor.dtype}, inputs have ${dtype}`);
    const opts = optionsOf(ctx, 'ConcatenationOptions');
    const act = opts?.fusedActivation ?? 'NONE';
    if (act !== 'NONE') fail(ctx, `fused activation ${act} is not supported: TFLite's CONCATENATION accepts only NONE`);
    return { opName: ctx.opName, nodeIndex: ctx.nodeIndex, axis: opts?.axis ?? 0, count: ctx.inputs.length };
  },

  eval(s, io) {
    const n = s.count;
    const first = io.input(0) as TensorValue;
    const rank = first.shape.length;
    const error = (detail: string): never => { throw new KernelError(s.opName, s.nodeIndex, detail); };
    const axis = s.axis < 0 ? s.axis + rank : s.axis;
    if (rank === 0) {
      if (axis !== 0) error(`axis ${s.axis} is out of range for scalar inputs`);
    } else if (axis < 0 || axis >= rank) {
      error(`axis ${s.axis} is out of range for rank-${rank} inputs`);
    }
    const shape0 = rank === 0 ? [1] : first.shape;
    const datas: TypedArray[] = [];
    const axisDims: number[] = [];
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const t = io.input(k) as TensorValue;
      const shape = rank === 0 ? (t.shape.length === 0 ? [1] : t.shape) : t.shape;
      if (t.shape.length !== rank) error(`input ${k} has shape [${t.shape}], input 0 has [${first.shape}] (ranks differ)`);
      for (let d = 0; d < shape0.length; d++) {
        if (d !== axis && shape[d] !== shape0[d]) {
          error(`input ${k} has shape [${t.shape}], input 0 has [${first.shape}]: dimension ${d} differs`);
        }
      }
      datas.push(t.data);
      axisDims.push(shape[axis]);
      sum += shape[axis];
    }
    const outShape = shape0.slice();
    outShape[axis] = sum;
    let outer = 1;
    for (let d = 0; d < axis; d++) outer *= shape0[d];
    let inner = 1;
    for (let d = axis + 1; d < shape0.length; d++) inner *= shape0[d];
    const out = io.output(0, outShape);
    concatImpl(datas, axisDims, outer, inner, out.data);
  },
};

