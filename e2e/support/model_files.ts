// Model files for e2e, made on the Node side with our own core (never copied from elsewhere):
// the pretrained fixture, and bad or unusual files for the upload specs.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { makePolicy } from '../../src/core/quantize/policy';
import { quantizeFile } from '../../src/core/quantize/pipeline';
import { makeRng } from '../../src/core/util/rng';
import { buildModel, buildSingleOpModel } from '../../src/core/testing/model_builder';
import { writeModel } from '../../src/core/tflite/writer';

export const FIXTURE_FILE = fileURLToPath(new URL('../fixtures/mnist_trained_float.tflite', import.meta.url));
/** Where the fixture route serves it (same origin), for ?fixture=. */
export const FIXTURE_PATH = '/__fixtures__/mnist_trained_float.tflite';

export function trainedFixtureBytes(): Buffer {
  return readFileSync(FIXTURE_FILE);
}

/** Serves the pretrained fixture at FIXTURE_PATH for this page. */
export async function routeTrainedFixture(page: Page): Promise<void> {
  const body = trainedFixtureBytes();
  await page.route((url) => url.pathname === FIXTURE_PATH, (route) => route.fulfill({ status: 200, body, contentType: 'application/octet-stream' }));
}

const floats = (n: number, seed: number) => makeRng(seed).floats(n, -0.5, 0.5);

/** Random bytes that are not a flatbuffer at all. */
export function notAModel(): Buffer {
  const rng = makeRng(7);
  return Buffer.from(Uint8Array.from({ length: 4096 }, () => rng.int(0, 255)));
}

/** The fixture cut off in the middle of its weights. */
export function truncatedModel(): Buffer {
  return trainedFixtureBytes().subarray(0, 30_000);
}

/** A full-integer FULLY_CONNECTED model (int8 in/out with scales): refused by interpreter and quantizer. */
export function fullIntegerModel(): Buffer {
  const q = (scale: number, zp = 0) => ({ scale: [scale], zeroPoint: [zp] });
  const model = buildSingleOpModel({
    op: 'FULLY_CONNECTED',
    version: 4,
    inputs: [
      { dtype: 'int8', shape: [1, 64], quantization: q(0.05, -3) },
      { dtype: 'int8', shape: [32, 64], data: Int8Array.from({ length: 2048 }, (_, i) => (i % 200) - 100), quantization: q(0.01) },
      { dtype: 'int32', shape: [32], data: new Int32Array(32), quantization: q(0.0005) },
    ],
    outputs: [{ dtype: 'int8', shape: [1, 32], quantization: q(0.1, 2) }],
  });
  return Buffer.from(writeModel(model));
}

/** A float model with a 64×32 dense weight (2,048 elements) and an op our interpreter lacks. */
export function unsupportedOpModel(): Buffer {
  const model = buildModel({
    tensors: {
      x: { dtype: 'float32', shape: [1, 32] },
      w: { dtype: 'float32', shape: [64, 32], data: floats(2048, 3) },
      b: { dtype: 'float32', shape: [64], data: floats(64, 4) },
      h: { dtype: 'float32', shape: [1, 64] },
      y: { dtype: 'float32', shape: [1, 64] },
    },
    ops: [
      { op: 'FULLY_CONNECTED', inputs: ['x', 'w', 'b'], outputs: ['h'] },
      { op: 'LOG_SOFTMAX', inputs: ['h'], outputs: ['y'] },
    ],
  });
  return Buffer.from(writeModel(model));
}

/** A float model that is not an MNIST classifier: [1,32] → dense 64 → dense 8 (outputs compared on seeded inputs). */
export function denseFloatModel(): Buffer {
  const model = buildModel({
    tensors: {
      x: { dtype: 'float32', shape: [1, 32] },
      w1: { dtype: 'float32', shape: [64, 32], data: floats(2048, 5) },
      b1: { dtype: 'float32', shape: [64], data: floats(64, 6) },
      h: { dtype: 'float32', shape: [1, 64] },
      w2: { dtype: 'float32', shape: [8, 64], data: floats(512, 8) },
      y: { dtype: 'float32', shape: [1, 8] },
    },
    ops: [
      { op: 'FULLY_CONNECTED', options: { type: 'FullyConnectedOptions', fusedActivation: 'RELU', weightsFormat: 0, keepNumDims: false, asymmetricQuantizeInputs: false, quantizedBiasType: 'float32' }, inputs: ['x', 'w1', 'b1'], outputs: ['h'] },
      { op: 'FULLY_CONNECTED', inputs: ['h', 'w2', null], outputs: ['y'] },
    ],
  });
  return Buffer.from(writeModel(model));
}

/** The fixture in the converter's float16 mode (made by our quantizer): already quantized. */
export async function float16Model(): Promise<Buffer> {
  const r = await quantizeFile(new Uint8Array(trainedFixtureBytes()), makePolicy({ mode: 'float16' }), { fileName: 'mnist.tflite' });
  return Buffer.from(r.bytes);
}

/**
 * A model whose tensors claim 1 × 2,000,000,000 × 2,000,000,000 elements: written small, then the
 * two marker dimensions are patched in the bytes (our writer refuses such shapes, as it should).
 */
export function absurdShapeModel(): Buffer {
  const MARK = 0x3c3d; // 15,421: small enough for the writer, unlikely to occur elsewhere in the file
  const model = buildModel({
    tensors: { x: { dtype: 'float32', shape: [1, MARK, MARK] }, y: { dtype: 'float32', shape: [1, MARK, MARK] } },
    ops: [{ op: 'RELU', inputs: ['x'], outputs: ['y'] }],
  });
  const bytes = Buffer.from(writeModel(model));
  let patched = 0;
  for (let i = 0; i + 4 <= bytes.length; i += 4) {
    if (bytes.readInt32LE(i) === MARK) { bytes.writeInt32LE(2_000_000_000, i); patched++; }
  }
  if (patched !== 4) throw new Error(`absurdShapeModel: patched ${patched} dims, expected 4`);
  return bytes;
}
