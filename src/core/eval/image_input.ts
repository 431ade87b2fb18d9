// How a batch of grey images (an ImageSet) becomes a model's input tensor.
//
// A single-channel rows×cols image has the same row-major memory order whether the model wants it
// as [1,28,28], [1,28,28,1], [1,1,28,28] or [1,784]: only the shape differs, so filling is a plain
// copy (float32: pixel / 255, the tutorial's scaling; uint8: the raw 0..255 pixel, for models that
// scale inside, like mnist_autokeras_float). A leading dimension of 1 (or -1 in the shape
// signature) is the batch: N images go in one invoke as [N, ...rest].

import type { DType } from '../tflite/ir';
import type { TensorValue } from '../interpreter/kernel';
import type { ImageSet } from '../data/mnist';

/** What evaluation needs to know about a model input (the interpreter's description of it). */
export interface InputInfo {
  name: string;
  dtype: DType;
  /** Static shape from the file (batch usually 1). */
  shape: readonly number[];
  /** -1 marks a dynamic dimension; null when the file has none. */
  shapeSignature?: readonly number[] | null;
}

/** The model's input does not take the data set's images; names the input and why. */
export class ImageInputError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'ImageInputError';
  }
}

export interface ImageInputLayout {
  dtype: 'float32' | 'uint8';
  /** true when the first dimension is a batch: any number of images per invoke. */
  batchable: boolean;
  /** The input shape for n images (n must be 1 when not batchable). */
  shapeFor(n: number): number[];
  /** The tensor for images [start, start+n) of `set`, written into `scratch` when it is large enough. */
  fill(set: ImageSet, start: number, n: number, scratch?: Float32Array | Uint8Array): TensorValue;
}

function describe(input: InputInfo): string {
  return `model input '${input.name}' (${input.dtype} [${input.shape.join(',')}])`;
}

/** Checks that `input` takes one rows×cols grey image and returns how to fill it. */
export function imageInputLayout(input: InputInfo, rows: number, cols: number): ImageInputLayout {
  const pixels = rows * cols;
  const dims = [...input.shape];
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== pixels) {
    throw new ImageInputError(
      `${describe(input)} holds ${count} values, not one ${rows}×${cols} grey image (${pixels}); ` +
        'a 28×28 model takes e.g. [1,28,28], [1,28,28,1] or [1,784]',
    );
  }
  if (input.dtype !== 'float32' && input.dtype !== 'uint8') {
    throw new ImageInputError(`${describe(input)}: image inputs must be float32 (pixels / 255) or uint8 (raw pixels)`);
  }
  const dtype = input.dtype;
  const batchable = dims.length >= 2 && (dims[0] === 1 || input.shapeSignature?.[0] === -1);
  const rest = dims.slice(1);
  const shapeFor = (n: number): number[] => {
    if (batchable) return [n, ...rest];
    if (n !== 1) throw new ImageInputError(`${describe(input)} has no batch dimension: one image per invoke`);
    return [...dims];
  };
  return {
    dtype,
    batchable,
    shapeFor,
    fill(set, start, n, scratch) {
      const size = n * pixels;
      const src = set.images.subarray(start * pixels, start * pixels + size);
      if (src.length !== size) throw new ImageInputError(`images ${start}..${start + n - 1} are past the end of the set (${set.count})`);
      let data: Float32Array | Uint8Array;
      if (dtype === 'uint8') {
        data = scratch instanceof Uint8Array && scratch.length >= size ? scratch.subarray(0, size) : new Uint8Array(size);
        data.set(src);
      } else {
        const dst = scratch instanceof Float32Array && scratch.length >= size ? scratch.subarray(0, size) : new Float32Array(size);
        for (let i = 0; i < size; i++) dst[i] = src[i] / 255;
        data = dst;
      }
      return { dtype, shape: shapeFor(n), data, quantization: null };
    },
  };
}
