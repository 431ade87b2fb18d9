// The whole quantizer in one call: bytes → readModel → plan → apply → writeModel → report.
// Decode once, transform without mutating, encode once. Used by the worker and the CLI.
// A zip of TFLite Support associated files appended after the input's flatbuffer (labels, vocab)
// is appended to the output too, so the quantized file keeps working with TFLite Support.

import type { Model } from '../tflite/ir';
import { appendedZip, readModel } from '../tflite/reader';
import { writeModel } from '../tflite/writer';
import { applyPlan, type ApplyOptions } from './apply';
import { planQuantization, type QuantPlan } from './plan';
import type { QuantPolicy } from './policy';
import { buildReport, type QuantReport } from './report';

export interface QuantizeResult {
  bytes: Uint8Array;
  model: Model;
  plan: QuantPlan;
  report: QuantReport;
}

/** Quantizes an already decoded model; `fileBytes` is the size of the file it came from. */
export async function quantizeModel(
  model: Model, fileBytes: number, policy: QuantPolicy, options: ApplyOptions & { fileName?: string } = {},
): Promise<QuantizeResult> {
  const plan = planQuantization(model, policy, options.fileName);
  const result = await applyPlan(model, plan, options);
  const bytes = writeModel(result.model);
  return { bytes, model: result.model, plan, report: buildReport(model, plan, result, fileBytes, bytes.length) };
}

/** Reads, quantizes and writes a .tflite file's bytes. */
export async function quantizeFile(
  input: Uint8Array, policy: QuantPolicy, options: ApplyOptions & { fileName?: string } = {},
): Promise<QuantizeResult> {
  const result = await quantizeModel(readModel(input, options.fileName), input.length, policy, options);
  const zip = appendedZip(input, options.fileName);
  if (!zip) return result;
  const bytes = new Uint8Array(result.bytes.length + zip.length);
  bytes.set(result.bytes);
  bytes.set(zip, result.bytes.length);
  const file = { ...result.report.file, bytesAfter: bytes.length, ratio: bytes.length / input.length };
  return { ...result, bytes, report: { ...result.report, file } };
}
