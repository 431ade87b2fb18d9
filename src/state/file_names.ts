// File names for models the app makes: "<base>_drq_<preset>.tflite" for int8 DRQ and
// "<base>_float16.tflite" for the float16 mode, where <base> is the original's name without
// ".tflite" and without a trailing "_float"/"_fp32"/"_float32" (mnist_cnn_float → mnist_cnn).

import type { Knobs } from '../workers/lab_types';

export function baseName(fileName: string): string {
  const leaf = fileName.split(/[\\/]/).pop() ?? fileName;
  const stem = leaf.replace(/\.tflite$/i, '');
  const base = stem.replace(/[_-](float32|float|fp32)$/i, '');
  return base.replace(/[^A-Za-z0-9._-]+/g, '_') || 'model';
}

export function quantizedFileName(original: string, knobs: Pick<Knobs, 'mode' | 'preset'>): string {
  const base = baseName(original);
  return knobs.mode === 'float16' ? `${base}_float16.tflite` : `${base}_drq_${knobs.preset}.tflite`;
}
