// Step 4 of the Learn view: where the bytes go. A float32 weight takes 4 bytes, an int8 one 1 byte;
// each int8 tensor also stores its scales (float32, 4 bytes each) and zero points (int64, 8 bytes
// each, all 0). Prediction = float file − saved weight bytes + those parameters. The rest of the
// difference from the real file is flatbuffer structure (the quantization tables, vector length
// prefixes, alignment padding, changed options and metadata), measured, not guessed.
//
// Every figure comes from the quantizer's report and the model it wrote.

import type { QuantReport } from '../quantize/report';
import type { Model } from '../tflite/ir';
import { LearnError } from './errors';

export const FLOAT32_BYTES = 4;
export const INT8_BYTES = 1;
export const SCALE_BYTES = 4;
export const ZERO_POINT_BYTES = 8;

export interface SizeLine {
  subgraph: number;
  tensorIndex: number;
  name: string;
  elements: number;
  bytesBefore: number;
  bytesAfter: number;
  scales: number;
  zeroPoints: number;
  /** scales · 4 + zeroPoints · 8. */
  paramBytes: number;
}

/** What a file is made of: converted weights, kept constants, quantization parameters, the rest. */
export interface FileComposition {
  total: number;
  convertedWeights: number;
  keptConstants: number;
  quantParams: number;
  structure: number;
}

export interface SizeArithmetic {
  lines: SizeLine[];
  fileBefore: number;
  savedWeightBytes: number;
  paramBytes: number;
  predicted: number;
  real: number;
  /** real − predicted: flatbuffer structure added or changed by the rewrite. */
  structureDelta: number;
  before: FileComposition;
  after: FileComposition;
}

/** `after` is the model the quantizer wrote (report.file.bytesAfter is its size). */
export function sizeArithmetic(report: QuantReport, after: Model): SizeArithmetic {
  const tensors = after.subgraphs.flatMap((sg, s) => sg.tensors.map((t, i) => ({ s, i, t })));
  const lines: SizeLine[] = report.tensors.filter((t) => t.kind === 'int8').map((t) => {
    const written = tensors.find((x) => x.s === t.subgraph && x.i === t.index)?.t;
    const q = written?.quantization;
    if (!written || written.dtype !== 'int8' || !q) throw new LearnError(`tensor ${t.index} '${t.name}' is not int8 in the written model`);
    const scales = q.scale.length;
    const zeroPoints = q.zeroPoint.length;
    return {
      subgraph: t.subgraph, tensorIndex: t.index, name: t.name, elements: t.elements, bytesBefore: t.bytesBefore, bytesAfter: t.bytesAfter,
      scales, zeroPoints, paramBytes: scales * SCALE_BYTES + zeroPoints * ZERO_POINT_BYTES,
    };
  });
  const savedWeightBytes = lines.reduce((n, l) => n + l.bytesBefore - l.bytesAfter, 0);
  const paramBytes = lines.reduce((n, l) => n + l.paramBytes, 0);
  const fileBefore = report.file.bytesBefore;
  const real = report.file.bytesAfter;
  const predicted = fileBefore - savedWeightBytes + paramBytes;
  const converted = new Set(lines.map((l) => `${l.subgraph}:${l.tensorIndex}`));
  const kept = report.tensors.filter((t) => !converted.has(`${t.subgraph}:${t.index}`));
  const keptBefore = kept.reduce((n, t) => n + t.bytesBefore, 0);
  const keptAfter = kept.reduce((n, t) => n + t.bytesAfter, 0);
  const convBefore = lines.reduce((n, l) => n + l.bytesBefore, 0);
  const convAfter = lines.reduce((n, l) => n + l.bytesAfter, 0);
  return {
    lines, fileBefore, savedWeightBytes, paramBytes, predicted, real, structureDelta: real - predicted,
    before: { total: fileBefore, convertedWeights: convBefore, keptConstants: keptBefore, quantParams: 0, structure: fileBefore - convBefore - keptBefore },
    after: { total: real, convertedWeights: convAfter, keptConstants: keptAfter, quantParams: paramBytes, structure: real - convAfter - keptAfter - paramBytes },
  };
}
