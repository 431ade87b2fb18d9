// Plain, structured-cloneable shapes that cross the worker boundary. The workers build them from
// the core's results; the store keeps them and the UI renders them. Nothing here holds a class.

import type { PresetName } from '../core/quantize/policy';

/** The quantizer knobs a user can turn (int8 DRQ, or the float16 mode). */
export interface Knobs {
  preset: PresetName;
  mode: 'int8' | 'float16';
  minElements: number;
  perChannel: boolean;
}

export interface QuantParamsView {
  /** Number of scales (1 = per-tensor). */
  count: number;
  axis: number | null;
  /** The first few scales and zero points (all of them when there are ≤ 8). */
  scales: number[];
  zeroPoints: number[];
  scaleMin: number;
  scaleMax: number;
}

export interface TensorView {
  index: number;
  name: string;
  dtype: string;
  shape: number[];
  /** Elements, from the static shape. */
  elements: number;
  buffer: number;
  /** Bytes of constant data (0 for activations). */
  bytes: number;
  constant: boolean;
  isVariable: boolean;
  quantization: QuantParamsView | null;
}

export interface OperatorView {
  index: number;
  name: string;
  version: number;
  inputs: number[];
  outputs: number[];
  /** e.g. "fused RELU", "asymmetric inputs", "stride 2×2": what the options say, briefly. */
  notes: string[];
}

export interface IoView {
  index: number;
  name: string;
  dtype: string;
  shape: number[];
}

/** What the app knows about a model file: everything Inspect shows, and whether we can run it. */
export interface ModelSummary {
  fileName: string;
  fileBytes: number;
  kind: string;
  kindReason: string;
  description: string;
  schemaVersion: number;
  minRuntimeVersion: string | null;
  opCounts: { name: string; count: number }[];
  operators: OperatorView[];
  tensors: TensorView[];
  inputs: IoView[];
  outputs: IoView[];
  /** Bytes of constant data by dtype, e.g. {float32: 81640, int8: 20280}. */
  constantBytesByDtype: Record<string, number>;
  /** Our interpreter can build it (all ops supported, not full-integer, ...). */
  runnable: boolean;
  notRunnableReason: string | null;
  /** Its single input is one 28×28 grey image (MNIST accuracy applies). */
  takesMnistImage: boolean;
}

export interface TensorReportRow {
  tensorIndex: number;
  name: string;
  shape: number[];
  elements: number;
  action: 'int8' | 'float16' | 'kept';
  /** Why it was quantized or kept, in words (from the plan). */
  reason: string;
  dtypeBefore: string;
  dtypeAfter: string;
  bytesBefore: number;
  bytesAfter: number;
  /** Per-channel axis of an int8 tensor, null when per-tensor or not int8. */
  axis: number | null;
  /** Scales stored (1 = per-tensor; 0 when not int8). */
  channels: number;
  /** Signal-to-quantization-noise ratio in dB of the stored weight (Infinity: exact); null when kept. */
  sqnrDb: number | null;
  /** int8: smallest and largest scale. */
  scaleRange: [number, number] | null;
}

export interface QuantizeReportView {
  policy: string;
  knobs: Knobs;
  rows: TensorReportRow[];
  fileBytesBefore: number;
  fileBytesAfter: number;
  /** before / after (e.g. 3.6 means 3.6× smaller). */
  ratio: number;
  quantizedCount: number;
  keptCount: number;
  /** Constant data of every constant tensor, before and after. */
  constantBytesBefore: number;
  constantBytesAfter: number;
  /** SQNR over all converted tensors together, dB. */
  overallSqnrDb: number | null;
  dequantizeOpsAdded: number;
  /** Op versions that changed, e.g. "FULLY_CONNECTED 1 → 12". */
  versionChanges: string[];
  minRuntimeBefore: string | null;
  minRuntimeAfter: string | null;
  ms: number;
}

export interface QuantizeResult {
  bytes: Uint8Array;
  fileName: string;
  report: QuantizeReportView;
}

export interface EvalView {
  count: number;
  accuracy: number;
  perClass: number[];
  /** confusion[label][predicted] counts. */
  confusion: number[][];
  msPerImage: number;
  totalMs: number;
  batchSize: number;
  outputKind: 'probabilities' | 'logits';
}

/** A test image whose predicted class differs between the two models. */
export interface FlipView {
  index: number;
  label: number;
  before: number;
  after: number;
  /** 28×28 grey pixels 0..255, row-major. */
  pixels: Uint8Array;
}

/** One model's evaluation, or why it could not be evaluated (e.g. an op our interpreter lacks). */
export type EvalOutcome = { ok: true; eval: EvalView } | { ok: false; error: string };

export interface MnistComparison {
  /** The first model (the float original). */
  a: EvalOutcome;
  /** The second model (the quantized one). */
  b: EvalOutcome;
  /** Images whose prediction differs, first ones only, with their pixels (empty unless both ran). */
  flips: FlipView[];
  /** How many images changed prediction in all. */
  flipCount: number;
  /** Fraction of images where both models predict the same class (null unless both ran). */
  agreement: number | null;
}

export interface OutputAgreementView {
  seed: number;
  samples: number;
  top1Agreement: number;
  maxAbsDiff: number;
  outputs: { index: number; shape: number[]; top1Agreement: number; maxAbsDiff: number; maxRelDiff: number }[];
}

export type ClassifyOutcome = { probabilities: number[]; ms: number } | { error: string };

export interface DataInfo {
  count: number;
  rows: number;
  cols: number;
  fromCache: boolean;
}

export interface ProgressEvent {
  /** Fraction done, 0..1. */
  fraction: number;
  label: string;
}
