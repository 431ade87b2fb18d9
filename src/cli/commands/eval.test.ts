import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cli, tempFolder } from '../test_support';
import { idxBytes as idx } from '../../core/testing/idx_bytes';
import { SHARED_MODELS_DIR, SHARED_MODELS_SKIP_REASON, sharedModelsAvailable } from '../../core/testing/goldens/shared_models';
import { buildModel, options } from '../../core/testing/model_builder';
import { writeModel } from '../../core/tflite/writer';
import { loadMnistTestSet } from './eval';
import { quantizeFile } from '../../core/quantize/pipeline';
import { makePolicy } from '../../core/quantize/policy';

const SHARED = SHARED_MODELS_DIR;
const HAVE_SHARED = sharedModelsAvailable();
const SKIP = SHARED_MODELS_SKIP_REASON;

const dir = tempFolder('quant-lab-eval-');

// A 2×5 "MNIST" test set: image i is bright at position p[i]; label l[i].
const positions = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 4, 4];
const labels = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 4, 1];
function writeSet(folder: string, gz: boolean): string {
  mkdirSync(folder, { recursive: true });
  const images = new Uint8Array(positions.length * 10).fill(20);
  positions.forEach((p, i) => { images[i * 10 + p] = 255; });
  const put = (name: string, bytes: Uint8Array) => writeFileSync(path.join(folder, gz ? `${name}.gz` : name), gz ? gzipSync(bytes) : bytes);
  put('t10k-images-idx3-ubyte', idx([positions.length, 2, 5], images));
  put('t10k-labels-idx1-ubyte', idx([labels.length], Uint8Array.from(labels)));
  return folder;
}
const plainDir = writeSet(path.join(dir, 'plain'), false);
const gzDir = writeSet(path.join(dir, 'gz'), true);

// logits = reshape(x, [-1, 10]) + 0: the brightest pixel wins.
const model = path.join(dir, 'pixels.tflite');
writeFileSync(model, writeModel(buildModel({
  tensors: {
    x: { dtype: 'float32', shape: [1, 2, 5], shapeSignature: [-1, 2, 5] },
    s: { dtype: 'int32', shape: [2], data: [-1, 10] },
    flat: { dtype: 'float32', shape: [1, 10] },
    zero: { dtype: 'float32', shape: [10], data: new Array(10).fill(0) },
    logits: { dtype: 'float32', shape: [1, 10] },
  },
  ops: [
    { op: 'RESHAPE', inputs: ['x', 's'], outputs: ['flat'] },
    { op: 'ADD', options: options('AddOptions'), inputs: ['flat', 'zero'], outputs: ['logits'] },
  ],
  inputs: ['x'],
  outputs: ['logits'],
})));

describe('eval (hand-made model and data folder)', () => {
  it('reports accuracy, per-class accuracy and time as JSON', async () => {
    const r = await cli('eval', model, '--data', plainDir, '--json');
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    expect(j.images).toBe(12);
    expect(j.correct).toBe(11); // the last image (bright at 4) is labelled 1
    expect(j.accuracy).toBeCloseTo(11 / 12, 12);
    expect(j.perClassCount[4]).toBe(2);
    expect(j.perClassAccuracy[1]).toBe(0.5);
    expect(j.perClassAccuracy[4]).toBe(1);
    expect(j.confusion[1][4]).toBe(1);
    expect(j.msPerImage).toBeGreaterThanOrEqual(0);
    expect(j.batchSize).toBe(12);
  });

  it('reads gzipped idx files and honours --limit; prints a readable report', async () => {
    const r = await cli('eval', model, '--data', gzDir, '--limit', '5');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/accuracy\s+100\.00% \(5\/5\)/);
    expect(r.out).toMatch(/^\s+1\s+100\.00%\s+\(1\/1\)$/m);
    expect(r.out).toMatch(/ms\/image/);
    expect(loadMnistTestSet(gzDir).count).toBe(12);
  });

  it('gives one-line errors for bad flags, folders and models', async () => {
    const bad = await cli('eval', model, '--limit', '0');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--limit must be a positive integer, got '0'/);
    const noData = await cli('eval', model, '--data', path.join(dir, 'missing'));
    expect(noData.code).toBe(1);
    expect(noData.err).toMatch(/data folder .*missing not found/);
    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    expect((await cli('eval', model, '--data', empty)).err).toMatch(/no t10k-images-idx3-ubyte \(or t10k-images-idx3-ubyte\.gz\)/);
    const notModel = path.join(dir, 'junk.tflite');
    writeFileSync(notModel, 'not a model');
    const junk = await cli('eval', notModel, '--data', plainDir);
    expect(junk.code).toBe(1);
    expect(junk.err.split('\n').length).toBe(1);
    expect(junk.err).toMatch(/junk\.tflite/);
    // 28×28 default data, 2×5 model: the input does not take the images
    const wrongSize = await cli('eval', model, '--limit', '3');
    expect(wrongSize.err).toMatch(/model input 'x' \(float32 \[1,2,5\]\) holds 10 values, not one 28×28 grey image/);
  });
});

describe.skipIf(!HAVE_SHARED)(HAVE_SHARED ? 'eval on the MNIST test set (shared models)' : SKIP, () => {
  it('mnist_cnn_float: eval --limit 500 gives accuracy > 0.9', async () => {
    const r = await cli('eval', path.join(SHARED, 'mnist_cnn_float.tflite'), '--limit', '500', '--json');
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    expect(j.images).toBe(500);
    expect(j.accuracy).toBeGreaterThan(0.9);
    expect(j.batchSize).toBe(64); // evaluate's default chunk: the SHAPE→STRIDED_SLICE→PACK→RESHAPE prologue takes any batch
  });

  it('mnist_lstm_float: state is reset per image (97.6% on 500; carrying state over gives 92.6%)', async () => {
    const j = JSON.parse((await cli('eval', path.join(SHARED, 'mnist_lstm_float.tflite'), '--limit', '500', '--json')).out);
    expect(j.batchSize).toBe(1); // the [1,20] state tensors fix the batch
    expect(j.accuracy).toBeGreaterThan(0.95);
  });

  it('a float16 model (our quantizer, float16 mode) keeps the float accuracy', async () => {
    const bytes = new Uint8Array(readFileSync(path.join(SHARED, 'mnist_cnn_float.tflite')));
    const f16 = await quantizeFile(bytes, makePolicy({ mode: 'float16' }), { fileName: 'mnist_cnn_float.tflite' });
    const file = path.join(dir, 'mnist_cnn_float16.tflite');
    writeFileSync(file, f16.bytes);
    const float = JSON.parse((await cli('eval', path.join(SHARED, 'mnist_cnn_float.tflite'), '--limit', '500', '--json')).out);
    const half = JSON.parse((await cli('eval', file, '--limit', '500', '--json')).out);
    expect(half.accuracy).toBeGreaterThan(0.9);
    expect(Math.abs(half.accuracy - float.accuracy)).toBeLessThanOrEqual(0.004); // at most 2 of 500 flip
  });

  it('a DRQ model evaluates (hybrid kernels) or fails with one clear line naming the hybrid op', async () => {
    const r = await cli('eval', path.join(SHARED, 'mnist_cnn_drq.tflite'), '--limit', '500', '--json');
    if (r.code === 0) {
      expect(JSON.parse(r.out).accuracy).toBeGreaterThan(0.9);
    } else {
      expect(r.code).toBe(1);
      expect(r.err.split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/FULLY_CONNECTED \(node \d+\).*hybrid/);
    }
  });
});
if (!HAVE_SHARED) console.log(`eval.test.ts: ${SKIP}`);
