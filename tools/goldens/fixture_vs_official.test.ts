// The app's own model, end to end: the CNN our trainer exported (e2e/fixtures) and the DRQ files
// our quantizer makes from it give the same numbers in our interpreter as in the official runtime,
// bit for bit, on real MNIST test images. (tf2.21's FULLY_CONNECTED v12 is newer than this
// runtime; it is compared with LiteRT.js in src/core/interpreter/hybrid/models.test.ts.)

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Interpreter } from '../../src/core/interpreter/interpreter';
import { makePolicy, quantizeFile, type PresetName } from '../../src/core/quantize';
import { loadIdxSet, mnistDataDir } from '../../src/core/train/node_data';
import { toFloatPixels } from '../../src/core/data/mnist';
import { loadOfficial } from './official_runtime';

const FIXTURE = new URL('../../e2e/fixtures/mnist_trained_float.tflite', import.meta.url);
const IMAGES = 300;

async function compare(bytes: Uint8Array): Promise<{ equal: number; total: number }> {
  const test = loadIdxSet(mnistDataDir(), 'test');
  const official = await loadOfficial(bytes, { name: 'fixture' });
  const ours = Interpreter.create(bytes);
  let equal = 0;
  let total = 0;
  try {
    for (let i = 0; i < IMAGES; i++) {
      const x = toFloatPixels(test, i, 1);
      const [want] = official.run([x]);
      const [got] = ours.invoke([{ dtype: 'float32', shape: [1, 28, 28], data: x, quantization: null }]);
      want.data.forEach((v, j) => { total++; if (v === got.data[j]) equal++; });
    }
  } finally {
    official.delete();
  }
  return { equal, total };
}

describe('our trained CNN: our interpreter vs the official runtime (300 MNIST test images)', () => {
  const float = new Uint8Array(readFileSync(FIXTURE));
  it('float32 file: every logit equal', async () => {
    expect(await compare(float)).toEqual({ equal: IMAGES * 10, total: IMAGES * 10 });
  });
  for (const preset of ['tf2.4', 'tf2.14'] as PresetName[]) {
    it(`DRQ ${preset} file (hybrid FULLY_CONNECTED): every logit equal`, async () => {
      const { bytes } = await quantizeFile(float, makePolicy({ preset }), { fileName: 'mnist_trained_float.tflite' });
      expect(await compare(bytes)).toEqual({ equal: IMAGES * 10, total: IMAGES * 10 });
    });
  }
});
