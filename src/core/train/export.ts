// Trained tfjs weights → our IR → a float32 .tflite, laid out as TensorFlow's converter lays out
// the same Keras model (compare /work/shared/models/mnist_cnn_float.tflite and the newer
// hello_world_dense_float.tflite):
//
//   op 0 RESHAPE          input [1,28,28] + shape const [-1,28,28,1]        → [1,28,28,1]
//   op 1 CONV_2D          filter [12,3,3,1] (OHWI), bias [12], VALID, stride 1, fused RELU → [1,26,26,12]
//   op 2 MAX_POOL_2D      2×2, stride 2, VALID                              → [1,13,13,12]
//   op 3 RESHAPE          shape const [-1,2028] (Flatten)                   → [1,2028]
//   op 4 FULLY_CONNECTED  weights [10,2028] ([out, in]), bias [10]          → logits [1,10]
//
// Conventions copied from the converter: tensors named after the Keras ops they come from
// (a fused op's output joins the fused names with ';'), graph input "serving_default_<name>:0",
// output "StatefulPartitionedCall:0", a "serving_default" signature; static shapes with batch 1 and
// shape_signature -1 on the batch of every activation (so a runtime may resize the batch); every
// tensor owns a buffer (empty for activations); all ops version 1 (float); "min_runtime_version"
// metadata derived from the op versions (1.5.0 for these five). We write no CONVERSION_METADATA:
// it describes a TensorFlow conversion environment, which this file did not come from.
//
// Layouts: Keras Conv2D kernels are HWIO [kH, kW, inC, outC], TFLite's CONV_2D filter is OHWI
// [outC, kH, kW, inC]; Keras Dense kernels are [in, out], FULLY_CONNECTED wants [out, in]. Keras
// Flatten of NHWC [13,13,12] is row-major, exactly TFLite's RESHAPE, so no permutation is needed.

import type { Model, Operator, OperatorCode, SignatureDef, Tensor } from '../tflite/ir';
import { encodeMinRuntimeVersion, MIN_RUNTIME_VERSION } from '../tflite/metadata';
import { opCode } from '../tflite/op_names';
import { encodeBytes } from '../tflite/tensor_data';
import { writeModel } from '../tflite/writer';
import { minRuntimeForModel } from '../quantize/runtime_versions';
import {
  CLASSES, CONV_FILTERS, FLAT_FEATURES, IMAGE_COLS, IMAGE_ROWS, KERNEL, LAYER, WEIGHT_SHAPES,
  type TrainedWeights,
} from './model';

export const EXPORT_DESCRIPTION = 'Quant Lab export (tfjs-trained MNIST CNN)';
export const INPUT_NAME = 'input';
/** Signature output key: the Keras output layer's name, as the converter uses. */
export const OUTPUT_NAME = LAYER.dense;

const POOLED = 13; // (26 - 2) / 2 + 1
const CONVOLVED = IMAGE_ROWS - KERNEL + 1; // 26

/** Keras HWIO [kH, kW, inC, outC] → TFLite OHWI [outC, kH, kW, inC]. */
export function hwioToOhwi(w: Float32Array, kH: number, kW: number, inC: number, outC: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let o = 0; o < outC; o++) {
    for (let h = 0; h < kH; h++) {
      for (let x = 0; x < kW; x++) {
        for (let i = 0; i < inC; i++) out[((o * kH + h) * kW + x) * inC + i] = w[((h * kW + x) * inC + i) * outC + o];
      }
    }
  }
  return out;
}

/** Row-major [rows, cols] → [cols, rows]. */
export function transpose2d(w: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = w[r * cols + c];
  return out;
}

function checkWeights(w: TrainedWeights): void {
  for (const key of Object.keys(WEIGHT_SHAPES) as (keyof TrainedWeights)[]) {
    const shape = WEIGHT_SHAPES[key];
    const n = shape.reduce((a, b) => a * b, 1);
    if (!(w[key] instanceof Float32Array) || w[key].length !== n) {
      throw new Error(`exportModel: ${key} must be a Float32Array of ${n} values [${shape.join(', ')}], got ${w[key]?.length}`);
    }
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(w[key][i])) throw new Error(`exportModel: ${key}[${i}] is ${w[key][i]}; refusing to export a non-finite weight`);
    }
  }
}

function code(name: string): number {
  const c = opCode(name);
  if (c === undefined) throw new Error(`exportModel: unknown op ${name}`);
  return c;
}

/** The IR of the trained model (batch 1, resizable batch). */
export function buildExportModel(w: TrainedWeights): Model {
  checkWeights(w);
  const buffers: Uint8Array[] = [new Uint8Array(0)];
  const tensors: Tensor[] = [];
  const add = (name: string, dtype: Tensor['dtype'], shape: number[], data: Float32Array | Int32Array | null, dynamicBatch: boolean): number => {
    buffers.push(data ? encodeBytes(data) : new Uint8Array(0));
    tensors.push({
      name, dtype, shape, shapeSignature: dynamicBatch ? [-1, ...shape.slice(1)] : null, buffer: buffers.length - 1,
      quantization: null, isVariable: false, hasRank: true,
    });
    return tensors.length - 1;
  };
  const seq = 'sequential';
  const convName = `${seq}/${LAYER.conv}`;
  const denseName = `${seq}/${LAYER.dense}`;

  // Graph input first, then constants, then activations in op order (the converter's order).
  const input = add(`serving_default_${INPUT_NAME}:0`, 'float32', [1, IMAGE_ROWS, IMAGE_COLS], null, true);
  const imageShape = add(`${seq}/${LAYER.reshape}/Reshape/shape`, 'int32', [4], Int32Array.from([-1, IMAGE_ROWS, IMAGE_COLS, 1]), false);
  const filter = add(`${convName}/Conv2D`, 'float32', [CONV_FILTERS, KERNEL, KERNEL, 1], hwioToOhwi(w.convKernel, KERNEL, KERNEL, 1, CONV_FILTERS), false);
  const convBias = add(`${convName}/BiasAdd/ReadVariableOp`, 'float32', [CONV_FILTERS], Float32Array.from(w.convBias), false);
  const flatShape = add(`${seq}/${LAYER.flatten}/Const`, 'int32', [2], Int32Array.from([-1, FLAT_FEATURES]), false);
  const weights = add(`${denseName}/MatMul`, 'float32', [CLASSES, FLAT_FEATURES], transpose2d(w.denseKernel, FLAT_FEATURES, CLASSES), false);
  const denseBias = add(`${denseName}/BiasAdd/ReadVariableOp`, 'float32', [CLASSES], Float32Array.from(w.denseBias), false);
  const image = add(`${seq}/${LAYER.reshape}/Reshape`, 'float32', [1, IMAGE_ROWS, IMAGE_COLS, 1], null, true);
  const features = add(`${convName}/Relu;${convName}/BiasAdd;${convName}/Conv2D`, 'float32', [1, CONVOLVED, CONVOLVED, CONV_FILTERS], null, true);
  const pooled = add(`${seq}/${LAYER.pool}/MaxPool`, 'float32', [1, POOLED, POOLED, CONV_FILTERS], null, true);
  const flat = add(`${seq}/${LAYER.flatten}/Reshape`, 'float32', [1, FLAT_FEATURES], null, true);
  const logits = add('StatefulPartitionedCall:0', 'float32', [1, CLASSES], null, true);

  const operatorCodes: OperatorCode[] = ['RESHAPE', 'CONV_2D', 'MAX_POOL_2D', 'FULLY_CONNECTED'].map((name) => ({
    builtinCode: code(name), customCode: null, version: 1,
  }));
  const [RESHAPE, CONV_2D, MAX_POOL_2D, FULLY_CONNECTED] = [0, 1, 2, 3];
  const op = (opcodeIndex: number, inputs: number[], outputs: number[], options: Operator['options']): Operator => ({
    opcodeIndex, inputs, outputs, options, customOptions: null, mutatingVariableInputs: [], intermediates: [],
  });
  const operators: Operator[] = [
    op(RESHAPE, [input, imageShape], [image], { type: 'ReshapeOptions', newShape: [-1, IMAGE_ROWS, IMAGE_COLS, 1] }),
    op(CONV_2D, [image, filter, convBias], [features], {
      type: 'Conv2DOptions', padding: 'VALID', strideW: 1, strideH: 1, fusedActivation: 'RELU', dilationW: 1,
      dilationH: 1, quantizedBiasType: 'float32',
    }),
    op(MAX_POOL_2D, [features], [pooled], {
      type: 'Pool2DOptions', padding: 'VALID', strideW: 2, strideH: 2, filterWidth: 2, filterHeight: 2, fusedActivation: 'NONE',
    }),
    op(RESHAPE, [pooled, flatShape], [flat], { type: 'ReshapeOptions', newShape: [-1, FLAT_FEATURES] }),
    op(FULLY_CONNECTED, [flat, weights, denseBias], [logits], {
      type: 'FullyConnectedOptions', fusedActivation: 'NONE', weightsFormat: 0, keepNumDims: false,
      asymmetricQuantizeInputs: false, quantizedBiasType: 'float32',
    }),
  ];
  const signature: SignatureDef = {
    signatureKey: 'serving_default', subgraphIndex: 0,
    inputs: [{ name: INPUT_NAME, tensorIndex: input }], outputs: [{ name: OUTPUT_NAME, tensorIndex: logits }],
  };
  const model: Model = {
    version: 3, description: EXPORT_DESCRIPTION, operatorCodes,
    subgraphs: [{ name: 'main', tensors, inputs: [input], outputs: [logits], operators }],
    buffers, metadataBuffer: [], metadata: [], signatureDefs: [signature],
  };
  const runtime = minRuntimeForModel(model);
  if (runtime !== null) {
    buffers.push(encodeMinRuntimeVersion(runtime));
    model.metadata.push({ name: MIN_RUNTIME_VERSION, buffer: buffers.length - 1 });
  }
  return model;
}

/** The .tflite bytes of the trained model (a fresh, exactly-sized copy). */
export function exportTflite(w: TrainedWeights): Uint8Array {
  return writeModel(buildExportModel(w)).slice();
}
