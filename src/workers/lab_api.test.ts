// The lab worker's API called directly in Node (it is a plain object; lab.worker.ts only exposes
// it): load, inspect, quantize, classify, evaluate and compare the pretrained e2e fixture. The
// MNIST test files are served to fetch() from public/data/mnist, as the dev server would.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { labApi } from './lab_api';
import type { ProgressEvent } from './lab_types';

const ROOT = join(__dirname, '..', '..');
const FIXTURE = join(ROOT, 'e2e', 'fixtures', 'mnist_trained_float.tflite');
const DATA = join(ROOT, 'public', 'data', 'mnist');
const haveFiles = existsSync(FIXTURE) && existsSync(join(DATA, 't10k-images-idx3-ubyte.gz'));
const knobs = { preset: 'tf2.21', mode: 'int8', minElements: 1024, perChannel: true } as const;

let fetched: string[] = [];

beforeAll(() => {
  vi.stubGlobal('fetch', async (url: string) => {
    fetched.push(url);
    const file = join(DATA, url.replace('/data/mnist/', ''));
    if (!url.startsWith('/data/mnist/') || !existsSync(file)) return new Response('not found', { status: 404 });
    const body = readFileSync(file);
    return new Response(body, { headers: { 'content-length': String(body.length) } });
  });
});
afterAll(() => vi.unstubAllGlobals());

describe.skipIf(!haveFiles)('labApi on the pretrained fixture', () => {
  const bytes = () => new Uint8Array(readFileSync(FIXTURE));

  it('loads and summarises a model', async () => {
    const s = await labApi.loadModel('float', bytes(), 'mnist_cnn_float.tflite');
    expect(s.kind).toBe('float32');
    expect(s.runnable).toBe(true);
    expect(s.takesMnistImage).toBe(true);
    expect(s.opCounts).toEqual([
      { name: 'RESHAPE', count: 2 }, { name: 'CONV_2D', count: 1 }, { name: 'MAX_POOL_2D', count: 1 }, { name: 'FULLY_CONNECTED', count: 1 },
    ]);
    const weight = s.tensors.find((t) => t.name === 'sequential/dense/MatMul')!;
    expect(weight).toMatchObject({ dtype: 'float32', shape: [10, 2028], bytes: 81120, constant: true, quantization: null });
    expect(await labApi.inspect('float')).toEqual(s);
  });

  it('refuses a file that is not a model with the reader message', async () => {
    await expect(labApi.loadModel('bad', new Uint8Array(64), 'bad.tflite')).rejects.toMatchObject({ name: 'TfliteFormatError', message: expect.stringMatching(/^bad\.tflite: /) });
    await expect(labApi.inspect('bad')).rejects.toThrow('model bad is not loaded');
  });

  it('quantizes with the knobs: new file, report rows, file name', async () => {
    const progress: ProgressEvent[] = [];
    const r = await labApi.quantize(1, bytes(), 'mnist_cnn_float.tflite', { ...knobs }, (p) => progress.push(p));
    expect(r.fileName).toBe('mnist_cnn_drq_tf2.21.tflite');
    expect(r.report.fileBytesBefore).toBe(bytes().length);
    expect(r.report.fileBytesAfter).toBe(r.bytes.length);
    expect(r.report.ratio).toBeCloseTo(r.report.fileBytesBefore / r.report.fileBytesAfter, 10);
    const dense = r.report.rows.find((row) => row.name === 'sequential/dense/MatMul')!;
    expect(dense).toMatchObject({ action: 'int8', dtypeBefore: 'float32', dtypeAfter: 'int8', axis: 0, channels: 10, bytesBefore: 81120, bytesAfter: 20280 });
    expect(dense.sqnrDb).toBeGreaterThan(20);
    expect(r.report.rows.find((row) => row.name.includes('Conv2D'))).toMatchObject({ action: 'kept', reason: 'kept float: 108 elements < 1,024' });
    expect(r.report.versionChanges).toContain('FULLY_CONNECTED v1 → v12');
    expect(progress.at(-1)!.fraction).toBe(1);
    const s = await labApi.loadModel('drq', r.bytes, r.fileName);
    expect(s.kind).toBe('dynamic-range');
  });

  it('refuses to quantize an already quantized model, with the quantizer message', async () => {
    const r = await labApi.quantize(2, bytes(), 'm.tflite', { ...knobs }, () => {});
    await expect(labApi.quantize(3, r.bytes, 'm_drq.tflite', { ...knobs }, () => {})).rejects.toMatchObject({ name: 'QuantizeRefusal' });
  });

  it('classifies a drawn input with both models (probabilities that sum to 1)', async () => {
    // A vertical bar in the middle: a "1".
    const pixels = new Float32Array(784);
    for (let y = 4; y < 24; y++) { pixels[y * 28 + 13] = 1; pixels[y * 28 + 14] = 1; }
    const out = await labApi.classify(['float', 'drq', 'missing'], pixels);
    for (const id of ['float', 'drq']) {
      const o = out[id];
      if (!('probabilities' in o)) throw new Error(`${id}: ${o.error}`);
      expect(o.probabilities).toHaveLength(10);
      expect(o.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(o.probabilities.indexOf(Math.max(...o.probabilities))).toBe(1);
    }
    expect(out.missing).toEqual({ error: 'model not loaded' });
    await expect(labApi.classify(['float'], new Float32Array(10))).rejects.toThrow('784 pixels');
  });

  it('evaluates both models on the 10,000 test images and lists the changed predictions', async () => {
    fetched = [];
    const progress: number[] = [];
    const c = await labApi.evaluatePair(4, 'float', 'drq', (p) => progress.push(p.fraction));
    expect(fetched).toEqual(['/data/mnist/t10k-images-idx3-ubyte.gz', '/data/mnist/t10k-labels-idx1-ubyte.gz']);
    if (!c.a.ok || !c.b.ok) throw new Error(`evaluation failed: ${JSON.stringify([c.a, c.b])}`);
    expect(c.a.eval.count).toBe(10000);
    expect(c.a.eval.accuracy).toBeCloseTo(0.9654, 4); // the fixture's recorded accuracy
    expect(Math.abs(c.b.eval.accuracy - c.a.eval.accuracy)).toBeLessThan(0.01);
    expect(c.a.eval.confusion.flat().reduce((a, b) => a + b, 0)).toBe(10000);
    expect(c.agreement).toBeCloseTo(1 - c.flipCount / 10000, 10);
    expect(c.flips.length).toBe(Math.min(60, c.flipCount));
    for (const f of c.flips) {
      expect(f.before).not.toBe(f.after);
      expect(f.pixels).toHaveLength(784);
    }
    expect(progress.at(-1)).toBe(1);
  });

  it('compares outputs on seeded inputs, the same way every time', async () => {
    const a = await labApi.compareOutputs(5, 'float', 'drq', 1, 8);
    const b = await labApi.compareOutputs(6, 'float', 'drq', 1, 8);
    expect(a).toEqual(b);
    expect(a.samples).toBe(8);
    expect(a.top1Agreement).toBeGreaterThan(0.5);
    expect(a.maxAbsDiff).toBeGreaterThan(0); // int8 weights do change the logits
  });

  it('an evaluation can be cancelled by its call id', async () => {
    const call = labApi.evaluatePair(7, 'float', 'drq', () => {});
    setTimeout(() => labApi.cancel(7), 0);
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
  });
});

