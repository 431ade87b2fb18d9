// PACK (tflite/kernels/pack.cc): stacks N tensors of the same shape and type along a new axis.
// axis may be negative (counted from the end of the output, i.e. axis + rank + 1). Output shape:
// the input shape with N inserted at axis. Used by converters to build run-time shapes
// (e.g. PACK [batch, 28, 28, 1] for a dynamic-batch RESHAPE), hence int32 as well as float32.

import type { Kernel, TensorValue, TypedArray } from '../kernel';
import { KernelError } from '../kernel';
import { describeTensor, fail, requiredOptions, shapeString } from '../util/checks';

interface PackState {
  opName: string;
  nodeIndex: number;
  axis: number;
  count: number;
}

const PACKABLE = ['float32', 'int32', 'int64', 'int8', 'uint8', 'int16', 'uint32', 'bool'];

export const pack: Kernel<PackState> = {
  prepare(ctx) {
    const o = requiredOptions(ctx, 'PackOptions');
    const n = ctx.inputs.length;
    if (n < 1) fail(ctx, 'needs at least one input');
    if (o.valuesCount !== n) fail(ctx, `values_count is ${o.valuesCount} but the operator has ${n} inputs`);
    if (ctx.outputs.length !== 1) fail(ctx, `expects 1 output, got ${ctx.outputs.length}`);
    const first = ctx.inputs[0];
    if (first === null) fail(ctx, 'input 0 is omitted');
    const dtype = first.tensor.dtype;
    if (!PACKABLE.includes(dtype)) fail(ctx, `${describeTensor('input 0', first)} type ${dtype} is not supported`);
    for (let i = 1; i < n; i++) {
      const t = ctx.inputs[i];
      if (t === null) fail(ctx, `input ${i} is omitted`);
      if (t.tensor.dtype !== dtype) fail(ctx, `${describeTensor(`input ${i}`, t)} is ${t.tensor.dtype}, input 0 is ${dtype}`);
    }
    if (ctx.outputs[0].tensor.dtype !== dtype) fail(ctx, `output type ${ctx.outputs[0].tensor.dtype} differs from input type ${dtype}`);
    const rank = first.tensor.shape.length;
    const axis = o.axis < 0 ? o.axis + rank + 1 : o.axis;
    if (axis < 0 || axis > rank) fail(ctx, `axis ${o.axis} is out of range for rank-${rank} inputs`);
    return { opName: ctx.opName, nodeIndex: ctx.nodeIndex, axis, count: n };
  },

  eval(s, io) {
    const first = io.input(0) as TensorValue;
    const shape = first.shape;
    if (s.axis > shape.length) throw new KernelError(s.opName, s.nodeIndex, `axis ${s.axis} is out of range for input ${shapeString(shape)}`);
    const inputs: TypedArray[] = [];
    for (let i = 0; i < s.count; i++) {
      const v = io.input(i) as TensorValue;
      if (v.shape.length !== shape.length || v.shape.some((d, k) => d !== shape[k])) {
        throw new KernelError(s.opName, s.nodeIndex, `input ${i} has shape ${shapeString(v.shape)}, input 0 has ${shapeString(shape)}`);
      }
      inputs.push(v.data);
    }
    const outShape = [...shape.slice(0, s.axis), s.count, ...shape.slice(s.axis)];
    const out = io.output(0, outShape);
    let outer = 1;
    for (let d = 0; d < s.axis; d++) outer *= shape[d];
    const inner = first.data.length / Math.max(1, outer);
    const dst = out.data as Float32Array;
    let o = 0;
    for (let b = 0; b < outer; b++) {
      for (let i = 0; i < s.count; i++) {
        const src = inputs[i] as Float32Array;
        const start = b * inner;
        for (let k = 0; k < inner; k++) dst[o++] = src[start + k];
      }
    }
  },
};
