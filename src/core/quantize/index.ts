// The quantizer's public surface: policy → plan → apply → report, and the one-call pipeline.
//
//   const policy = makePolicy({ preset: 'tf2.21' });                 // policy.ts
//   const { bytes, plan, report } = await quantizeFile(fileBytes, policy, { onProgress, signal });
//
// Refusals (full-integer, already quantized, nothing eligible) are QuantizeRefusal with a `code`
// and a message written for the UI; cancellation rejects with QuantizeAbortedError (name
// 'AbortError').

export { applyPlan, QuantizeAbortedError, type ApplyOptions, type ApplyResult, type TensorOutcome } from './apply';
export { toFloat16Value } from './float16';
export { quantizeInt8, channelLayout, channelOf, type Int8Weights } from './math';
export { quantizeFile, quantizeModel, type QuantizeResult } from './pipeline';
export { planQuantization, QuantizeRefusal, type QuantPlan, type RefusalCode, type TensorPlan } from './plan';
export {
  DEFAULT_MIN_ELEMENTS, DEFAULT_PRESET, describePolicy, makePolicy, PolicyError, PRESET_NAMES, PRESETS,
  type PresetName, type QuantizableOp, type QuantPolicy,
} from './policy';
export { buildReport, type QuantReport, type TensorReport } from './report';
