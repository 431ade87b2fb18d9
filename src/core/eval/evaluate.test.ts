import { describe, expect, it } from 'vitest';
import type { TensorValue } from '../interpreter/kernel';
import type { ImageSet } from '../data/mnist';
import { evaluate, type ModelRunner } from './evaluate';
import type { InputInfo } from './image_input';

// A 2×5 "image" set whose label is the position of its brightest pixel (0..9), plus wrong cases.
function brightestPixelSet(labels: number[], truePositions: number[]): ImageSet {
  const images = new Uint8Array(labels.length * 10);
  truePositions.forEach((p, i) => {
    for (let k = 0; k < 10; k++) images[i * 10 + k] = (k * 7 + i) % 50; // dim background
    images[i * 10 + p] = 200 + (i % 50);
  });
  return { count: labels.length, rows: 2, cols: 5, images, labels: Uint8Array.from(labels) };
}

/** A hand-made runner: logits = pixels (so argmax = brightest pixel); records batch sizes seen. */
function pixelRunner(input: InputInfo, opts: { softmax?: boolean; maxBatch?: number } = {}) {
  const batches: number[] = [];
  const runner: ModelRunner = {
    inputs: [input],
    invoke([x]: TensorValue[]): TensorValue[] {
      const n = x.shape[0];
      if (opts.maxBatch !== undefined && n > opts.maxBatch) throw new Error(`RESHAPE (node 0): cannot reshape batch ${n}`);
      batches.push(n);
      const out = new Float32Array(n * 10);
      for (let i = 0; i < n * 10; i++) out[i] = Number(x.data[i]);
      if (opts.softmax) {
        for (let r = 0; r < n; r++) {
          let sum = 0;
          for (let k = 0; k < 10; k++) sum += Math.exp(out[r * 10 + k]);
          for (let k = 0; k < 10; k++) out[r * 10 + k] = Math.exp(out[r * 10 + k]) / sum;
        }
      }
      return [{ dtype: 'float32', shape: [n, 10], data: out, quantization: null }];
    },
  };
  return { runner, batches };
}

const FLOAT_IN: InputInfo = { name: 'x', dtype: 'float32', shape: [1, 2, 5] };

describe('evaluate (hand-made runner, known predictions)', () => {
  // 7 images: predicted = brightest position; images 2 and 5 are labelled differently (wrong).
  const positions = [0, 1, 2, 3, 4, 9, 9];
  const labels = [0, 1, 7, 3, 4, 8, 9];
  const set = brightestPixelSet(labels, positions);

  it('predicts, scores and builds the confusion matrix', async () => {
    const { runner, batches } = pixelRunner(FLOAT_IN);
    const progress: number[] = [];
    const r = await evaluate(runner, set, { chunkSize: 3, onProgress: (done) => progress.push(done) });
    expect(Array.from(r.predicted)).toEqual(positions);
    expect(r.correct).toBe(5);
    expect(r.accuracy).toBeCloseTo(5 / 7, 12);
    expect(r.confusion[7][2]).toBe(1);
    expect(r.confusion[8][9]).toBe(1);
    expect(r.confusion[9][9]).toBe(1);
    expect(r.perClassAccuracy[8]).toBe(0);
    expect(r.perClassAccuracy[5]).toBeNaN();
    expect(batches).toEqual([3, 3, 1]);
    expect(progress).toEqual([3, 6, 7]);
    expect(r.batchSize).toBe(3);
    expect(r.numClasses).toBe(10);
    expect(r.outputKind).toBe('logits');
    // float input = pixel / 255: image 0's top logit is 200/255
    expect(r.topScore[0]).toBeCloseTo(200 / 255, 6);
    expect(r.topProbability[0]).toBeGreaterThan(0.1);
    expect(r.topProbability[0]).toBeLessThan(1);
    expect(r.msPerImage).toBeGreaterThanOrEqual(0);
  });

  it('feeds uint8 inputs raw pixels and recognises probability outputs', async () => {
    const { runner } = pixelRunner({ name: 'x', dtype: 'uint8', shape: [1, 10] }, { softmax: true });
    const r = await evaluate(runner, set);
    expect(Array.from(r.predicted)).toEqual(positions);
    expect(r.outputKind).toBe('probabilities');
    // a 200-vs-≤49 logit gap: the softmax top is 1 in float32
    expect(r.topProbability[0]).toBe(1);
    expect(r.topProbability[0]).toBe(r.topScore[0]);
  });

  it('falls back to one image per invoke when the graph refuses a batch', async () => {
    const { runner, batches } = pixelRunner(FLOAT_IN, { maxBatch: 1 });
    const r = await evaluate(runner, set, { chunkSize: 4 });
    expect(r.batchSize).toBe(1);
    expect(batches).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(r.predicted)).toEqual(positions);
  });

  it('runs one image per invoke for an input without a batch dimension', async () => {
    const { runner, batches } = pixelRunner({ name: 'x', dtype: 'float32', shape: [2, 5] });
    // The runner reads shape[0] as n; with shape [2,5] it would see 2 — so use a wrapper.
    const wrapped: ModelRunner = { inputs: runner.inputs, invoke: ([x]) => runner.invoke([{ ...x, shape: [1, 10] }]) };
    const r = await evaluate(wrapped, set, { chunkSize: 100 });
    expect(r.batchSize).toBe(1);
    expect(batches.length).toBe(7);
    expect(Array.from(r.predicted)).toEqual(positions);
  });

  it('resets state before every invoke, so each image is an independent sequence', async () => {
    // A "stateful" runner: adds a counter that grows on every invoke unless reset; without resets
    // the counter would end up beating the pixel values and every prediction would drift.
    let state = 0;
    const resets: number[] = [];
    const { runner } = pixelRunner(FLOAT_IN);
    const stateful: ModelRunner = {
      inputs: runner.inputs,
      reset: () => { resets.push(state); state = 0; },
      invoke(x) {
        const [out] = runner.invoke(x);
        state += 10;
        (out.data as Float32Array)[9] += state - 10; // 0 after a reset, ≥ 10 otherwise
        return [out];
      },
    };
    const r = await evaluate(stateful, set, { chunkSize: 1 });
    expect(Array.from(r.predicted)).toEqual(positions);
    expect(resets).toEqual([0, 10, 10, 10, 10, 10, 10]);
  });

  it('stops when aborted and reports the abort', async () => {
    const { runner } = pixelRunner(FLOAT_IN);
    const ctl = new AbortController();
    const p = evaluate(runner, set, { chunkSize: 2, onProgress: (done) => { if (done === 2) ctl.abort(); }, signal: ctl.signal });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses inputs that are not one grey image, and non-classifier outputs', async () => {
    const { runner } = pixelRunner({ name: 'img', dtype: 'float32', shape: [1, 28, 28, 3] });
    await expect(evaluate(runner, set)).rejects.toThrow(/model input 'img' \(float32 \[1,28,28,3\]\) holds 2352 values/);
    const int8: ModelRunner = { ...pixelRunner(FLOAT_IN).runner, inputs: [{ name: 'q', dtype: 'int8', shape: [1, 10] }] };
    await expect(evaluate(int8, set)).rejects.toThrow(/must be float32 .* or uint8/);
    const scalar: ModelRunner = {
      inputs: [FLOAT_IN],
      invoke: ([x]) => [{ dtype: 'float32', shape: [x.shape[0], 1], data: new Float32Array(x.shape[0]), quantization: null }],
    };
    await expect(evaluate(scalar, set)).rejects.toThrow(/1 value\(s\) per image: not a classifier/);
  });

  it('reports the real error when even one image fails', async () => {
    const broken: ModelRunner = { inputs: [FLOAT_IN], invoke: () => { throw new Error('CONV_2D (node 3): hybrid not yet supported'); } };
    await expect(evaluate(broken, set)).rejects.toThrow(/CONV_2D \(node 3\): hybrid not yet supported/);
  });
});
