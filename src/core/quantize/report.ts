// What quantization did, as data the UI charts and the CLI prints: per tensor the bytes before and
// after, what happened (int8 / float16 / kept) and why, the SQNR of each converted tensor; totals;
// operator version and metadata changes; file sizes and their ratio.

import type { Model } from '../tflite/ir';
import { minRuntimeVersion } from '../tflite/metadata';
import { operatorCodeName } from '../tflite/op_names';
import type { ApplyResult } from './apply';
import type { QuantPlan, TensorAction } from './plan';
import { sqnrDb } from './math';
import { describePolicy } from './policy';

export interface TensorReport {
  subgraph: number;
  index: number;
  name: string;
  shape: number[];
  elements: number;
  kind: TensorAction;
  /** int8: per-channel axis, null = per-tensor (or not int8). */
  axis: number | null;
  channels: number;
  reason: string;
  bytesBefore: number;
  bytesAfter: number;
  /** Signal-to-quantization-noise ratio in dB (Infinity = exact); null for kept tensors. */
  sqnrDb: number | null;
  /** int8: smallest and largest stored scale. */
  scaleRange: [number, number] | null;
}

export interface OpVersionChange {
  op: string;
  before: number | null;
  after: number;
}

export interface QuantReport {
  policy: string;
  tensors: TensorReport[];
  totals: {
    int8Tensors: number;
    float16Tensors: number;
    keptTensors: number;
    /** Constant data bytes, all constant tensors. */
    constantBytesBefore: number;
    constantBytesAfter: number;
    /** Elements that were converted. */
    quantizedElements: number;
    /** SQNR over all converted tensors together: 10·log10(Σ w² / Σ (w − ŵ)²), dB. */
    overallSqnrDb: number | null;
  };
  opVersions: OpVersionChange[];
  dequantizeOpsAdded: number;
  minRuntimeVersion: { before: string | null; after: string | null };
  file: { bytesBefore: number; bytesAfter: number; ratio: number };
}

export function buildReport(
  input: Model, plan: QuantPlan, result: ApplyResult, fileBytesBefore: number, fileBytesAfter: number,
): QuantReport {
  const outcomes = new Map(result.outcomes.map((o) => [`${o.subgraph}:${o.index}`, o]));
  let signal = 0;
  let noise = 0;
  const tensors: TensorReport[] = plan.tensors.map((tp) => {
    const o = outcomes.get(`${tp.subgraph}:${tp.index}`);
    let scaleRange: [number, number] | null = null;
    if (o?.scales && o.scales.length > 0) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const s of o.scales) {
        lo = Math.min(lo, s);
        hi = Math.max(hi, s);
      }
      scaleRange = [lo, hi];
    }
    if (o) {
      signal += o.errorSums.signal;
      noise += o.errorSums.noise;
    }
    return {
      subgraph: tp.subgraph, index: tp.index, name: tp.name, shape: tp.shape, elements: tp.elements, kind: tp.action,
      axis: tp.action === 'int8' ? tp.axis : null, channels: tp.channels, reason: tp.reason,
      bytesBefore: tp.bytes, bytesAfter: o ? o.bytesAfter : tp.bytes, sqnrDb: o ? o.sqnrDb : null, scaleRange,
    };
  });
  const converted = tensors.filter((t) => t.kind !== 'kept');
  const before = new Map(input.operatorCodes.map((c) => [operatorCodeName(c), c.version]));
  const opVersions: OpVersionChange[] = [];
  for (const c of result.model.operatorCodes) {
    const name = operatorCodeName(c);
    const was = before.get(name) ?? null;
    if (was !== c.version) opVersions.push({ op: name, before: was, after: c.version });
  }
  const opCount = (m: Model) => m.subgraphs.reduce((n, sg) => n + sg.operators.length, 0);
  return {
    policy: describePolicy(plan.policy),
    tensors,
    totals: {
      int8Tensors: tensors.filter((t) => t.kind === 'int8').length,
      float16Tensors: tensors.filter((t) => t.kind === 'float16').length,
      keptTensors: tensors.filter((t) => t.kind === 'kept').length,
      constantBytesBefore: tensors.reduce((n, t) => n + t.bytesBefore, 0),
      constantBytesAfter: tensors.reduce((n, t) => n + t.bytesAfter, 0),
      quantizedElements: converted.reduce((n, t) => n + t.elements, 0),
      overallSqnrDb: converted.length === 0 ? null : sqnrDb({ signal, noise }),
    },
    opVersions,
    dequantizeOpsAdded: opCount(result.model) - opCount(input),
    minRuntimeVersion: { before: minRuntimeVersion(input), after: minRuntimeVersion(result.model) },
    file: { bytesBefore: fileBytesBefore, bytesAfter: fileBytesAfter, ratio: fileBytesBefore > 0 ? fileBytesAfter / fileBytesBefore : 0 },
  };
}
