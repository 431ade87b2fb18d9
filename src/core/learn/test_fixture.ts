// Test-only (Node): the pretrained MNIST CNN the e2e tests use (e2e/fixtures, made by
// 'quant-lab train --epochs 1 --batch 32 --lr 0.001 --seed 1'), read with our reader.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Model } from '../tflite/ir';
import { readModel } from '../tflite/reader';

export const FIXTURE_NAME = 'mnist_trained_float.tflite';

export function fixtureBytes(): Uint8Array {
  return new Uint8Array(readFileSync(fileURLToPath(new URL(`../../../e2e/fixtures/${FIXTURE_NAME}`, import.meta.url))));
}

export function fixtureModel(): Model {
  return readModel(fixtureBytes(), FIXTURE_NAME);
}
