// Model + policy → plan: for every constant tensor, what will be done to it and why, in words the
// UI shows as is ("int8 per-channel axis 0: FULLY_CONNECTED weight, 143,616 elements",
// "kept float: 108 elements < 1024", "kept float: bias"). Nothing is computed on weight values
// here; apply.ts does that. Models that cannot be quantized are refused with a QuantizeRefusal.

import { DTYPE_BYTES, elementCount, type DType, type Model, type Subgraph, type Tensor } from '../tflite/ir';
import { operatorName } from '../tflite/op_names';
import { sniffModel } from '../tflite/sniff';
import { effectiveRule, PRESETS, QUANTIZABLE_OPS, type OpRule, type QuantizableOp, type QuantPolicy } from './policy';

export type TensorAction = 'int8' | 'float16' | 'kept';

export interface Consumer {
  op: number;
  opName: string;
  /** Which input of the op this tensor is. */
  input: number;
}

export interface TensorPlan {
  subgraph: number;
  index: number;
  name: string;
  dtype: DType;
  shape: number[];
  elements: number;
  bytes: number;
  action: TensorAction;
  /** int8: per-channel axis, null = per-tensor. */
  axis: number | null;
  /** int8: one scale per channel (1 when per-tensor). */
  channels: number;
  /**
   * hybrid: consumers read the int8 tensor directly. dequantize: a DEQUANTIZE op is inserted and
   * consumers read its float32 output (weight-only int8 ops, and every float16 constant).
   */
  delivery: 'hybrid' | 'dequantize' | null;
  /** Consumer uses that switch to the new representation (the rest keep reading the tensor). */
  rewired: Consumer[];
  /** Options to set on consuming ops: asymmetric_quantize_inputs value, or null to leave alone. */
  asymmetricInputs: boolean | null;
  reason: string;
  consumers: Consumer[];
}

export interface QuantPlan {
  policy: QuantPolicy;
  /** One entry per constant tensor (tensor with buffer data), by subgraph then tensor index. */
  tensors: TensorPlan[];
}

export type RefusalCode = 'full-integer' | 'already-dynamic-range' | 'already-float16' | 'not-float' | 'nothing-to-quantize';

/** A model the quantizer will not touch; the message is written for the UI. */
export class QuantizeRefusal extends Error {
  constructor(readonly code: RefusalCode, message: string) {
    super(message);
    this.name = 'QuantizeRefusal';
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');
const RULE_OPS = new Set<string>(QUANTIZABLE_OPS);
/** Ops the converter quantizes but Quant Lab does not (reference §1). */
const UNSUPPORTED_CONVERTER_OPS = new Set([
  'BATCH_MATMUL', 'LSTM', 'UNIDIRECTIONAL_SEQUENCE_LSTM', 'BIDIRECTIONAL_SEQUENCE_LSTM', 'UNIDIRECTIONAL_SEQUENCE_RNN',
  'BIDIRECTIONAL_SEQUENCE_RNN', 'RNN', 'SVDF', 'TRANSPOSE_CONV', 'EMBEDDING_LOOKUP',
]);

function consumersOf(model: Model, sg: Subgraph): Map<number, Consumer[]> {
  const map = new Map<number, Consumer[]>();
  sg.operators.forEach((op, o) => {
    const name = operatorName(model, op.opcodeIndex);
    op.inputs.forEach((t, input) => {
      if (t < 0) return;
      let list = map.get(t);
      if (!list) map.set(t, (list = []));
      list.push({ op: o, opName: name, input });
    });
  });
  return map;
}

const isConstant = (model: Model, t: Tensor) => t.buffer > 0 && (model.buffers[t.buffer]?.length ?? 0) > 0;

/** Only float32 models are quantized; the kind comes from sniff.ts, as the uploader and inspect see it. */
function refuseNonFloatModels(model: Model, name: string): void {
  const { kind, reason } = sniffModel(model);
  switch (kind) {
    case 'float32':
      return;
    case 'full-integer':
      throw new QuantizeRefusal('full-integer',
        `${name} is a full-integer model (${reason}): it is already quantized end to end. It can be inspected, not quantized again.`);
    case 'dynamic-range':
      throw new QuantizeRefusal('already-dynamic-range',
        `${name} is already dynamic-range quantized (${reason}). Inspect it or compare it instead; quantizing it again would only add error.`);
    case 'float16':
      throw new QuantizeRefusal('already-float16', `${name} is already float16-quantized (${reason}). Inspect it or compare it instead.`);
    default:
      throw new QuantizeRefusal('not-float', `${name} is not a float32 model (${reason}); only float32 models can be quantized.`);
  }
}

function keep(base: Omit<TensorPlan, 'action' | 'axis' | 'channels' | 'delivery' | 'rewired' | 'asymmetricInputs' | 'reason'>, reason: string): TensorPlan {
  return { ...base, action: 'kept', axis: null, channels: 0, delivery: null, rewired: [], asymmetricInputs: null, reason };
}

/** Plans one constant tensor under an int8 policy. */
function planInt8(base: Parameters<typeof keep>[0], t: Tensor, uses: Consumer[], isOutput: boolean, policy: QuantPolicy): TensorPlan {
  if (t.dtype !== 'float32') {
    return keep(base, t.dtype === 'int8' && t.quantization ? 'already int8' : `kept ${t.dtype}: only float32 weights are quantized`);
  }
  if (uses.length === 0) return keep(base, 'kept float: not used by any op');
  if (t.isVariable) return keep(base, 'kept float: variable tensor');
  const candidates: { use: Consumer; rule: OpRule }[] = [];
  const others: Consumer[] = [];
  for (const use of uses) {
    const rule = RULE_OPS.has(use.opName) ? effectiveRule(policy, use.opName as QuantizableOp) : null;
    if (rule && rule.operand === use.input) candidates.push({ use, rule });
    else others.push(use);
  }
  if (candidates.length === 0) return keep(base, whyNotAWeight(uses, policy));
  if (others.length > 0 || isOutput) {
    const other = others[0];
    return keep(base, other
      ? `kept float: also read as input ${other.input} of ${other.opName} (op ${other.op}), which needs float32`
      : 'kept float: also a subgraph output');
  }
  const rule = candidates[0]!.rule;
  if (candidates.some((c) => c.rule.axis !== rule.axis || c.rule.kernel !== rule.kernel || c.rule.asymmetricInputs !== rule.asymmetricInputs)) {
    return keep(base, `kept float: its consumers (${candidates.map((c) => c.use.opName).join(', ')}) would quantize it differently`);
  }
  const what = `${candidates[0]!.use.opName} ${rule.operandName}`;
  if (base.elements < policy.minElements) return keep(base, `kept float: ${fmt(base.elements)} elements < ${fmt(policy.minElements)}`);
  if (rule.axis !== null && (t.shape.length <= rule.axis || t.shape[rule.axis]! <= 0)) {
    return keep(base, `kept float: ${what} of shape [${t.shape.join(', ')}] has no axis ${rule.axis}`);
  }
  const channels = rule.axis === null ? 1 : t.shape[rule.axis]!;
  const granularity = rule.axis === null ? 'per-tensor' : `per-channel axis ${rule.axis}`;
  const delivery = rule.kernel === 'hybrid' ? 'hybrid' : 'dequantize';
  const via = delivery === 'dequantize' ? ' + DEQUANTIZE' : '';
  return {
    ...base, action: 'int8', axis: rule.axis, channels, delivery, rewired: candidates.map((c) => c.use),
    asymmetricInputs: rule.asymmetricInputs,
    reason: `int8 ${granularity}${via}: ${what}, ${fmt(base.elements)} elements`,
  };
}

function whyNotAWeight(uses: Consumer[], policy: QuantPolicy): string {
  const preset = PRESETS[policy.preset];
  for (const u of uses) {
    const rule = RULE_OPS.has(u.opName) ? preset.rules[u.opName as QuantizableOp] : undefined;
    if ((u.opName === 'FULLY_CONNECTED' || u.opName === 'CONV_2D' || u.opName === 'DEPTHWISE_CONV_2D') && u.input === 2) return 'kept float: bias';
    if (rule && u.input === rule.operand) return `kept float: ${u.opName} is not selected for quantization`;
    if (RULE_OPS.has(u.opName) && !rule && u.input === (u.opName === 'GATHER' ? 0 : 1)) {
      return `kept float: preset ${preset.name} does not quantize ${u.opName} weights`;
    }
    if (UNSUPPORTED_CONVERTER_OPS.has(u.opName)) return `kept float: Quant Lab does not quantize ${u.opName} weights (the converter may)`;
  }
  return 'kept float: not a weight of a quantizable op';
}

function planFloat16(base: Parameters<typeof keep>[0], t: Tensor, uses: Consumer[], isOutput: boolean): TensorPlan {
  if (t.dtype !== 'float32') return keep(base, `kept ${t.dtype}: only float32 constants become float16`);
  if (uses.length === 0) return keep(base, 'kept float: not used by any op');
  if (t.isVariable) return keep(base, 'kept float: variable tensor');
  if (isOutput) return keep(base, 'kept float: also a subgraph output');
  const first = uses[0]!;
  const role = (first.opName === 'FULLY_CONNECTED' || first.opName === 'CONV_2D' || first.opName === 'DEPTHWISE_CONV_2D')
    ? (first.input === 2 ? 'bias' : first.input === 1 ? (first.opName === 'FULLY_CONNECTED' ? 'weight' : 'filter') : `input ${first.input}`)
    : `input ${first.input}`;
  return {
    ...base, action: 'float16', axis: null, channels: 0, delivery: 'dequantize', rewired: uses, asymmetricInputs: null,
    reason: `float16 + DEQUANTIZE: ${first.opName} ${role}, ${fmt(base.elements)} elements`,
  };
}

/**
 * Plans quantization. `name` (a file name) is used in refusal messages.
 * Throws QuantizeRefusal for full-integer or already-quantized models and when nothing qualifies.
 */
export function planQuantization(model: Model, policy: QuantPolicy, name = 'this model'): QuantPlan {
  refuseNonFloatModels(model, name);
  const tensors: TensorPlan[] = [];
  model.subgraphs.forEach((sg, s) => {
    const consumers = consumersOf(model, sg);
    const outputs = new Set(sg.outputs);
    sg.tensors.forEach((t, i) => {
      if (!isConstant(model, t)) return;
      const elements = elementCount(t.shape);
      const base = {
        subgraph: s, index: i, name: t.name, dtype: t.dtype, shape: [...t.shape], elements,
        bytes: model.buffers[t.buffer]!.length, consumers: consumers.get(i) ?? [],
      };
      const uses = consumers.get(i) ?? [];
      tensors.push(policy.mode === 'float16'
        ? planFloat16(base, t, uses, outputs.has(i))
        : planInt8(base, t, uses, outputs.has(i), policy));
    });
  });
  if (!tensors.some((t) => t.action !== 'kept')) throw new QuantizeRefusal('nothing-to-quantize', nothingToQuantize(name, tensors, policy));
  return { policy, tensors };
}

function nothingToQuantize(name: string, tensors: TensorPlan[], policy: QuantPolicy): string {
  if (policy.mode === 'float16') return `Nothing to quantize in ${name}: it has no float32 constants used by an op.`;
  const small = tensors.filter((t) => t.reason.includes(' elements < '));
  if (small.length > 0) {
    const largest = small.reduce((a, b) => (b.elements > a.elements ? b : a));
    const all = small.length === tensors.filter((t) => t.reason.startsWith('kept float') && t.reason !== 'kept float: bias').length;
    return `Nothing to quantize in ${name}: ${all ? 'all' : 'the'} weights are below ${fmt(policy.minElements)} elements `
      + `(largest: '${largest.name}', ${fmt(largest.elements)} elements). Lower the minimum to quantize them anyway.`;
  }
  return `Nothing to quantize in ${name}: it has no float32 weights of ${policy.ops.join(', ') || 'the selected ops'}.`;
}

/** Bytes per element of a planned tensor after quantization. */
export function bytesPerElementAfter(t: TensorPlan): number {
  if (t.action === 'int8') return 1;
  if (t.action === 'float16') return 2;
  return DTYPE_BYTES[t.dtype] ?? 0;
}
