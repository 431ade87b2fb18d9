// Quantizer speed and memory for every preset, side by side (the bench's quantize section runs
// the default preset only). Node-only script, not imported by the app:
//
//   npx tsx tools/bench/quantize_presets.ts [--rounds 3]
//
// Writes the synthetic float model (quantize_model.ts, 176.8 MB of float32 weights) to a temporary
// file, then measures each policy in a fresh child process (quantize_child.ts): MB of float32
// weights per second through the whole pipeline (readModel → plan → apply → writeModel → report),
// wall clock and CPU time (CPU is the steadier figure on a shared machine), and peak memory as a
// multiple of the file size (see quantize_measure.ts for exactly what is measured).

import type { PresetName } from '../../src/core/quantize';
import { syntheticFloatFile } from './quantize_model';
import { describeMeasurement, runQuantizeChild, withTempFile } from './quantize_section';

const i = process.argv.indexOf('--rounds');
const rounds = i >= 0 ? Number(process.argv[i + 1]) : 3;
if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be a positive integer');

const policies: { label: string; preset: PresetName; float16?: boolean }[] = [
  { label: 'tf2.21', preset: 'tf2.21' }, { label: 'tf2.14', preset: 'tf2.14' }, { label: 'tf2.4', preset: 'tf2.4' },
  { label: 'float16', preset: 'tf2.21', float16: true },
];

await withTempFile('synthetic_float.tflite', syntheticFloatFile(), async (file) => {
  for (const p of policies) {
    const m = await runQuantizeChild(file, { preset: p.preset, float16: p.float16, rounds });
    console.log(describeMeasurement(p.label, m));
  }
});
