// The two lab API calls the Learn view adds, in Node on the pretrained fixture: evaluating a model
// on the first N test images, and handing out one test image. The MNIST files are served to
// fetch() from public/data/mnist, as in lab_api.test.ts.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Interpreter } from '../core/interpreter/interpreter';
import { loadIdxFolder } from '../core/train/node_data';
import { labApi } from './lab_api';

const ROOT = join(__dirname, '..', '..');
const FIXTURE = join(ROOT, 'e2e', 'fixtures', 'mnist_trained_float.tflite');
const DATA = join(ROOT, 'public', 'data', 'mnist');
const haveFiles = existsSync(FIXTURE) && existsSync(join(DATA, 't10k-images-idx3-ubyte.gz'));

beforeAll(() => {
  vi.stubGlobal('fetch', async (url: string) => {
    const file = join(DATA, url.replace('/data/mnist/', ''));
    if (!url.startsWith('/data/mnist/') || !existsSync(file)) return new Response('not found', { status: 404 });
    const body = readFileSync(file);
    return new Response(body, { headers: { 'content-length': String(body.length) } });
  });
});
afterAll(() => vi.unstubAllGlobals());

describe.skipIf(!haveFiles)('labApi for the Learn view', () => {
  it('evaluateFirst: accuracy on the first N test images, as one image at a time gives it', async () => {
    const bytes = new Uint8Array(readFileSync(FIXTURE));
    await labApi.loadModel('learn-float', bytes, 'mnist_cnn_float.tflite');
    const labels: string[] = [];
    const out = await labApi.evaluateFirst(1, 'learn-float', 300, (p) => labels.push(p.label));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.eval.count).toBe(300);
    expect(labels.some((l) => l.includes('on the first 300 test images'))).toBe(true);
    const test = loadIdxFolder().test;
    const interp = Interpreter.create(bytes);
    let right = 0;
    for (let i = 0; i < 300; i++) {
      const [y] = interp.invoke([Float32Array.from(test.images.subarray(i * 784, (i + 1) * 784), (p) => p / 255)]);
      const s = y.data as Float32Array;
      if (s.indexOf(Math.max(...s)) === test.labels[i]) right++;
    }
    expect(out.eval.accuracy).toBe(right / 300);
    await expect(labApi.evaluateFirst(2, 'nope', 10, () => {})).rejects.toThrow('model nope is not loaded');
  });

  it('testImage: the pixels and label of one test image; an index past the set is refused', async () => {
    const img = await labApi.testImage(3, 0, () => {});
    const test = loadIdxFolder().test;
    expect([img.index, img.label, img.pixels.length]).toEqual([0, test.labels[0], 784]);
    expect(Array.from(img.pixels)).toEqual(Array.from(test.images.subarray(0, 784)));
    await expect(labApi.testImage(4, 10000, () => {})).rejects.toThrow('there is no test image 10000 (0..9999)');
  });
});
