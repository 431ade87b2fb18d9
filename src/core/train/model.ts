// The model of TensorFlow's "post-training dynamic range quantization" tutorial, in tfjs-layers:
//
//   image [28, 28] (pixels / 255)
//   → Reshape [28, 28, 1]
//   → Conv2D 12 filters 3×3, stride 1, VALID, ReLU      → [26, 26, 12]
//   → MaxPool 2×2, stride 2                              → [13, 13, 12]
//   → Flatten (row-major over H, W, C)                   → [2028]
//   → Dense 10 (logits, no activation)
//
// 20,410 parameters. Trained with Adam and sparse categorical cross-entropy from logits, as Keras'
// `SparseCategoricalCrossentropy(from_logits=True)` (mean over the batch).
// Keras' default initialisers (Glorot-uniform kernels, zero biases), seeded so that a seed gives
// the same initial weights on every backend.

import * as tf from '@tensorflow/tfjs';

export const IMAGE_ROWS = 28;
export const IMAGE_COLS = 28;
export const CLASSES = 10;
export const CONV_FILTERS = 12;
export const KERNEL = 3;
/** Flattened features after the pool: 13 × 13 × 12. */
export const FLAT_FEATURES = 13 * 13 * CONV_FILTERS;

/** Layer names (also used to name tensors in the exported .tflite). */
export const LAYER = {
  reshape: 'reshape',
  conv: 'conv2d',
  pool: 'max_pooling2d',
  flatten: 'flatten',
  dense: 'dense',
} as const;

/**
 * The trained parameters as plain arrays, in tfjs (Keras) layouts. JSON-able apart from the typed
 * arrays, transferable between a worker and the page, and all export.ts needs.
 */
export interface TrainedWeights {
  /** Conv2D filter [kH=3, kW=3, inC=1, outC=12] (HWIO), row-major. */
  convKernel: Float32Array;
  /** [12] */
  convBias: Float32Array;
  /** Dense kernel [in=2028, out=10], row-major. */
  denseKernel: Float32Array;
  /** [10] */
  denseBias: Float32Array;
}

export const WEIGHT_SHAPES = {
  convKernel: [KERNEL, KERNEL, 1, CONV_FILTERS],
  convBias: [CONV_FILTERS],
  denseKernel: [FLAT_FEATURES, CLASSES],
  denseBias: [CLASSES],
} as const satisfies Record<keyof TrainedWeights, readonly number[]>;

/** Builds the (uncompiled) model; `seed` fixes the initial weights. */
export function buildModel(seed: number): tf.Sequential {
  const model = tf.sequential({ name: 'mnist_cnn' });
  model.add(tf.layers.reshape({
    name: LAYER.reshape, inputShape: [IMAGE_ROWS, IMAGE_COLS], targetShape: [IMAGE_ROWS, IMAGE_COLS, 1],
  }));
  model.add(tf.layers.conv2d({
    name: LAYER.conv, filters: CONV_FILTERS, kernelSize: [KERNEL, KERNEL], strides: 1, padding: 'valid',
    activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }),
    biasInitializer: 'zeros',
  }));
  model.add(tf.layers.maxPooling2d({ name: LAYER.pool, poolSize: [2, 2], strides: [2, 2], padding: 'valid' }));
  model.add(tf.layers.flatten({ name: LAYER.flatten }));
  model.add(tf.layers.dense({
    name: LAYER.dense, units: CLASSES, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
    biasInitializer: 'zeros',
  }));
  return model;
}

/** Adam with Keras' defaults (β1 0.9, β2 0.999, ε 1e-7). */
export function makeOptimizer(learningRate: number): tf.AdamOptimizer {
  return tf.train.adam(learningRate, 0.9, 0.999, 1e-7);
}

/** Mean sparse categorical cross-entropy from logits. labels: int32 [B]; logits: [B, 10]. */
export function lossFromLogits(labels: tf.Tensor1D, logits: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.oneHot(labels, CLASSES), logits) as tf.Scalar);
}

function layerWeights(model: tf.LayersModel, name: string): tf.LayerVariable[] {
  return model.getLayer(name).weights;
}

/** Copies the parameters out of the model (synchronous read). */
export function readWeights(model: tf.LayersModel): TrainedWeights {
  const [ck, cb] = layerWeights(model, LAYER.conv);
  const [dk, db] = layerWeights(model, LAYER.dense);
  const copy = (v: tf.LayerVariable) => {
    const t = v.read();
    return Float32Array.from(t.dataSync() as Float32Array);
  };
  return { convKernel: copy(ck), convBias: copy(cb), denseKernel: copy(dk), denseBias: copy(db) };
}

/** Sets the model's parameters (checks every length against WEIGHT_SHAPES). */
export function loadWeights(model: tf.LayersModel, w: TrainedWeights): void {
  const t = (key: keyof TrainedWeights) => {
    const shape = WEIGHT_SHAPES[key];
    const n = shape.reduce((a, b) => a * b, 1);
    if (w[key].length !== n) throw new Error(`loadWeights: ${key} has ${w[key].length} values, [${shape.join(', ')}] needs ${n}`);
    return tf.tensor(w[key], [...shape], 'float32');
  };
  const tensors = [t('convKernel'), t('convBias')];
  const dense = [t('denseKernel'), t('denseBias')];
  try {
    model.getLayer(LAYER.conv).setWeights(tensors);
    model.getLayer(LAYER.dense).setWeights(dense);
  } finally {
    tf.dispose([...tensors, ...dense]);
  }
}
