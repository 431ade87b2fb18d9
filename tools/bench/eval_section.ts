// One bench section: our interpreter vs the official runtime evaluating one model on the MNIST
// test set, in interleaved rounds (interleave.ts), the median of each side reported.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { agreement } from '../../src/core/eval/metrics';
import { officialEngine, oursEngine, profileOurs, type EvalEngine } from './eval_engines';
import { evalRow, interleave, round1, round4 } from './interleave';
import type { BenchContext, BenchSection, SectionResult } from './types';

export interface EvalSectionSpec {
  /** --only name, e.g. 'float'. */
  id: string;
  /** Row label, e.g. 'float CNN'. */
  title: string;
  /** JSON keys written: `${keyPrefix}OursMs`, `${keyPrefix}OfficialMs` (+ CPU ms, ratio, accuracy, agreement). */
  keyPrefix: string;
  /** Candidate model files, first existing one wins (e.g. a fixture, then a shared model). */
  models: string[];
}

function pickModel(candidates: string[], exists: (p: string) => boolean): string | null {
  return candidates.find(exists) ?? null;
}

/** Ours / official: the eval goal (ours at most a third of the official runtime's time). */
const EVAL_GOAL = 0.333;

export function evalSection(spec: EvalSectionSpec): BenchSection {
  return {
    id: spec.id,
    title: spec.title,
    async run(ctx: BenchContext): Promise<SectionResult> {
      const file = pickModel(spec.models, ctx.exists);
      if (!file) return { skipped: `no model found (looked for ${spec.models.join(', ')})` };
      const name = path.basename(file);
      const bytes = new Uint8Array(readFileSync(file));
      let ours: EvalEngine;
      try {
        ours = oursEngine(bytes, name, ctx.chunkSize);
      } catch (e) {
        // Not a number we can measure (e.g. an op we do not run): say why, emit no key.
        return { skipped: `${name}: our interpreter cannot run it: ${(e as Error).message}` };
      }
      const official = await officialEngine(bytes, name);
      let result: SectionResult;
      try {
        const [o, f] = await interleave(spec.title, [{ engine: ours, model: name }, { engine: official, model: name }], ctx.testSet, ctx.rounds, ctx.log);
        const n = ctx.testSet.count;
        const agree = agreement(o.passes[0].predicted, f.passes[0].predicted);
        result = {
          rows: [evalRow(spec.title, o, n), evalRow(spec.title, f, n)],
          summary: `${spec.title}: argmax agreement ${(agree * 100).toFixed(2)}% (${Math.round(agree * n)}/${n}), ` +
            `ours/official = ${(o.ms / f.ms).toFixed(3)} wall, ${(o.cpuMs / f.cpuMs).toFixed(3)} CPU (goal ≤ ${EVAL_GOAL})`,
          keys: {
            [`${spec.keyPrefix}OursMs`]: round1(o.ms),
            [`${spec.keyPrefix}OfficialMs`]: round1(f.ms),
            [`${spec.keyPrefix}OursCpuMs`]: round1(o.cpuMs),
            [`${spec.keyPrefix}OfficialCpuMs`]: round1(f.cpuMs),
            [`${spec.keyPrefix}Ratio`]: round4(o.ms / f.ms),
            [`${spec.keyPrefix}OursAccuracy`]: o.passes[0].correct / n,
            [`${spec.keyPrefix}OfficialAccuracy`]: f.passes[0].correct / n,
            [`${spec.keyPrefix}Agreement`]: agree,
          },
        };
      } finally {
        ours.close();
        official.close();
      }
      if (ctx.profile && 'rows' in result) result.summary += `\n  ${await profileLine(bytes, name, ctx)}`;
      return result;
    },
  };
}

/** Where our time goes on this model: one profiled pass, node times summed per op type. */
export async function profileLine(bytes: Uint8Array, name: string, ctx: BenchContext, label = 'ours by op'): Promise<string> {
  const ops = await profileOurs(bytes, name, ctx.testSet, ctx.chunkSize);
  return `${label} (one profiled pass): ${ops.map((o) => `${o.opName} ${o.ms.toFixed(1)} ms (${(o.share * 100).toFixed(1)}%)`).join(', ')}`;
}
