// evaluate() on real (tiny, hand-made) models run by our interpreter: known predictions.
import { describe, expect, it } from 'vitest';
import type { ImageSet } from '../data/mnist';
import { Interpreter } from '../interpreter/interpreter';
import { buildModel, options } from '../testing/model_builder';
import { evaluate } from './evaluate';
import { compareOutputs } from './compare';

// 2×5 images; image i has one bright pixel at position p[i] and a dim background.
function set(positions: number[], labels: number[]): ImageSet {
  const images = new Uint8Array(positions.length * 10);
  positions.forEach((p, i) => {
    for (let k = 0; k < 10; k++) images[i * 10 + k] = 10 + k;
    images[i * 10 + p] = 150;
  });
  return { count: positions.length, rows: 2, cols: 5, images, labels: Uint8Array.from(labels) };
}

/** logits = reshape(x, [-1, 10]) + bias: argmax is the bright pixel unless the bias overrides it. */
function pixelPlusBias(bias: number[], opts: { fixedBatch?: boolean } = {}) {
  return buildModel({
    tensors: {
      x: { dtype: 'float32', shape: [1, 2, 5], shapeSignature: opts.fixedBatch ? undefined : [-1, 2, 5] },
      new_shape: { dtype: 'int32', shape: [2], data: [opts.fixedBatch ? 1 : -1, 10] },
      flat: { dtype: 'float32', shape: [1, 10] },
      bias: { dtype: 'float32', shape: [10], data: bias },
      logits: { dtype: 'float32', shape: [1, 10] },
    },
    ops: [
      { op: 'RESHAPE', inputs: ['x', 'new_shape'], outputs: ['flat'] },
      { op: 'ADD', options: options('AddOptions'), inputs: ['flat', 'bias'], outputs: ['logits'] },
    ],
    inputs: ['x'],
    outputs: ['logits'],
  });
}

/** A uint8-input model that casts inside (as mnist_autokeras_float): logits = float(reshape(x)). */
function uint8Pixels() {
  return buildModel({
    tensors: {
      x: { dtype: 'uint8', shape: [1, 2, 5], shapeSignature: [-1, 2, 5] },
      new_shape: { dtype: 'int32', shape: [2], data: [-1, 10] },
      flat: { dtype: 'uint8', shape: [1, 10] },
      logits: { dtype: 'float32', shape: [1, 10] },
    },
    ops: [
      { op: 'RESHAPE', inputs: ['x', 'new_shape'], outputs: ['flat'] },
      { op: 'CAST', options: options('CastOptions', { inDataType: 'uint8', outDataType: 'float32' }), inputs: ['flat'], outputs: ['logits'] },
    ],
    inputs: ['x'],
    outputs: ['logits'],
  });
}

const ZERO = new Array(10).fill(0);

describe('evaluate on interpreter models', () => {
  // Bias +0.9 on class 3: a bright pixel (150/255 ≈ 0.59) at p loses to class 3 (≈ 0.05 + 0.9) —
  // so with this bias every image is predicted 3. Without bias, the bright pixel wins.
  const positions = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 2, 2];
  const labels = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 2, 5];
  const data = set(positions, labels);

  it('predicts the bright pixel, batched (11/12 correct)', async () => {
    const interp = Interpreter.create(pixelPlusBias(ZERO));
    const r = await evaluate(interp, data, { chunkSize: 5 });
    expect(Array.from(r.predicted)).toEqual(positions);
    expect(r.correct).toBe(11);
    expect(r.confusion[5][2]).toBe(1);
    expect(r.batchSize).toBe(5);
    expect(r.topScore[0]).toBeCloseTo(150 / 255, 6);
  });

  it('follows a bias that overrides the image (every image predicted 3)', async () => {
    const bias = ZERO.slice();
    bias[3] = 0.9;
    const r = await evaluate(Interpreter.create(pixelPlusBias(bias)), data);
    expect(Array.from(r.predicted)).toEqual(new Array(12).fill(3));
    expect(r.correct).toBe(1);
    expect(r.perClassAccuracy[3]).toBe(1);
    expect(r.perClassAccuracy[0]).toBe(0);
  });

  it('runs a model that only takes batch 1 (constant RESHAPE [1,10]) one image at a time', async () => {
    const r = await evaluate(Interpreter.create(pixelPlusBias(ZERO, { fixedBatch: true })), data, { chunkSize: 4 });
    expect(r.batchSize).toBe(1);
    expect(Array.from(r.predicted)).toEqual(positions);
  });

  it('feeds raw uint8 pixels to a uint8 model', async () => {
    const r = await evaluate(Interpreter.create(uint8Pixels()), data);
    expect(Array.from(r.predicted)).toEqual(positions);
    expect(r.topScore[0]).toBe(150);
  });

  it('compareOutputs: a model against itself agrees; against a biased twin it does not', async () => {
    const a = Interpreter.create(pixelPlusBias(ZERO));
    const self = await compareOutputs(a, Interpreter.create(pixelPlusBias(ZERO)), { seed: 4, samples: 10 });
    expect(self.top1Agreement).toBe(1);
    expect(self.maxAbsDiff).toBe(0);
    const bias = ZERO.slice();
    bias[3] = 5; // beats every input in [-1, 1): the biased twin always says 3
    const other = await compareOutputs(a, Interpreter.create(pixelPlusBias(bias)), { seed: 4, samples: 10 });
    // float32(x + 5) − x: 5 within half an ulp of 5 (2^-21)
    expect(Math.abs(other.maxAbsDiff - 5)).toBeLessThanOrEqual(2 ** -21);
    expect(other.top1Agreement).toBeLessThan(0.5);
  });
});
