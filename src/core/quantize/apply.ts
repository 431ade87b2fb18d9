// Model + plan → a NEW quantized Model. The input is never modified: arrays are copied shallowly
// and only the tensors, operators, operator codes and buffers that change are replaced; everything
// else (buffer bytes included) is shared with the input.
//
// What changes, as the converter does it (reference §3):
//  - int8 weights: tensor dtype INT8, buffer = int8 values in the op's layout, quantization =
//    float32 scales + int64 zero points 0 + quantized_dimension (no min/max); hybrid consumers
//    read it directly and get asymmetric_quantize_inputs set per the preset;
//  - weight-only int8 and float16 constants: the constant keeps its index, name and buffer slot
//    (now INT8 / FLOAT16 bytes) and a DEQUANTIZE op writes a new float32 tensor that the consumers
//    read instead;
//  - op versions recomputed (op_versions.ts), min_runtime_version raised, CONVERSION_METADATA and
//    (float16) reduced_precision_support updated as the Python converter writes them.
// Tensor order and buffer order are kept; new tensors and buffers are appended.
//
// Quantizing is chunked: it reports progress and yields to the event loop so an AbortSignal can
// cancel it from a worker's message handler.

import type { Metadata, Model, Operator, OperatorCode, Quantization, Subgraph, Tensor } from '../tflite/ir';
import type { FullyConnectedOptions } from '../tflite/options';
import { compareVersions, encodeMinRuntimeVersion, MIN_RUNTIME_VERSION, minRuntimeVersion } from '../tflite/metadata';
import { constantData } from '../tflite/tensor_data';
import { CONVERSION_METADATA, PTQ_DYNAMIC_RANGE, PTQ_FLOAT16, updatedConversionMetadata } from './conversion_metadata';
import { quantizeFloat16Range } from './float16';
import { channelLayout, prepareInt8, quantizeInt8Range, sqnrDb, type ErrorSums } from './math';
import { DEQUANTIZE_CODE, recomputeOpVersions } from './op_versions';
import type { QuantPlan, TensorPlan } from './plan';
import { PRESETS, type Preset } from './policy';
import { minRuntimeForModel } from './runtime_versions';

export const REDUCED_PRECISION_SUPPORT = 'reduced_precision_support';
/** The value the converter writes in float16 mode: fp16 storage, fp32 accumulation. */
export const FP16_ACC_FP32 = 'fp16accfp32';

export interface ApplyOptions {
  /** Called with the fraction of weight elements done, 0 … 1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/** What happened to one planned tensor that changed. */
export interface TensorOutcome {
  subgraph: number;
  index: number;
  /** Bytes of the tensor's data after quantization. */
  bytesAfter: number;
  sqnrDb: number;
  /** Σ w² and Σ (w − ŵ)² over the tensor, for aggregate SQNR. */
  errorSums: ErrorSums;
  /** int8 only: the stored float32 scales. */
  scales: Float32Array | null;
  /** Index of the DEQUANTIZE output tensor, when one was added. */
  dequantizedTensor: number | null;
}

export interface ApplyResult {
  model: Model;
  outcomes: TensorOutcome[];
}

export class QuantizeAbortedError extends Error {
  constructor() {
    super('quantization was cancelled');
    this.name = 'AbortError';
  }
}

const CHUNK_ELEMENTS = 1 << 20;
const YIELD_EVERY_MS = 12;

export async function applyPlan(model: Model, plan: QuantPlan, options: ApplyOptions = {}): Promise<ApplyResult> {
  checkPlanMatches(model, plan);
  const { signal, onProgress } = options;
  const float16 = plan.policy.mode === 'float16';
  const preset = PRESETS[plan.policy.preset];
  const legacy = preset.versioning.kind === 'legacy-per-opcode' && !float16;

  const buffers = model.buffers.slice();
  const subgraphs: Subgraph[] = model.subgraphs.map((sg) => ({ ...sg, tensors: sg.tensors.slice(), operators: sg.operators.slice() }));
  const operatorCodes: OperatorCode[] = model.operatorCodes.slice();
  const work = plan.tensors.filter((t) => t.action !== 'kept');
  const placeBuffer = bufferPlacer(model, buffers, work);
  const dequantizeInsertions = subgraphs.map(() => new Map<number, Operator[]>());
  const outcomes: TensorOutcome[] = [];

  const total = work.reduce((n, t) => n + t.elements, 0) || 1;
  let done = 0;
  let lastYield = now();
  const tick = async (elements: number) => {
    done += elements;
    onProgress?.(Math.min(1, done / total));
    if (signal?.aborted) throw new QuantizeAbortedError();
    if ((signal || onProgress) && now() - lastYield >= YIELD_EVERY_MS) {
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      lastYield = now();
      if (signal?.aborted) throw new QuantizeAbortedError();
    }
  };
  if (signal?.aborted) throw new QuantizeAbortedError();

  for (const tp of work) {
    const sg = subgraphs[tp.subgraph]!;
    const original = model.subgraphs[tp.subgraph]!.tensors[tp.index]!;
    const w = constantData(model, original);
    if (!(w instanceof Float32Array)) throw new Error(`tensor '${original.name}' is ${original.dtype}, expected float32 data`);
    const sums: ErrorSums = { signal: 0, noise: 0 };
    let bytes: Uint8Array;
    let replacement: Tensor;
    let scales: Float32Array | null = null;
    if (tp.action === 'int8') {
      const layout = channelLayout(original.shape, tp.axis);
      const prepared = prepareInt8(w, layout, preset.scaleMath);
      const q = new Int8Array(w.length);
      for (let start = 0; start < w.length; start += CHUNK_ELEMENTS) {
        const end = Math.min(w.length, start + CHUNK_ELEMENTS);
        quantizeInt8Range(w, layout, prepared, q, start, end, sums);
        await tick(end - start);
      }
      scales = prepared.stored;
      bytes = new Uint8Array(q.buffer);
      replacement = { ...original, dtype: 'int8', quantization: int8Quantization(scales, tp.axis) };
    } else {
      const h = new Uint16Array(w.length);
      for (let start = 0; start < w.length; start += CHUNK_ELEMENTS) {
        const end = Math.min(w.length, start + CHUNK_ELEMENTS);
        quantizeFloat16Range(w, h, start, end, sums);
        await tick(end - start);
      }
      bytes = new Uint8Array(h.buffer);
      replacement = { ...original, dtype: 'float16', quantization: null };
    }
    if (w.length === 0) await tick(0);
    sg.tensors[tp.index] = { ...replacement, buffer: placeBuffer(tp, original, bytes) };

    let dequantizedTensor: number | null = null;
    if (tp.delivery === 'dequantize') {
      dequantizedTensor = addDequantize(sg, tp, original, operatorCodes, legacy, float16, dequantizeInsertions[tp.subgraph]!);
    } else if (tp.asymmetricInputs !== null) {
      for (const use of tp.rewired) sg.operators[use.op] = withAsymmetricInputs(sg.operators[use.op]!, tp.asymmetricInputs);
    }
    outcomes.push({ subgraph: tp.subgraph, index: tp.index, bytesAfter: bytes.length, sqnrDb: sqnrDb(sums), errorSums: sums, scales, dequantizedTensor });
  }

  subgraphs.forEach((sg, s) => {
    const inserts = dequantizeInsertions[s]!;
    if (inserts.size === 0) return;
    const ops: Operator[] = [];
    sg.operators.forEach((op, i) => {
      ops.push(...(inserts.get(i) ?? []), op);
    });
    sg.operators = ops;
  });

  let out: Model = { ...model, buffers, subgraphs, operatorCodes };
  const versioning: Preset = float16 ? { ...preset, versioning: { kind: 'per-op', fcPerChannelV12: true } } : preset;
  out = { ...out, operatorCodes: recomputeOpVersions(out, versioning) };
  out = updateMetadata(out, model, float16, preset);
  onProgress?.(1);
  return { model: out, outcomes };
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

function int8Quantization(scales: Float32Array, axis: number | null): Quantization {
  return {
    scale: Array.from(scales),
    zeroPoint: new Array<number>(scales.length).fill(0),
    quantizedDimension: axis ?? 0,
    min: null,
    max: null,
    custom: null,
  };
}

function checkPlanMatches(model: Model, plan: QuantPlan): void {
  for (const tp of plan.tensors) {
    const t = model.subgraphs[tp.subgraph]?.tensors[tp.index];
    const same = t && t.name === tp.name && t.dtype === tp.dtype && t.shape.length === tp.shape.length
      && t.shape.every((d, i) => d === tp.shape[i]) && (model.buffers[t.buffer]?.length ?? 0) === tp.bytes;
    if (!same) throw new Error(`the plan does not belong to this model (tensor ${tp.index} '${tp.name}' differs)`);
  }
}

/**
 * Decides where each new constant's bytes go. A buffer used by exactly the tensors being converted
 * the same way is replaced in place (converter files dedupe identical constants into one buffer);
 * a buffer also read by a tensor that stays float gets a new buffer appended instead.
 */
function bufferPlacer(model: Model, buffers: Uint8Array[], work: TensorPlan[]) {
  const keyOf = (tp: TensorPlan) => `${tp.action}|${tp.axis}|${tp.shape.join('x')}`;
  const keysByBuffer = new Map<number, Set<string>>();
  const note = (buffer: number, key: string) => {
    let set = keysByBuffer.get(buffer);
    if (!set) keysByBuffer.set(buffer, (set = new Set()));
    set.add(key);
  };
  const planned = new Map<string, TensorPlan>(work.map((tp) => [`${tp.subgraph}:${tp.index}`, tp]));
  model.subgraphs.forEach((sg, s) => sg.tensors.forEach((t, i) => {
    if (t.buffer === 0) return;
    const tp = planned.get(`${s}:${i}`);
    note(t.buffer, tp ? keyOf(tp) : 'unchanged');
  }));
  const placed = new Map<string, number>();
  return (tp: TensorPlan, original: Tensor, bytes: Uint8Array): number => {
    const key = `${original.buffer}|${keyOf(tp)}`;
    const existing = placed.get(key);
    if (existing !== undefined) return existing;
    let index = original.buffer;
    if (keysByBuffer.get(original.buffer)!.size === 1) buffers[index] = bytes;
    else index = buffers.push(bytes) - 1;
    placed.set(key, index);
    return index;
  };
}

/** Adds the DEQUANTIZE output tensor and op for a weight-only int8 or float16 constant. */
function addDequantize(
  sg: Subgraph, tp: TensorPlan, original: Tensor, codes: OperatorCode[], legacy: boolean, float16: boolean,
  inserts: Map<number, Operator[]>,
): number {
  // Names as the converters write them: the legacy quantizer appends "_dequantize"; the MLIR
  // exporter keeps the name on the constant and uniquifies the DEQUANTIZE result ("…1").
  const name = uniqueName(sg, legacy ? `${original.name}_dequantize` : `${original.name}1`);
  const output = sg.tensors.push({
    name, dtype: 'float32', shape: [...original.shape], shapeSignature: original.shapeSignature ? [...original.shapeSignature] : null,
    buffer: 0, quantization: null, isVariable: false, hasRank: original.hasRank,
  }) - 1;
  for (const use of tp.rewired) {
    const op = sg.operators[use.op]!;
    const inputs = op.inputs.slice();
    inputs[use.input] = output;
    sg.operators[use.op] = { ...op, inputs };
  }
  let opcodeIndex = codes.findIndex((c) => c.builtinCode === DEQUANTIZE_CODE && c.customCode === null);
  if (opcodeIndex < 0) opcodeIndex = codes.push({ builtinCode: DEQUANTIZE_CODE, customCode: null, version: legacy ? 2 : 1 }) - 1;
  // float16: the MLIR converter puts every DEQUANTIZE first; otherwise right before the first reader.
  const position = float16 ? 0 : Math.min(...tp.rewired.map((u) => u.op));
  const list = inserts.get(position) ?? [];
  list.push({
    opcodeIndex, inputs: [tp.index], outputs: [output], options: null, customOptions: null, mutatingVariableInputs: [], intermediates: [],
  });
  inserts.set(position, list);
  return output;
}

function uniqueName(sg: Subgraph, wanted: string): string {
  const names = new Set(sg.tensors.map((t) => t.name));
  if (!names.has(wanted)) return wanted;
  for (let k = 2; ; k++) if (!names.has(`${wanted}_${k}`)) return `${wanted}_${k}`;
}

function withAsymmetricInputs(op: Operator, value: boolean): Operator {
  const o = op.options;
  if (o === null) {
    const fc: FullyConnectedOptions = {
      type: 'FullyConnectedOptions', fusedActivation: 'NONE', weightsFormat: 0, keepNumDims: false,
      asymmetricQuantizeInputs: value, quantizedBiasType: 'float32',
    };
    return { ...op, options: fc };
  }
  if ('asymmetricQuantizeInputs' in o) return { ...op, options: { ...o, asymmetricQuantizeInputs: value } };
  return op;
}

/** min_runtime_version, reduced_precision_support and CONVERSION_METADATA for the new model. */
function updateMetadata(out: Model, input: Model, float16: boolean, preset: Preset): Model {
  const buffers = out.buffers.slice();
  const metadata: Metadata[] = out.metadata.slice();
  const insertBeforeConversion = (entry: Metadata) => {
    const at = metadata.findIndex((m) => m.name === CONVERSION_METADATA);
    metadata.splice(at < 0 ? metadata.length : at, 0, entry);
  };
  if (float16 || preset.updatesMinRuntime) {
    const existing = minRuntimeVersion(input);
    const computed = minRuntimeForModel(out);
    const best = [existing, computed].filter((v): v is string => v !== null).sort(compareVersions).pop();
    if (best !== undefined && best.length < 16) {
      const entry = metadata.find((m) => m.name === MIN_RUNTIME_VERSION);
      if (entry) buffers[entry.buffer] = encodeMinRuntimeVersion(best);
      else insertBeforeConversion({ name: MIN_RUNTIME_VERSION, buffer: buffers.push(encodeMinRuntimeVersion(best)) - 1 });
    }
  }
  if (float16 && !metadata.some((m) => m.name === REDUCED_PRECISION_SUPPORT)) {
    insertBeforeConversion({ name: REDUCED_PRECISION_SUPPORT, buffer: buffers.push(new TextEncoder().encode(FP16_ACC_FP32)) - 1 });
  }
  const conversion = metadata.find((m) => m.name === CONVERSION_METADATA);
  if (conversion && (float16 || preset.updatesConversionMetadata)) {
    const updated = updatedConversionMetadata(buffers[conversion.buffer]!, out, float16 ? PTQ_FLOAT16 : PTQ_DYNAMIC_RANGE);
    if (updated) buffers[conversion.buffer] = updated;
  }
  return { ...out, buffers, metadata };
}
