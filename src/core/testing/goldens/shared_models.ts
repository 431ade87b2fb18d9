// The real .tflite files of ../shared/models (relative to the repo root; QUANTLAB_MODELS overrides),
// for tests that compare whole models with their goldens. Node only. Never copied into the repo.
//
//   describe.skipIf(!sharedModelsAvailable())('mnist_cnn_float', ...)   // + a visible skip reason
//   const { bytes, golden } = sharedModelWithGoldens('mnist_cnn_float');

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { modelGoldens, type ModelGolden } from './index';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
export const SHARED_MODELS_DIR = process.env.QUANTLAB_MODELS ?? path.resolve(REPO_ROOT, '../shared/models');
export const SHARED_MODELS_SKIP_REASON = 'skipped: ../shared/models not found';

export function sharedModelsAvailable(): boolean {
  return existsSync(SHARED_MODELS_DIR);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The file's bytes and its goldens; throws if the file is not the one the goldens were made from. */
export function sharedModelWithGoldens(name: string): { bytes: Uint8Array; golden: ModelGolden } {
  const golden = modelGoldens(name);
  const file = path.join(SHARED_MODELS_DIR, golden.file);
  const bytes = new Uint8Array(readFileSync(file));
  const sha = sha256Hex(bytes);
  if (sha !== golden.sha256) throw new Error(`${file}: sha256 ${sha} differs from the goldens' ${golden.sha256}`);
  return { bytes, golden };
}
