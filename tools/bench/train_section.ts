// Bench section: one epoch of the tutorial CNN (batch 32, lr 0.001, seed 1) on the 60,000 MNIST
// training images, the app's training code (src/core/train/train.ts) on tfjs's wasm backend:
//  - in headless Chromium, in a Web Worker, cross-origin isolated: threaded SIMD (epochSeconds);
//  - the same page not isolated: single-threaded SIMD (epochSecondsSingleThread);
//  - in this Node process (the CLI's `train`): SIMD, one thread (epochSecondsNode).
// Epoch seconds are train.ts's own figure (the training steps, without the test pass); test
// accuracy is over the 10,000 test images after the epoch. CPU: all Chromium processes (from
// /proc) or this Node process, from the 'start' to the 'epoch' event (so it includes the test
// pass). The three runs are interleaved for --rounds rounds and the medians reported (the seed is
// fixed, so every run of every engine trains the same model).

import { initBackend, type BackendInfo } from '../../src/core/train/backend';
import { loadIdxFolder } from '../../src/core/train/node_data';
import { nodeWasmDir } from '../../src/core/train/node_wasm';
import { median } from '../../src/core/eval/metrics';
import { train, type EpochEvent } from '../../src/core/train/train';
import { trainInChromium } from './chromium_training';
import type { BenchContext, BenchSection, SectionResult, TableRow } from './types';

export const TRAIN_SETTINGS = { batchSize: 32, learningRate: 0.001, epochs: 1, seed: 1 } as const;

export interface EpochFigure {
  engine: string;
  backend: BackendInfo;
  epoch: EpochEvent;
  /** CPU seconds over the epoch (see the header), NaN if not measured. */
  cpuSeconds: number;
  trainImages: number;
}

const TITLE = `train 1 epoch (batch ${TRAIN_SETTINGS.batchSize}, lr ${TRAIN_SETTINGS.learningRate})`;
const TRAIN_IMAGES = 60000;

/** e.g. "wasm SIMD, 1 thread" / "wasm threaded SIMD, 1 thread" (what tfjs actually started). */
export function describeBackend(b: BackendInfo): string {
  if (b.name !== 'wasm') return `${b.name}`;
  return `wasm ${b.multithreaded ? 'threaded ' : ''}${b.simd ? 'SIMD' : 'no SIMD'}, ${b.threads} thread${b.threads === 1 ? '' : 's'}`;
}

export function epochRow(f: EpochFigure): TableRow {
  const ms = f.epoch.epochSeconds * 1000;
  return {
    section: TITLE, engine: `${f.engine} (${describeBackend(f.backend)})`, model: `tutorial CNN, seed ${TRAIN_SETTINGS.seed}`,
    images: f.trainImages, ms, cpuMs: f.cpuSeconds * 1000, msPerImage: ms / f.trainImages, accuracy: f.epoch.testAccuracy,
  };
}

async function chromiumEpoch(isolated: boolean, log: (line: string) => void): Promise<EpochFigure> {
  const r = await trainInChromium({
    isolated, ...TRAIN_SETTINGS,
    onLine: (line) => { if (line.startsWith('{"type":"epoch"')) log(`    ${line}`); },
  });
  if (r.epochs.length !== 1) throw new Error(`Chromium run gave ${r.epochs.length} epoch events, expected 1`);
  if (isolated !== r.crossOriginIsolated) throw new Error(`the page was ${r.crossOriginIsolated ? '' : 'not '}cross-origin isolated (wanted ${isolated})`);
  if (isolated && !r.backend.multithreaded) throw new Error(`the isolated page did not get tfjs's threaded wasm (${describeBackend(r.backend)})`);
  return {
    engine: isolated ? 'Chromium worker, isolated' : 'Chromium worker, not isolated',
    backend: r.backend, epoch: r.epochs[0], cpuSeconds: r.cpuSeconds[0] ?? NaN, trainImages: TRAIN_IMAGES,
  };
}

async function nodeEpoch(log: (line: string) => void): Promise<EpochFigure> {
  const backend = await initBackend({ wasmPaths: nodeWasmDir(), order: ['wasm'] });
  const { train: trainSet, test } = loadIdxFolder();
  let cpuStart: NodeJS.CpuUsage | null = null;
  let cpuSeconds = NaN;
  const result = await train(trainSet, test, TRAIN_SETTINGS, (e) => {
    if (e.type === 'start') cpuStart = process.cpuUsage();
    if (e.type === 'epoch' && cpuStart) {
      const d = process.cpuUsage(cpuStart);
      cpuSeconds = (d.user + d.system) / 1e6;
      log(`    ${JSON.stringify(e)}`);
    }
  });
  return { engine: 'Node (this process)', backend, epoch: result.epochs[0], cpuSeconds, trainImages: trainSet.count };
}

/** The run with the median epoch time, its CPU seconds replaced by the median CPU seconds. */
export function medianRun(runs: readonly EpochFigure[]): EpochFigure {
  const m = median(runs.map((r) => r.epoch.epochSeconds));
  const closest = runs.reduce((a, b) => (Math.abs(b.epoch.epochSeconds - m) < Math.abs(a.epoch.epochSeconds - m) ? b : a));
  return { ...closest, epoch: { ...closest.epoch, epochSeconds: m }, cpuSeconds: median(runs.map((r) => r.cpuSeconds)) };
}

export function trainSection(): BenchSection {
  return {
    id: 'train',
    title: TITLE,
    training: true,
    async run(ctx: BenchContext): Promise<SectionResult> {
      const runs: EpochFigure[][] = [[], [], []];
      for (let r = 0; r < ctx.rounds; r++) {
        ctx.log(`  round ${r + 1}/${ctx.rounds}: Chromium, cross-origin isolated (threads on)...`);
        runs[0].push(await chromiumEpoch(true, ctx.log));
        ctx.log(`  round ${r + 1}/${ctx.rounds}: Chromium, not isolated (one thread)...`);
        runs[1].push(await chromiumEpoch(false, ctx.log));
        ctx.log(`  round ${r + 1}/${ctx.rounds}: Node, tfjs wasm...`);
        runs[2].push(await nodeEpoch(ctx.log));
      }
      const figures = runs.map(medianRun);
      const [threaded, single, node] = figures;
      const accuracies = new Set(runs.flat().map((f) => f.epoch.testAccuracy));
      const s = (f: EpochFigure) => f.epoch.epochSeconds;
      return {
        rows: figures.map(epochRow),
        summary: `${TITLE}: threads on ${s(threaded).toFixed(1)} s (${(threaded.epoch.testAccuracy * 100).toFixed(2)}% test), ` +
          `one thread ${s(single).toFixed(1)} s (${(single.epoch.testAccuracy * 100).toFixed(2)}%), Node ${s(node).toFixed(1)} s ` +
          `(${(node.epoch.testAccuracy * 100).toFixed(2)}%); threaded speed-up ${(s(single) / s(threaded)).toFixed(2)}× wall, ` +
          `${(single.cpuSeconds / threaded.cpuSeconds).toFixed(2)}× CPU; median of ${ctx.rounds}; ` +
          `${accuracies.size === 1 ? 'every run reached the same test accuracy' : `test accuracies differ between runs: ${[...accuracies].join(', ')}`}`,
        keys: {
          epochSeconds: round2(s(threaded)),
          epochSecondsSingleThread: round2(s(single)),
          epochSecondsNode: round2(s(node)),
          epochCpuSeconds: round2(threaded.cpuSeconds),
          epochCpuSecondsSingleThread: round2(single.cpuSeconds),
          epochCpuSecondsNode: round2(node.cpuSeconds),
          epochTestAccuracy: threaded.epoch.testAccuracy,
          epochTestAccuracySingleThread: single.epoch.testAccuracy,
          epochTestAccuracyNode: node.epoch.testAccuracy,
          epochThreads: threaded.backend.threads,
        },
      };
    },
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
