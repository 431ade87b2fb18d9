// `quant-lab train`: short runs (--limit) through runCli, the written file read back and evaluated
// by the eval command, --data with an MNIST-format folder of our own, and the usage errors.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { idxBytes as idx } from '../../core/testing/idx_bytes';
import { makeRng } from '../../core/util/rng';
import { readModel } from '../../core/tflite/reader';
import { cli as runCaptured, tempFolder } from '../test_support';

const dir = tempFolder('quant-lab-train-');

/** A command line's result with stdout as lines. */
async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string }> {
  const r = await runCaptured(...argv);
  return { ...r, out: r.out === '' ? [] : r.out.split('\n') };
}

/** A gzipped MNIST-format folder: class c is a bright horizontal bar at row 2c+4 (learnable). */
function writeBarsFolder(folder: string, rows = 28): void {
  mkdirSync(folder, { recursive: true });
  const rng = makeRng(4);
  const make = (count: number) => {
    const images = new Uint8Array(count * rows * 28);
    const labels = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const c = i % 10;
      labels[i] = c;
      for (let p = 0; p < rows * 28; p++) images[i * rows * 28 + p] = rng.int(0, 40);
      const r = Math.min(rows - 1, 2 * c + 4);
      for (let x = 2; x < 26; x++) images[(i * rows + r) * 28 + x] = 255;
    }
    return { images: idx([count, rows, 28], images), labels: idx([count], labels) };
  };
  const tr = make(600);
  const te = make(100);
  writeFileSync(path.join(folder, 'train-images-idx3-ubyte.gz'), gzipSync(tr.images));
  writeFileSync(path.join(folder, 'train-labels-idx1-ubyte.gz'), gzipSync(tr.labels));
  writeFileSync(path.join(folder, 't10k-images-idx3-ubyte.gz'), gzipSync(te.images));
  writeFileSync(path.join(folder, 't10k-labels-idx1-ubyte.gz'), gzipSync(te.labels));
}

describe('quant-lab train', () => {
  it('trains on MNIST, writes a float .tflite and ends --json output with the figures', async () => {
    const out = path.join(dir, 'sub', 'mnist.tflite');
    const r = await cli('train', '--limit', '640', '--seed', '1', '--out', out, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'epoch', epoch: 0 });
    const summary = lines.at(-1);
    expect(summary).toMatchObject({ out, backend: 'wasm', seed: 1, epochs: 1, batchSize: 32, trainCount: 640, testCount: 10000 });
    expect(summary.testAccuracy).toBeGreaterThan(0.5);
    expect(summary.epochSeconds).toBeGreaterThan(0);
    const bytes = new Uint8Array(readFileSync(out));
    expect(summary.bytes).toBe(bytes.length);
    expect(readModel(bytes).subgraphs[0].operators.length).toBe(5);

    // Our interpreter on the written file gets the accuracy tfjs measured (argmax ties aside).
    const ev = await cli('eval', out, '--json');
    expect(ev.code).toBe(0);
    expect(JSON.parse(ev.out.at(-1)!).accuracy).toBeCloseTo(summary.testAccuracy, 3);
  });

  it('prints readable progress without --json', async () => {
    const r = await cli('train', '--limit', '320', '--seed', '2', '--batch', '64', '--lr', '0.003', '--out', path.join(dir, 'h.tflite'));
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^training on 320 images .*backend wasm SIMD, 1 thread\(s\); batch 64, lr 0.003, seed 2$/);
    expect(r.out.some((l) => /^ {2}epoch 1 +5\/5 +loss \d\.\d{4} +accuracy \d+\.\d\d% +\d+ images\/s$/.test(l))).toBe(true);
    expect(r.out.at(-1)).toMatch(/^wrote .*h\.tflite \(\d+ bytes, float32\); test accuracy \d+\.\d\d%$/);
  });

  it('--data takes any MNIST-format folder (gzipped idx files)', async () => {
    const folder = path.join(dir, 'bars');
    writeBarsFolder(folder);
    const r = await cli('train', '--data', folder, '--epochs', '3', '--seed', '5', '--out', path.join(dir, 'bars.tflite'), '--json');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out.at(-1)!);
    expect(summary).toMatchObject({ data: folder, epochs: 3, trainCount: 600, testCount: 100 });
    expect(summary.testAccuracy).toBeGreaterThan(0.9);
  });

  it('usage errors exit 2 with one line; data errors exit 1 naming the folder or file', async () => {
    const noOut = await cli('train', '--limit', '10');
    expect(noOut.code).toBe(2);
    expect(noOut.err).toMatch(/--out FILE is required/);
    const badEpochs = await cli('train', '--epochs', '0', '--out', path.join(dir, 'x.tflite'));
    expect(badEpochs.code).toBe(2);
    expect(badEpochs.err).toMatch(/--epochs must be a positive integer, got '0'/);
    const badSeed = await cli('train', '--seed', 'abc', '--out', path.join(dir, 'x.tflite'));
    expect(badSeed.code).toBe(2);
    const missing = await cli('train', '--data', path.join(dir, 'nope'), '--out', path.join(dir, 'x.tflite'));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nope: not a folder/);
    const small = path.join(dir, 'small');
    writeBarsFolder(small, 27);
    const wrong = await cli('train', '--data', small, '--out', path.join(dir, 'x.tflite'));
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/training images are 27×28; the model takes 28×28/);
    expect(existsSync(path.join(dir, 'x.tflite'))).toBe(false);
  });
});
