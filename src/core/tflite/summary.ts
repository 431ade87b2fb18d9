// A plain, JSON-ready description of a model: what `quant-lab inspect --json` prints and what an
// inspect panel can render. Built from the IR only (no flatbuffers), so it works anywhere.

import type { DType, Model } from './ir';
import { MIN_RUNTIME_VERSION, minRuntimeVersion } from './metadata';
import type { BuiltinOptions } from './options';
import { operatorCodeName } from './op_names';
import { sniffModel, type ModelKind } from './sniff';
import { tensorByteSize } from './tensor_data';

export interface TensorSummary {
  index: number;
  name: string;
  type: DType;
  shape: number[];
  shapeSignature: number[] | null;
  buffer: number;
  /** Data size from shape × dtype (null for string/resource/variant). */
  bytes: number | null;
  /** Bytes of constant data in its buffer (0 for activations and inputs). */
  constantBytes: number;
  /** axis = quantized_dimension (meaningful when there are several scales). */
  quantization: { scale: number[]; zeroPoint: number[]; axis: number } | null;
  isVariable: boolean;
}

export interface OperatorSummary {
  index: number;
  op: string;
  version: number;
  inputs: number[];
  outputs: number[];
  options: BuiltinOptions | null;
}

export interface SubgraphSummary {
  index: number;
  name: string;
  inputs: number[];
  outputs: number[];
  operators: OperatorSummary[];
  tensors: TensorSummary[];
}

export interface ModelSummary {
  kind: ModelKind;
  kindReason: string;
  /** File size when known. */
  size: number | null;
  description: string;
  schemaVersion: number;
  minRuntimeVersion: string | null;
  subgraphs: SubgraphSummary[];
  /** `value` is the decoded string for min_runtime_version, null for other (binary) entries. */
  metadata: { name: string; buffer: number; bytes: number; value: string | null }[];
  signatureDefs: { key: string; subgraph: number; inputs: Record<string, number>; outputs: Record<string, number> }[];
}

export function summarizeModel(model: Model, size: number | null = null): ModelSummary {
  const { kind, reason } = sniffModel(model);
  const runtime = minRuntimeVersion(model);
  return {
    kind,
    kindReason: reason,
    size,
    description: model.description,
    schemaVersion: model.version,
    minRuntimeVersion: runtime,
    subgraphs: model.subgraphs.map((sg, s) => ({
      index: s,
      name: sg.name,
      inputs: sg.inputs,
      outputs: sg.outputs,
      operators: sg.operators.map((op, i) => {
        const code = model.operatorCodes[op.opcodeIndex]!;
        return { index: i, op: operatorCodeName(code), version: code.version, inputs: op.inputs, outputs: op.outputs, options: op.options };
      }),
      tensors: sg.tensors.map((t, i) => ({
        index: i,
        name: t.name,
        type: t.dtype,
        shape: t.shape,
        shapeSignature: t.shapeSignature,
        buffer: t.buffer,
        bytes: tensorByteSize(t),
        constantBytes: model.buffers[t.buffer]?.length ?? 0,
        quantization: t.quantization && {
          scale: t.quantization.scale,
          zeroPoint: t.quantization.zeroPoint,
          axis: t.quantization.quantizedDimension,
        },
        isVariable: t.isVariable,
      })),
    })),
    metadata: model.metadata.map((m) => ({
      name: m.name,
      buffer: m.buffer,
      bytes: model.buffers[m.buffer]?.length ?? 0,
      value: m.name === MIN_RUNTIME_VERSION ? runtime : null,
    })),
    signatureDefs: model.signatureDefs.map((s) => ({
      key: s.signatureKey,
      subgraph: s.subgraphIndex,
      inputs: Object.fromEntries(s.inputs.map((m) => [m.name, m.tensorIndex])),
      outputs: Object.fromEntries(s.outputs.map((m) => [m.name, m.tensorIndex])),
    })),
  };
}
