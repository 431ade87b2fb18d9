// Model IR → the ModelSummary the UI shows (Inspect, Upload). Built on the format layer's
// summarizeModel; adds what the app needs to decide what it can do with the model: can our
// interpreter run it (and if not, why), and does it take one 28×28 grey image.

import { imageInputLayout } from '../core/eval/image_input';
import { Interpreter } from '../core/interpreter/interpreter';
import type { Model } from '../core/tflite/ir';
import { summarizeModel } from '../core/tflite/summary';
import type { BuiltinOptions } from '../core/tflite/options';
import type { ModelSummary, OperatorView, QuantParamsView, TensorView } from './lab_types';

/** Scales listed in full up to this many channels; beyond, the first ones plus min/max. */
const SCALES_SHOWN = 8;

function quantView(q: { scale: number[]; zeroPoint: number[]; axis: number } | null): QuantParamsView | null {
  if (!q || q.scale.length === 0) return null;
  let min = Infinity, max = -Infinity;
  for (const s of q.scale) { if (s < min) min = s; if (s > max) max = s; }
  return {
    count: q.scale.length,
    axis: q.scale.length > 1 ? q.axis : null,
    scales: q.scale.slice(0, SCALES_SHOWN),
    zeroPoints: q.zeroPoint.slice(0, SCALES_SHOWN),
    scaleMin: min,
    scaleMax: max,
  };
}

/** The options that say something about an op, briefly: "SAME", "stride 2×2", "fused RELU"... */
export function optionNotes(options: BuiltinOptions | null): string[] {
  if (!options) return [];
  const o = options as unknown as Record<string, unknown>;
  const notes: string[] = [];
  if (typeof o.padding === 'string') notes.push(o.padding);
  if (typeof o.strideH === 'number' && typeof o.strideW === 'number' && (o.strideH !== 1 || o.strideW !== 1)) notes.push(`stride ${o.strideH}×${o.strideW}`);
  if (typeof o.filterHeight === 'number') notes.push(`window ${o.filterHeight}×${o.filterWidth}`);
  if (typeof o.dilationH === 'number' && (o.dilationH !== 1 || o.dilationW !== 1)) notes.push(`dilation ${o.dilationH}×${o.dilationW}`);
  if (typeof o.depthMultiplier === 'number' && o.depthMultiplier !== 1) notes.push(`depth ×${o.depthMultiplier}`);
  if (typeof o.fusedActivation === 'string' && o.fusedActivation !== 'NONE') notes.push(`fused ${o.fusedActivation}`);
  if (o.keepNumDims === true) notes.push('keep dims');
  if (o.asymmetricQuantizeInputs === true) notes.push('asymmetric inputs');
  if (Array.isArray(o.newShape) && o.newShape.length) notes.push(`shape [${o.newShape.join(',')}]`);
  if (typeof o.beta === 'number' && o.beta !== 1) notes.push(`beta ${o.beta}`);
  if (typeof o.axis === 'number') notes.push(`axis ${o.axis}`);
  if (o.type === 'UnknownOptions') notes.push('options not decoded');
  return notes;
}

/** Whether our interpreter can build the model; the error message when it cannot. */
export function tryInterpreter(model: Model, fileName: string): { interpreter: Interpreter | null; error: string | null } {
  try {
    return { interpreter: Interpreter.create(model, { fileName }), error: null };
  } catch (e) {
    return { interpreter: null, error: (e as Error).message };
  }
}

export function modelView(model: Model, fileName: string, fileBytes: number, runError: string | null): ModelSummary {
  const s = summarizeModel(model, fileBytes);
  const sg = s.subgraphs[0];
  const tensors: TensorView[] = (sg?.tensors ?? []).map((t) => ({
    index: t.index,
    name: t.name,
    dtype: t.type,
    shape: t.shape,
    elements: t.shape.reduce((a, b) => a * b, 1),
    buffer: t.buffer,
    bytes: t.constantBytes,
    constant: t.constantBytes > 0,
    isVariable: t.isVariable,
    quantization: quantView(t.quantization),
  }));
  const operators: OperatorView[] = (sg?.operators ?? []).map((op) => ({
    index: op.index, name: op.op, version: op.version, inputs: op.inputs, outputs: op.outputs, notes: optionNotes(op.options),
  }));
  const counts = new Map<string, number>();
  for (const op of operators) counts.set(op.name, (counts.get(op.name) ?? 0) + 1);
  const constantBytesByDtype: Record<string, number> = {};
  for (const t of tensors) if (t.constant) constantBytesByDtype[t.dtype] = (constantBytesByDtype[t.dtype] ?? 0) + t.bytes;
  const io = (i: number) => ({ index: i, name: tensors[i]?.name ?? '', dtype: tensors[i]?.dtype ?? '?', shape: tensors[i]?.shape ?? [] });
  const inputs = (sg?.inputs ?? []).map(io);
  let takesMnistImage = false;
  const irInput = model.subgraphs[0]?.inputs.length === 1 ? model.subgraphs[0].tensors[model.subgraphs[0].inputs[0]] : undefined;
  if (irInput) {
    try {
      imageInputLayout({ name: irInput.name, dtype: irInput.dtype, shape: irInput.shape, shapeSignature: irInput.shapeSignature }, 28, 28);
      takesMnistImage = true;
    } catch {
      takesMnistImage = false;
    }
  }
  return {
    fileName,
    fileBytes,
    kind: s.kind,
    kindReason: s.kindReason,
    description: s.description,
    schemaVersion: s.schemaVersion,
    minRuntimeVersion: s.minRuntimeVersion,
    opCounts: [...counts].map(([name, count]) => ({ name, count })),
    operators,
    tensors,
    inputs,
    outputs: (sg?.outputs ?? []).map(io),
    constantBytesByDtype,
    runnable: runError === null,
    notRunnableReason: runError,
    takesMnistImage,
  };
}
