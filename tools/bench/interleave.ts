// Several engines timed on the same image set in interleaved rounds (A, B, C, A, B, C, ...) after
// an untimed warm-up of each (JIT, buffer pools, wasm heaps), the median of each reported: slow
// patches of this shared, noisy machine then hit every engine alike.

import { sliceSet, type ImageSet } from '../../src/core/data/mnist';
import { median } from '../../src/core/eval/metrics';
import type { EvalEngine, EvalPass } from './eval_engines';
import type { TableRow } from './types';

export const WARMUP_IMAGES = 200;

export interface EngineRuns {
  engine: EvalEngine;
  /** Model file name, for the table. */
  model: string;
  passes: EvalPass[];
  /** Medians over the passes, ms. */
  ms: number;
  cpuMs: number;
}

export interface Contender {
  engine: EvalEngine;
  model: string;
  /** Short name for the progress lines (default: the engine's first word, e.g. 'ours'). */
  label?: string;
}

export async function interleave(
  title: string, contenders: readonly Contender[], set: ImageSet, rounds: number, log: (line: string) => void,
): Promise<EngineRuns[]> {
  const warm = sliceSet(set, WARMUP_IMAGES);
  for (const c of contenders) await c.engine.pass(warm);
  const passes: EvalPass[][] = contenders.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const line: string[] = [];
    for (let i = 0; i < contenders.length; i++) {
      const p = await contenders[i].engine.pass(set);
      passes[i].push(p);
      line.push(`${contenders[i].label ?? contenders[i].engine.name.split(' ')[0]} ${p.ms.toFixed(0)} ms`);
    }
    log(`  ${title} round ${r + 1}/${rounds}: ${line.join(', ')}`);
  }
  return contenders.map((c, i) => ({
    engine: c.engine, model: c.model, passes: passes[i],
    ms: median(passes[i].map((p) => p.ms)), cpuMs: median(passes[i].map((p) => p.cpuMs)),
  }));
}

/** The table row of one engine's runs (accuracy from its first pass; every pass predicts the same). */
export function evalRow(section: string, runs: EngineRuns, images: number): TableRow {
  return {
    section, model: runs.model, engine: runs.engine.name, images, ms: runs.ms, cpuMs: runs.cpuMs,
    msPerImage: runs.ms / images, accuracy: runs.passes[0].correct / images,
  };
}

export const round1 = (x: number): number => Math.round(x * 10) / 10;
export const round4 = (x: number): number => Number(x.toFixed(4));
