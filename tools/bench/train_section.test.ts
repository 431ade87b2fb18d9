// The training section's pure helpers (the Chromium and Node runs themselves take minutes: they
// run in `npm run bench`, not in unit tests).
import { describe, expect, it } from 'vitest';
import type { BackendInfo } from '../../src/core/train/backend';
import type { EpochEvent } from '../../src/core/train/train';
import { describeBackend, epochRow, medianRun } from './train_section';

const wasm = (simd: boolean, multithreaded: boolean, threads: number): BackendInfo => ({ name: 'wasm', simd, multithreaded, threads, skipped: [] });

describe('bench training section helpers', () => {
  it('describes what tfjs started', () => {
    expect(describeBackend(wasm(true, true, 2))).toBe('wasm threaded SIMD, 2 threads');
    expect(describeBackend(wasm(true, false, 1))).toBe('wasm SIMD, 1 thread');
    expect(describeBackend({ name: 'cpu', simd: null, multithreaded: null, threads: 1, skipped: [] })).toBe('cpu');
  });

  it('makes a table row from one epoch', () => {
    const epoch: EpochEvent = { type: 'epoch', epoch: 0, meanLoss: 0.2, trainAccuracy: 0.93, testAccuracy: 0.9654, epochSeconds: 20, evalSeconds: 1 };
    expect(epochRow({ engine: 'Node', backend: wasm(true, false, 1), epoch, cpuSeconds: 19.5, trainImages: 60000 })).toEqual({
      section: 'train 1 epoch (batch 32, lr 0.001)', engine: 'Node (wasm SIMD, 1 thread)', model: 'tutorial CNN, seed 1',
      images: 60000, ms: 20000, cpuMs: 19500, msPerImage: 20000 / 60000, accuracy: 0.9654,
    });
  });
});

describe('bench training section medians', () => {
  it('takes the median epoch time and the median CPU seconds', () => {
    const run = (epochSeconds: number, cpuSeconds: number, testAccuracy = 0.96) => ({
      engine: 'x', backend: wasm(true, false, 1), cpuSeconds, trainImages: 60000,
      epoch: { type: 'epoch' as const, epoch: 0, meanLoss: 0.2, trainAccuracy: 0.9, testAccuracy, epochSeconds, evalSeconds: 1 },
    });
    const m = medianRun([run(30, 10), run(18, 14), run(20, 12, 0.97)]);
    expect(m.epoch.epochSeconds).toBe(20);
    expect(m.cpuSeconds).toBe(12);
    expect(m.epoch.testAccuracy).toBe(0.97);
    expect(medianRun([run(10, 1), run(20, 3)]).epoch.epochSeconds).toBe(15);
  });
});
