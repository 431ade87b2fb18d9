// An MNIST-format data set (MNIST, Fashion-MNIST, ...): uint8 images and labels, as in the idx files.

import { IdxFormatError, parseIdx } from './idx';

export interface ImageSet {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols pixels, 0..255, row-major. */
  images: Uint8Array;
  /** count labels. */
  labels: Uint8Array;
}

export function imageSetFromIdx(images: Uint8Array, labels: Uint8Array, name = 'data set'): ImageSet {
  const img = parseIdx(images, `${name} images`);
  const lab = parseIdx(labels, `${name} labels`);
  if (img.dims.length !== 3) throw new IdxFormatError(`${name} images`, `expected rank 3 [count, rows, cols], got [${img.dims.join(', ')}]`);
  if (lab.dims.length !== 1) throw new IdxFormatError(`${name} labels`, `expected rank 1 [count], got [${lab.dims.join(', ')}]`);
  if (img.dims[0] !== lab.dims[0]) {
    throw new IdxFormatError(name, `${img.dims[0]} images but ${lab.dims[0]} labels`);
  }
  let maxLabel = 0;
  for (const l of lab.data) if (l > maxLabel) maxLabel = l;
  if (maxLabel > 9) throw new IdxFormatError(`${name} labels`, `label ${maxLabel} is outside 0..9`);
  return { count: img.dims[0], rows: img.dims[1], cols: img.dims[2], images: img.data, labels: lab.data };
}

/** The first `limit` items (or all) of a set, as views (no copy). */
export function sliceSet(set: ImageSet, limit: number): ImageSet {
  const count = Math.max(0, Math.min(set.count, Math.floor(limit)));
  const size = set.rows * set.cols;
  return { ...set, count, images: set.images.subarray(0, count * size), labels: set.labels.subarray(0, count) };
}

/** Pixels of images [start, start+count) scaled to [0, 1] as float32 (the tutorial's x / 255). */
export function toFloatPixels(set: ImageSet, start = 0, count = set.count - start, out?: Float32Array): Float32Array {
  const size = set.rows * set.cols;
  const n = count * size;
  const dst = out && out.length >= n ? out.subarray(0, n) : new Float32Array(n);
  const src = set.images.subarray(start * size, start * size + n);
  for (let i = 0; i < n; i++) dst[i] = src[i] / 255;
  return dst;
}
