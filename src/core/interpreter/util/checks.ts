// Shared checks, mostly at prepare(): each throws a KernelError naming the op, the node and the tensor.

import type { DType } from '../../tflite/ir';
import type { BuiltinOptions, OptionsOf } from '../../tflite/options';
import { KernelError, type NodeTensor, type PrepareContext } from '../kernel';

/** What a message names: the op and node (a PrepareContext, or a kernel state that kept them for eval). */
export type NodeRef = Pick<PrepareContext, 'opName' | 'nodeIndex'>;

export function fail(at: NodeRef, detail: string): never {
  throw new KernelError(at.opName, at.nodeIndex, detail);
}

/** Describes a tensor for messages: "input 1 (tensor 5 'conv/filter')". */
export function describeTensor(role: string, t: NodeTensor): string {
  return `${role} (tensor ${t.index} '${t.tensor.name}')`;
}

export function checkArity(ctx: PrepareContext, minInputs: number, maxInputs: number, outputs: number): void {
  const n = ctx.inputs.length;
  if (n < minInputs || n > maxInputs) {
    const want = minInputs === maxInputs ? `${minInputs}` : `${minInputs}..${maxInputs}`;
    fail(ctx, `expects ${want} inputs, got ${n}`);
  }
  if (ctx.outputs.length !== outputs) fail(ctx, `expects ${outputs} output(s), got ${ctx.outputs.length}`);
}

/** Input i, which must be present (not an omitted optional -1). */
export function requiredInput(ctx: PrepareContext, i: number, role = `input ${i}`): NodeTensor {
  const t = ctx.inputs[i];
  if (t === null || t === undefined) fail(ctx, `${role} is required but omitted`);
  return t;
}

export function checkDType(ctx: PrepareContext, t: NodeTensor, role: string, allowed: readonly DType[]): void {
  if (!allowed.includes(t.tensor.dtype)) {
    fail(ctx, `${describeTensor(role, t)} has type ${t.tensor.dtype}; supported: ${allowed.join(', ')}`);
  }
}

/** For kernels that compute in float only: output 0 must be float32. */
export function checkFloat32Output(ctx: PrepareContext): void {
  const dtype = ctx.outputs[0].tensor.dtype;
  if (dtype !== 'float32') fail(ctx, `output type ${dtype} must be float32`);
}

/** A float32 bias with `count` elements, one per output channel or unit; `expected` ends the
 *  message (e.g. "filter has 8 output channels"). */
export function checkFloatBias(ctx: PrepareContext, bias: NodeTensor, count: number, expected: string): void {
  checkDType(ctx, bias, 'bias', ['float32']);
  const n = bias.tensor.shape.reduce((a, b) => a * b, 1);
  if (n !== count) fail(ctx, `${describeTensor('bias', bias)} has ${n} elements, ${expected}`);
}

/** The operator's options, checked to be of the expected union member (or null when absent). */
export function optionsOf<T extends BuiltinOptions['type']>(ctx: PrepareContext, type: T): OptionsOf<T> | null {
  const o = ctx.options;
  if (o === null) return null;
  if (o.type !== type) fail(ctx, `has options of type ${o.type}, expected ${type}`);
  return o as OptionsOf<T>;
}

/** Like optionsOf, but the options table is mandatory. */
export function requiredOptions<T extends BuiltinOptions['type']>(ctx: PrepareContext, type: T): OptionsOf<T> {
  const o = optionsOf(ctx, type);
  if (o === null) fail(ctx, `is missing its ${type}`);
  return o;
}

export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Whether the file states the tensor's static shape. Converters often leave has_rank false even
 *  for fully shaped tensors, so a non-empty shape counts as known too. */
export function knownShape(t: NodeTensor): boolean {
  return t.tensor.hasRank || t.tensor.shape.length > 0;
}
