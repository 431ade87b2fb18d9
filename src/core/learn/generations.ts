// Step 2, continued: what each converter generation writes for the same Dense layer. TF 2.3–2.4
// (legacy quantizer) and TF 2.9–2.16 (MLIR quantizer) gave FULLY_CONNECTED one scale (op version 3,
// or 9 with asymmetric inputs, runtime ≥ 2.3.0); since TF ~2.17 the converter writes one scale per
// unit (version 12, runtime ≥ 2.17.0). Computed by running our quantizer with each preset on the
// live model and reading the file it writes, not taken from a table.

import { quantizeModel } from '../quantize/pipeline';
import { makePolicy, PRESET_NAMES, PRESETS, type PresetName } from '../quantize/policy';
import type { Model } from '../tflite/ir';
import { findHybridDense } from './dense_layer';

export interface GenerationOutcome {
  preset: PresetName;
  title: string;
  /** FULLY_CONNECTED op version written for the Dense layer. */
  fcVersion: number;
  /** min_runtime_version the quantized file asks for (null when absent). */
  minRuntime: string | null;
  /** Scales stored for the Dense weight: 1 = per-tensor, units = per-channel. */
  scaleCount: number;
  asymmetricInputs: boolean;
  fileBytes: number;
}

export async function denseUnderPresets(
  model: Model, fileBytes: number, denseOutputName: string, presets: readonly PresetName[] = PRESET_NAMES,
): Promise<GenerationOutcome[]> {
  const out: GenerationOutcome[] = [];
  for (const preset of presets) {
    const r = await quantizeModel(model, fileBytes, makePolicy({ preset }));
    const dense = findHybridDense(r.model, `the ${preset} file`, denseOutputName);
    const op = r.model.subgraphs[0].operators[dense.opIndex];
    out.push({
      preset, title: PRESETS[preset].title, fcVersion: r.model.operatorCodes[op.opcodeIndex].version,
      minRuntime: r.report.minRuntimeVersion.after, scaleCount: dense.scales.length, asymmetricInputs: dense.asymmetric,
      fileBytes: r.bytes.length,
    });
  }
  return out;
}
