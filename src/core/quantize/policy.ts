// Quantization policy: plain data saying which weights to quantize and how, named after the
// converter generation whose output it reproduces. plan.ts reads it; nothing here touches a model.
//
// Every int8 preset: float32 constant weights with ≥ minElements elements (default 1024, the
// converter's minimum_elements_for_weights; 1024 itself is quantized), symmetric int8 [-127, 127],
// zero point 0, biases and every other constant kept float32.
//
// What each generation did (evidence in parentheses; /work/shared/models/README.md pairs):
//  tf2.4  — TF 2.3–2.4, the legacy flatbuffer quantizer (tensorflow/lite/tools/optimize/
//           quantize_weights.cc with use_updated_hybrid_scheme = false). FULLY_CONNECTED and CONV_2D
//           per-tensor and hybrid; float arithmetic; asymmetric_quantize_inputs left false; op versions
//           set per opcode entry whatever each op became (CONV_2D → 2 even when its weight stayed float,
//           FULLY_CONNECTED → 3, DEPTHWISE_CONV_2D → 6); min_runtime_version not updated.
//           (mnist_cnn_float → mnist_cnn_drq; mnist_codelab_dynrange has the same CONV_2D v2 per-tensor.)
//           DEPTHWISE_CONV_2D had no hybrid kernel in that scheme: its weight is quantized per-tensor and
//           a DEQUANTIZE op (v2) feeds the float op — read from the source, no file shows it.
//  tf2.14 — the MLIR quantizer before per-channel dense layers: FULLY_CONNECTED per-tensor, hybrid,
//           asymmetric inputs (v9, min runtime 2.3.0); CONV_2D per-channel axis 0 (v5); DEPTHWISE_CONV_2D
//           per-channel axis 3 (v6); versions recomputed per op. (UnderBoulder/EE446-Lab3 pair, TF 2.14.1;
//           mobilenet_v2_035_96_embedder_drq for the convolutions.)
//  tf2.21 — current: as tf2.14 but FULLY_CONNECTED per-channel axis 0 (v12, min runtime 2.17.0).
//           (har_mlp_float → har_mlp_drq, TF 2.21.0.)
// The MLIR presets also quantize a GATHER table weight-only (int8 constant + DEQUANTIZE), per-tensor,
// as the converter's op table says (reference §1); no file pair shows it.

export type PresetName = 'tf2.4' | 'tf2.14' | 'tf2.21';
export const PRESET_NAMES: readonly PresetName[] = ['tf2.4', 'tf2.14', 'tf2.21'];
export const DEFAULT_PRESET: PresetName = 'tf2.21';
export const DEFAULT_MIN_ELEMENTS = 1024;

export type QuantizableOp = 'FULLY_CONNECTED' | 'CONV_2D' | 'DEPTHWISE_CONV_2D' | 'GATHER';
export const QUANTIZABLE_OPS: readonly QuantizableOp[] = ['FULLY_CONNECTED', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'GATHER'];

/** How one op's weight operand is quantized. */
export interface OpRule {
  /** Input index of the weight (FC/CONV/DEPTHWISE: 1, filter; GATHER: 0, params). */
  operand: number;
  /** What the operand is called in plan reasons. */
  operandName: string;
  /** Per-channel axis, or null for per-tensor. */
  axis: number | null;
  /** May the user's "per-tensor" knob drop the axis? (Hybrid DEPTHWISE_CONV_2D requires per-channel.) */
  perTensorAllowed: boolean;
  /** hybrid: the op reads int8 weights directly; weight-only: a DEQUANTIZE op feeds the float op. */
  kernel: 'hybrid' | 'weight-only';
  /** Value written to the op's asymmetric_quantize_inputs option, or null when the op has none. */
  asymmetricInputs: boolean | null;
}

export type ScaleMathName = 'mlir-double' | 'legacy-float';

export interface Preset {
  name: PresetName;
  title: string;
  summary: string;
  rules: Partial<Record<QuantizableOp, OpRule>>;
  scaleMath: ScaleMathName;
  /**
   * per-op: recompute each op's version from its signature (op_version.cc) and keep the largest per
   * opcode entry. legacy-per-opcode: overwrite the version of every opcode entry of the listed ops.
   */
  versioning: { kind: 'per-op'; fcPerChannelV12: boolean } | { kind: 'legacy-per-opcode'; versions: Record<string, number> };
  /** Raise the min_runtime_version metadata to cover the new op versions (MLIR exporter) or leave it. */
  updatesMinRuntime: boolean;
  /** Add the optimization mode to an existing CONVERSION_METADATA entry (Python converter ≥ 2.9). */
  updatesConversionMetadata: boolean;
}

const fc = (axis: number | null, asym: boolean): OpRule => ({
  operand: 1, operandName: 'weight', axis, perTensorAllowed: true, kernel: 'hybrid', asymmetricInputs: asym,
});
const conv = (axis: number | null): OpRule => ({
  operand: 1, operandName: 'filter', axis, perTensorAllowed: true, kernel: 'hybrid', asymmetricInputs: null,
});
const depthwiseHybrid: OpRule = {
  operand: 1, operandName: 'filter', axis: 3, perTensorAllowed: false, kernel: 'hybrid', asymmetricInputs: null,
};
const gatherWeightOnly: OpRule = {
  operand: 0, operandName: 'table', axis: null, perTensorAllowed: true, kernel: 'weight-only', asymmetricInputs: null,
};

export const PRESETS: Record<PresetName, Preset> = {
  'tf2.4': {
    name: 'tf2.4',
    title: 'TF 2.3–2.4 (legacy quantizer)',
    summary: 'per-tensor FULLY_CONNECTED (v3) and CONV_2D (v2), symmetric inputs, float arithmetic',
    rules: {
      FULLY_CONNECTED: fc(null, false),
      CONV_2D: conv(null),
      DEPTHWISE_CONV_2D: {
        operand: 1, operandName: 'filter', axis: null, perTensorAllowed: true, kernel: 'weight-only', asymmetricInputs: null,
      },
    },
    scaleMath: 'legacy-float',
    // UpdateInt8OperatorVersions(model, use_updated_hybrid_scheme = false).
    versioning: {
      kind: 'legacy-per-opcode',
      versions: {
        RNN: 2, BIDIRECTIONAL_SEQUENCE_RNN: 2, UNIDIRECTIONAL_SEQUENCE_LSTM: 2, UNIDIRECTIONAL_SEQUENCE_RNN: 2,
        BIDIRECTIONAL_SEQUENCE_LSTM: 3, EMBEDDING_LOOKUP: 3, LSTM: 3, CONV_2D: 2, FULLY_CONNECTED: 3,
        BATCH_MATMUL: 1, SVDF: 2, DEPTHWISE_CONV_2D: 6,
      },
    },
    updatesMinRuntime: false,
    updatesConversionMetadata: false,
  },
  'tf2.14': {
    name: 'tf2.14',
    title: 'TF 2.9–2.16 (MLIR quantizer, per-tensor dense)',
    summary: 'per-tensor FULLY_CONNECTED (v9, asymmetric inputs), per-channel CONV_2D (v5) and DEPTHWISE_CONV_2D (v6)',
    rules: {
      FULLY_CONNECTED: fc(null, true),
      CONV_2D: conv(0),
      DEPTHWISE_CONV_2D: depthwiseHybrid,
      GATHER: gatherWeightOnly,
    },
    scaleMath: 'mlir-double',
    versioning: { kind: 'per-op', fcPerChannelV12: false },
    updatesMinRuntime: true,
    updatesConversionMetadata: true,
  },
  'tf2.21': {
    name: 'tf2.21',
    title: 'TF 2.17+ (current converter)',
    summary: 'per-channel FULLY_CONNECTED (v12, asymmetric inputs), CONV_2D (v5) and DEPTHWISE_CONV_2D (v6)',
    rules: {
      FULLY_CONNECTED: fc(0, true),
      CONV_2D: conv(0),
      DEPTHWISE_CONV_2D: depthwiseHybrid,
      GATHER: gatherWeightOnly,
    },
    scaleMath: 'mlir-double',
    versioning: { kind: 'per-op', fcPerChannelV12: true },
    updatesMinRuntime: true,
    updatesConversionMetadata: true,
  },
};

/** What the user chose. Build one with makePolicy(); every field has a preset default. */
export interface QuantPolicy {
  preset: PresetName;
  /** int8: dynamic-range quantization. float16: every float32 constant → FLOAT16 + DEQUANTIZE. */
  mode: 'int8' | 'float16';
  /** Weights with fewer elements stay float32 (int8 mode only). */
  minElements: number;
  /** false: per-tensor wherever the op allows it (the converter's _experimental_disable_per_channel). */
  perChannel: boolean;
  /** Ops whose weights are quantized (int8 mode); ops the preset has no rule for are ignored. */
  ops: QuantizableOp[];
}

export class PolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyError';
  }
}

export function isPresetName(s: string): s is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(s);
}

export function makePolicy(choices: Partial<QuantPolicy> = {}): QuantPolicy {
  const preset = choices.preset ?? DEFAULT_PRESET;
  if (!isPresetName(preset)) throw new PolicyError(`unknown preset "${preset}" (expected ${PRESET_NAMES.join(', ')})`);
  const minElements = choices.minElements ?? DEFAULT_MIN_ELEMENTS;
  if (!Number.isSafeInteger(minElements) || minElements < 0) {
    throw new PolicyError(`minimum elements must be a non-negative integer, got ${minElements}`);
  }
  const mode = choices.mode ?? 'int8';
  if (mode !== 'int8' && mode !== 'float16') throw new PolicyError(`unknown mode "${String(mode)}"`);
  const ops = choices.ops ?? (Object.keys(PRESETS[preset].rules) as QuantizableOp[]);
  for (const op of ops) {
    if (!QUANTIZABLE_OPS.includes(op)) throw new PolicyError(`"${op}" is not an op Quant Lab quantizes (${QUANTIZABLE_OPS.join(', ')})`);
  }
  return { preset, mode, minElements, perChannel: choices.perChannel ?? true, ops: [...ops] };
}

/** The rule that applies to an op under a policy, after the user's knobs; null = not quantized. */
export function effectiveRule(policy: QuantPolicy, op: QuantizableOp): OpRule | null {
  const rule = PRESETS[policy.preset].rules[op];
  if (!rule || !policy.ops.includes(op)) return null;
  if (!policy.perChannel && rule.axis !== null && rule.perTensorAllowed) return { ...rule, axis: null };
  return rule;
}

/** One line describing the policy, for reports and the CLI. */
export function describePolicy(policy: QuantPolicy): string {
  const preset = PRESETS[policy.preset];
  if (policy.mode === 'float16') return `float16 (${preset.name} metadata): every float32 constant → FLOAT16 + DEQUANTIZE`;
  const knobs = [
    policy.minElements !== DEFAULT_MIN_ELEMENTS ? `min ${policy.minElements} elements` : null,
    policy.perChannel ? null : 'per-tensor',
  ].filter((s) => s !== null);
  return `${preset.name}: ${preset.summary}${knobs.length ? ` [${knobs.join(', ')}]` : ''}`;
}
