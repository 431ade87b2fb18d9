// Bench section: dynamic range quantization of OUR trained CNN, done by our quantizer inside the
// bench, then evaluated on the MNIST test set by our interpreter and the official runtime.
//
// The official runtime here (tfjs-tflite 0.0.1-alpha.10, ~TF 2.12) cannot load FULLY_CONNECTED v12
// (per-channel hybrid FC, what the default tf2.21 preset writes), so the two runtimes are compared
// on the tf2.14 quantization (FC v9 per-tensor, CONV_2D v5 per-channel): the same bytes on both
// sides. Ours also runs the tf2.21 file, and the float file in the same interleaved rounds, so the
// goal "DRQ eval no slower than float eval" is measured under the same machine load.
//
// Keys: evalDrqOursMs (ours, tf2.14 file), evalDrqOfficialMs (official, same file),
// evalDrqOursV12Ms (ours, tf2.21 file), evalDrqFloatOursMs (ours, the float file), CPU-time twins,
// ratios, accuracies and argmax agreement.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { agreement } from '../../src/core/eval/metrics';
import { makePolicy, quantizeFile, type PresetName } from '../../src/core/quantize';
import type { Model } from '../../src/core/tflite/ir';
import { opName } from '../../src/core/tflite/op_names';
import { errorText } from '../goldens/official_runtime';
import { officialEngine, oursEngine, type EvalEngine } from './eval_engines';
import { profileLine } from './eval_section';
import { evalRow, interleave, round1, round4, type Contender } from './interleave';
import type { BenchContext, BenchSection, SectionResult } from './types';

export interface DrqSectionSpec {
  id: string;
  title: string;
  /** 'evalDrq' → evalDrqOursMs, evalDrqOfficialMs, evalDrqOursV12Ms, ... */
  keyPrefix: string;
  /** Candidate float model files, first existing one wins. */
  floatModels: string[];
}

/** The goals (issue text): our DRQ eval at most our float eval, and at most 5% of the official runtime's hybrid time. */
export const DRQ_GOALS = { vsFloat: 1, vsOfficial: 0.05 };

/** e.g. "CONV_2D v5, FULLY_CONNECTED v9" (the op versions our quantizer wrote). */
export function opVersions(model: Model): string {
  return model.operatorCodes.map((c) => `${opName(c.builtinCode)} v${c.version}`).join(', ');
}

async function quantized(bytes: Uint8Array, name: string, preset: PresetName) {
  const r = await quantizeFile(bytes, makePolicy({ preset }), { fileName: name });
  return { bytes: r.bytes, model: r.model, name: `${path.basename(name, '.tflite')} → DRQ ${preset} (ours)` };
}

export function drqSection(spec: DrqSectionSpec): BenchSection {
  return {
    id: spec.id,
    title: spec.title,
    async run(ctx: BenchContext): Promise<SectionResult> {
      const file = spec.floatModels.find(ctx.exists);
      if (!file) return { skipped: `no float model found (looked for ${spec.floatModels.join(', ')})` };
      const name = path.basename(file);
      const floatBytes = new Uint8Array(readFileSync(file));
      const v9 = await quantized(floatBytes, name, 'tf2.14');
      const v12 = await quantized(floatBytes, name, 'tf2.21');
      ctx.log(`  quantized ${name}: tf2.14 ${v9.bytes.length} B (${opVersions(v9.model)}); tf2.21 ${v12.bytes.length} B (${opVersions(v12.model)})`);
      const v12Official = await officialLoads(v12.bytes, v12.name);

      const engines: EvalEngine[] = [];
      try {
        const contender = (engine: EvalEngine, model: string, label: string): Contender => {
          engines.push(engine);
          return { engine, model, label };
        };
        const contenders = [
          contender(oursEngine(v9.bytes, v9.name, ctx.chunkSize), v9.name, 'ours tf2.14'),
          contender(await officialEngine(v9.bytes, v9.name), v9.name, 'official tf2.14'),
          contender(oursEngine(v12.bytes, v12.name, ctx.chunkSize), v12.name, 'ours tf2.21'),
          contender(oursEngine(floatBytes, name, ctx.chunkSize), name, 'ours float'),
        ];
        const [ours, official, oursV12, oursFloat] = await interleave(spec.title, contenders, ctx.testSet, ctx.rounds, ctx.log);
        const n = ctx.testSet.count;
        const agree = agreement(ours.passes[0].predicted, official.passes[0].predicted);
        const flips = n - Math.round(agreement(oursV12.passes[0].predicted, oursFloat.passes[0].predicted) * n);
        const vsFloat = ours.ms / oursFloat.ms;
        const vsOfficial = ours.ms / official.ms;
        const k = spec.keyPrefix;
        const profiles = ctx.profile
          ? ['', `  ${await profileLine(v9.bytes, v9.name, ctx, 'ours tf2.14 by op')}`, `  ${await profileLine(v12.bytes, v12.name, ctx, 'ours tf2.21 by op')}`,
            `  ${await profileLine(floatBytes, name, ctx, 'ours float by op')}`].join('\n')
          : '';
        return {
          rows: [ours, official, oursV12, oursFloat].map((r) => evalRow(spec.title, r, n)),
          summary: [
            `${spec.title}: tf2.14 file, ours vs official argmax agreement ${(agree * 100).toFixed(2)}% (${Math.round(agree * n)}/${n}); ` +
              `tf2.21 file vs float: ${flips} prediction(s) differ`,
            `  ours DRQ / ours float = ${vsFloat.toFixed(3)} wall, ${(ours.cpuMs / oursFloat.cpuMs).toFixed(3)} CPU (goal ≤ ${DRQ_GOALS.vsFloat}); ` +
              `tf2.21 DRQ / float = ${(oursV12.ms / oursFloat.ms).toFixed(3)} wall`,
            `  ours DRQ / official DRQ = ${vsOfficial.toFixed(3)} wall, ${(ours.cpuMs / official.cpuMs).toFixed(3)} CPU (goal ≤ ${DRQ_GOALS.vsOfficial})`,
            `  official runtime on the tf2.21 file: ${v12Official}`,
          ].join('\n') + profiles,
          keys: {
            [`${k}OursMs`]: round1(ours.ms),
            [`${k}OfficialMs`]: round1(official.ms),
            [`${k}OursV12Ms`]: round1(oursV12.ms),
            [`${k}FloatOursMs`]: round1(oursFloat.ms),
            [`${k}OursCpuMs`]: round1(ours.cpuMs),
            [`${k}OfficialCpuMs`]: round1(official.cpuMs),
            [`${k}OursV12CpuMs`]: round1(oursV12.cpuMs),
            [`${k}FloatOursCpuMs`]: round1(oursFloat.cpuMs),
            [`${k}Ratio`]: round4(vsOfficial),
            [`${k}VsFloat`]: round4(vsFloat),
            [`${k}OursAccuracy`]: ours.passes[0].correct / n,
            [`${k}OfficialAccuracy`]: official.passes[0].correct / n,
            [`${k}OursV12Accuracy`]: oursV12.passes[0].correct / n,
            [`${k}FloatAccuracy`]: oursFloat.passes[0].correct / n,
            [`${k}Agreement`]: agree,
          },
        };
      } finally {
        for (const e of engines) e.close();
      }
    },
  };
}

/** Whether the official runtime loads a file, in words (its refusal, verbatim, when it does not). */
async function officialLoads(bytes: Uint8Array, name: string): Promise<string> {
  try {
    (await officialEngine(bytes, name)).close();
    return 'loads';
  } catch (e) {
    return `refused (${errorText(e).slice(0, 300)})`;
  }
}
