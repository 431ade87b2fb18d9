// One bench section: our interpreter vs the official runtime evaluating one model on the MNIST
// test set. Runs are interleaved (ours, official, ours, official, ...) after an untimed warm-up of
// each, and the median of each side is reported, so slow patches of this shared, noisy machine
// hit both sides alike.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sliceSet, type ImageSet } from '../../src/core/data/mnist';
import { agreement, median } from '../../src/core/eval/metrics';
import { officialEngine, oursEngine, profileOurs, type EvalEngine, type EvalPass } from './eval_engines';
import type { BenchContext, BenchSection, SectionResult } from './types';

export interface EvalSectionSpec {
  /** Row label, e.g. 'float CNN'. */
  title: string;
  /** JSON keys written: `${keyPrefix}OursMs`, `${keyPrefix}OfficialMs` (+ accuracy, agreement). */
  keyPrefix: string;
  /** Candidate model files, first existing one wins (e.g. a fixture, then a shared model). */
  models: string[];
}

const WARMUP_IMAGES = 200;

function pickModel(candidates: string[], exists: (p: string) => boolean): string | null {
  return candidates.find(exists) ?? null;
}

export function evalSection(spec: EvalSectionSpec): BenchSection {
  return {
    title: spec.title,
    async run(ctx: BenchContext): Promise<SectionResult> {
      const file = pickModel(spec.models, ctx.exists);
      if (!file) return { skipped: `no model found (looked for ${spec.models.join(', ')})` };
      const name = path.basename(file);
      const bytes = new Uint8Array(readFileSync(file));
      let ours: EvalEngine;
      try {
        ours = oursEngine(bytes, name);
      } catch (e) {
        // Not a number we can measure yet (e.g. hybrid kernels not landed): say why, emit no key.
        return { skipped: `${name}: our interpreter cannot run it: ${(e as Error).message}` };
      }
      const official = await officialEngine(bytes, name);
      let result: SectionResult;
      try {
        result = await compare(spec, name, ctx.testSet, ctx.rounds, ours, official, ctx.log);
      } finally {
        ours.close();
        official.close();
      }
      if (ctx.profile && 'rows' in result) {
        const ops = await profileOurs(bytes, name, ctx.testSet);
        result.summary += `\n  ours by op (one profiled pass): ${ops.map((o) => `${o.opName} ${o.ms.toFixed(1)} ms (${(o.share * 100).toFixed(1)}%)`).join(', ')}`;
      }
      return result;
    },
  };
}

async function compare(
  spec: EvalSectionSpec, name: string, set: ImageSet, rounds: number,
  ours: EvalEngine, official: EvalEngine, log: (line: string) => void,
): Promise<SectionResult> {
  const warm = sliceSet(set, WARMUP_IMAGES);
  await ours.pass(warm);
  await official.pass(warm);
  const oursRuns: EvalPass[] = [];
  const officialRuns: EvalPass[] = [];
  for (let r = 0; r < rounds; r++) {
    oursRuns.push(await ours.pass(set));
    officialRuns.push(await official.pass(set));
    log(`  ${spec.title} round ${r + 1}/${rounds}: ours ${oursRuns[r].ms.toFixed(0)} ms, official ${officialRuns[r].ms.toFixed(0)} ms`);
  }
  const oursMs = median(oursRuns.map((p) => p.ms));
  const officialMs = median(officialRuns.map((p) => p.ms));
  const a = oursRuns[0];
  const b = officialRuns[0];
  const agree = agreement(a.predicted, b.predicted);
  const n = set.count;
  const row = (engine: string, p: EvalPass, ms: number) => ({
    section: spec.title, model: name, engine, images: n, ms, msPerImage: ms / n, accuracy: p.correct / n,
  });
  return {
    rows: [row(ours.name, a, oursMs), row(official.name, b, officialMs)],
    summary: `${spec.title}: argmax agreement ${(agree * 100).toFixed(2)}% (${Math.round(agree * n)}/${n}), ` +
      `ours/official = ${(oursMs / officialMs).toFixed(3)} (goal ≤ 0.333)`,
    keys: {
      [`${spec.keyPrefix}OursMs`]: round1(oursMs),
      [`${spec.keyPrefix}OfficialMs`]: round1(officialMs),
      [`${spec.keyPrefix}Ratio`]: Number((oursMs / officialMs).toFixed(4)),
      [`${spec.keyPrefix}OursAccuracy`]: a.correct / n,
      [`${spec.keyPrefix}OfficialAccuracy`]: b.correct / n,
      [`${spec.keyPrefix}Agreement`]: agree,
    },
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
