// The training loop on tfjs-wasm, on small slices of MNIST so it stays quick (the full-epoch
// figure is measured by the CLI, not here): events, learning, repeatability, cancellation, leaks.

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { sliceSet, type ImageSet } from '../data/mnist';
import { initBackend } from './backend';
import { loadIdxFolder } from './node_data';
import { nodeWasmDir } from './node_wasm';
import { TrainInputError, train, type BatchEvent, type TrainEvent } from './train';

let trainSet: ImageSet;
let testSet: ImageSet;

beforeAll(async () => {
  const info = await initBackend({ wasmPaths: nodeWasmDir(), order: ['wasm'] });
  expect(info).toMatchObject({ name: 'wasm', simd: true, threads: 1 });
  const data = loadIdxFolder();
  trainSet = sliceSet(data.train, 2000);
  testSet = sliceSet(data.test, 1000);
});

describe('train', () => {
  it('learns from 2,000 images in one epoch and reports JSON-able progress', async () => {
    const before = tf.memory().numTensors;
    const events: TrainEvent[] = [];
    const result = await train(trainSet, testSet, { seed: 5 }, (e) => events.push(e));
    expect(tf.memory().numTensors).toBe(before);

    expect(events[0]).toMatchObject({
      type: 'start', backend: 'wasm', seed: 5, epochs: 1, batchSize: 32, learningRate: 0.001, trainCount: 2000,
      testCount: 1000, batchesPerEpoch: 63,
    });
    const batches = events.filter((e): e is BatchEvent => e.type === 'batch');
    expect(batches.map((b) => b.batch)).toEqual(Array.from({ length: 63 }, (_, i) => i));
    for (const b of batches) {
      expect(b.loss).toBeGreaterThan(0);
      expect(b.accuracy).toBeGreaterThanOrEqual(0);
      expect(b.accuracy).toBeLessThanOrEqual(1);
      expect(b.imagesPerSecond).toBeGreaterThan(0);
    }
    // Loss falls: the last 10 batches average well below the first 10 (ln 10 ≈ 2.3 at the start).
    const mean = (xs: BatchEvent[]) => xs.reduce((s, b) => s + b.loss, 0) / xs.length;
    expect(mean(batches.slice(0, 10))).toBeGreaterThan(1.8);
    expect(mean(batches.slice(-10))).toBeLessThan(0.8 * mean(batches.slice(0, 10)));

    const epoch = events.at(-1)!;
    expect(epoch.type).toBe('epoch');
    if (epoch.type !== 'epoch') return;
    // Chance is 10 %; 2,000 images reach ~75-85 % here.
    expect(epoch.testAccuracy).toBeGreaterThan(0.6);
    expect(epoch.epochSeconds).toBeGreaterThan(0);
    expect(result.epochs).toEqual([epoch]);
    expect(JSON.parse(JSON.stringify(events))).toEqual(events);
    expect(result.weights.convKernel.length).toBe(108);
    expect(result.weights.denseKernel.length).toBe(20280);
  });

  it('is repeatable: the same seed gives the same weights; another seed does not', async () => {
    const small = sliceSet(trainSet, 320);
    const tiny = sliceSet(testSet, 100);
    const a = await train(small, tiny, { seed: 9, batchSize: 32 });
    const b = await train(small, tiny, { seed: 9, batchSize: 32 });
    const c = await train(small, tiny, { seed: 10, batchSize: 32 });
    expect(b.weights).toEqual(a.weights);
    expect(c.weights.denseKernel).not.toEqual(a.weights.denseKernel);
  });

  it('runs several epochs and a last partial batch', async () => {
    const events: TrainEvent[] = [];
    await train(sliceSet(trainSet, 100), sliceSet(testSet, 50), { seed: 1, epochs: 2, batchSize: 48 }, (e) => events.push(e));
    const batches = events.filter((e): e is BatchEvent => e.type === 'batch');
    expect(batches.map((b) => `${b.epoch}.${b.batch}`)).toEqual(['0.0', '0.1', '0.2', '1.0', '1.1', '1.2']);
    expect(events.filter((e) => e.type === 'epoch').length).toBe(2);
  });

  it('stops within one batch when aborted, rejects with the abort reason and leaks no tensor', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const seen: number[] = [];
    const run = train(trainSet, testSet, { seed: 2, signal: controller.signal }, (e) => {
      if (e.type !== 'batch') return;
      seen.push(e.batch);
      if (e.batch === 4) controller.abort(new Error('user pressed stop'));
    });
    await expect(run).rejects.toThrow('user pressed stop');
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('can be aborted from outside while it runs (a timer, as a worker message would)', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    let batches = 0;
    const run = train(trainSet, testSet, { seed: 2, signal: controller.signal }, (e) => {
      if (e.type === 'batch' && ++batches === 3) setTimeout(() => controller.abort(), 0);
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(batches).toBeLessThan(63);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const events: TrainEvent[] = [];
    await expect(train(trainSet, testSet, { signal: controller.signal }, (e) => events.push(e))).rejects.toMatchObject({ name: 'AbortError' });
    expect(events).toEqual([]);
  });

  it('refuses bad options and data that does not fit the model, naming the problem', async () => {
    const wrongSize: ImageSet = { count: 1, rows: 27, cols: 28, images: new Uint8Array(27 * 28), labels: new Uint8Array(1) };
    await expect(train(wrongSize, testSet)).rejects.toThrow(/training images are 27×28; the model takes 28×28/);
    await expect(train(trainSet, testSet, { batchSize: 0 })).rejects.toThrow(TrainInputError);
    await expect(train(trainSet, testSet, { epochs: 1.5 })).rejects.toThrow(/epochs must be a positive integer/);
    await expect(train(trainSet, testSet, { learningRate: -1 })).rejects.toThrow(/learningRate must be > 0/);
    await expect(train(sliceSet(trainSet, 0), testSet)).rejects.toThrow(/training set is empty/);
  });
});
