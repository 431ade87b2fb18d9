// The synthetic float model the quantize benchmark runs on: a few big layers with seeded weights,
// shaped like the head of an image classifier, so every weight goes through the quantizer.
//
//   x [1, hw, hw, channels] → CONV_2D 3×3 SAME (filter [channels, 3, 3, channels], per-channel
//   int8 in DRQ) → RESHAPE [1, hw·hw·channels] → FULLY_CONNECTED hidden → FULLY_CONNECTED wide →
//   FULLY_CONNECTED classes (weights [out, in], per-channel int8 in tf2.21, per-tensor in tf2.14).
//
// The default size has 176.8 MB of float32 weights (MB = 10^6 bytes); tests use a tiny size.

import { buildModel, options, type TensorSpec } from '../../src/core/testing/model_builder';
import { makeRng } from '../../src/core/util/rng';
import type { Model } from '../../src/core/tflite/ir';
import { writeModel } from '../../src/core/tflite/writer';

export interface SyntheticSize {
  hw: number;
  channels: number;
  hidden: number;
  wide: number;
  classes: number;
}

/** 9.4 MB conv + 134.2 + 16.8 + 16.4 MB of FC weights + 27 kB of biases = 176.8 MB of float32. */
export const BENCH_SIZE: SyntheticSize = { hw: 8, channels: 512, hidden: 1024, wide: 4096, classes: 1000 };

export function syntheticFloatModel(size: SyntheticSize = BENCH_SIZE, seed = 42): Model {
  const { hw, channels: c, hidden, wide, classes } = size;
  const rng = makeRng(seed);
  const flat = hw * hw * c;
  const weight = (shape: number[], fanIn: number): TensorSpec => {
    const n = shape.reduce((a, b) => a * b, 1);
    const limit = Math.sqrt(6 / fanIn); // He-uniform-like range, so the weights look trained-ish
    return { dtype: 'float32', shape, data: rng.floats(n, -limit, limit) };
  };
  const bias = (n: number): TensorSpec => ({ dtype: 'float32', shape: [n], data: rng.floats(n, -0.05, 0.05) });
  const act = (shape: number[]): TensorSpec => ({ dtype: 'float32', shape });
  return buildModel({
    description: `Quant Lab quantize benchmark (synthetic, seed ${seed})`,
    tensors: {
      x: act([1, hw, hw, c]),
      convW: weight([c, 3, 3, c], 9 * c), convB: bias(c), conv: act([1, hw, hw, c]),
      shape: { dtype: 'int32', shape: [2], data: [1, flat] }, flat: act([1, flat]),
      fc1W: weight([hidden, flat], flat), fc1B: bias(hidden), fc1: act([1, hidden]),
      fc2W: weight([wide, hidden], hidden), fc2B: bias(wide), fc2: act([1, wide]),
      fc3W: weight([classes, wide], wide), fc3B: bias(classes), y: act([1, classes]),
    },
    ops: [
      { op: 'CONV_2D', options: options('Conv2DOptions', { padding: 'SAME', fusedActivation: 'RELU' }), inputs: ['x', 'convW', 'convB'], outputs: ['conv'] },
      { op: 'RESHAPE', inputs: ['conv', 'shape'], outputs: ['flat'] },
      { op: 'FULLY_CONNECTED', options: options('FullyConnectedOptions', { fusedActivation: 'RELU' }), inputs: ['flat', 'fc1W', 'fc1B'], outputs: ['fc1'] },
      { op: 'FULLY_CONNECTED', options: options('FullyConnectedOptions', { fusedActivation: 'RELU' }), inputs: ['fc1', 'fc2W', 'fc2B'], outputs: ['fc2'] },
      { op: 'FULLY_CONNECTED', options: options('FullyConnectedOptions'), inputs: ['fc2', 'fc3W', 'fc3B'], outputs: ['y'] },
    ],
  });
}

/** Float32 weight + bias bytes of a synthetic model of this size, from the shapes alone. */
export function syntheticWeightBytes(size: SyntheticSize): number {
  const { hw, channels: c, hidden, wide, classes } = size;
  const flat = hw * hw * c;
  const elements = c * 9 * c + c + hidden * flat + hidden + wide * hidden + wide + classes * wide + classes;
  return 4 * elements;
}

/** The .tflite bytes of the synthetic model (a copy with its own ArrayBuffer, byteOffset 0). */
export function syntheticFloatFile(size: SyntheticSize = BENCH_SIZE, seed = 42): Uint8Array {
  return writeModel(syntheticFloatModel(size, seed)).slice();
}

/** Bytes of float32 constant data (each buffer counted once): the "MB" of quantizeMBps. */
export function floatWeightBytes(model: Model): number {
  const seen = new Set<number>();
  let bytes = 0;
  for (const sg of model.subgraphs) {
    for (const t of sg.tensors) {
      if (t.dtype !== 'float32' || t.buffer === 0 || seen.has(t.buffer)) continue;
      seen.add(t.buffer);
      bytes += model.buffers[t.buffer].length;
    }
  }
  return bytes;
}
