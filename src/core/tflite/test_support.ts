// Test-only helpers for the format layer (Node: uses node:fs). Not imported by app code.
//   - the shared real models (/work/shared/models, i.e. ../shared/models from the repo root);
//   - tinyModel(): a small hand-built IR that exercises every writer path without any file.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Model } from './ir';
import { encodeMinRuntimeVersion } from './metadata';
import { encodeBytes } from './tensor_data';

/**
 * ../shared/models relative to the repo root (this file is src/core/tflite/).
 * QUANT_LAB_SHARED_MODELS overrides it (e.g. a missing folder, to see the skips).
 */
export const SHARED_MODELS_DIR =
  process.env.QUANT_LAB_SHARED_MODELS ?? fileURLToPath(new URL('../../../../shared/models/', import.meta.url));
export const SHARED_MODELS_PRESENT = existsSync(SHARED_MODELS_DIR);
export const SKIP_REASON = 'skipped: ../shared/models not found';
if (!SHARED_MODELS_PRESENT) console.warn(SKIP_REASON);

/** Registers a visibly skipped test saying why, when the shared models are absent. */
export function reportMissingSharedModels(it: { skip: (name: string, fn: () => void) => void }): void {
  if (!SHARED_MODELS_PRESENT) it.skip(SKIP_REASON, () => {});
}

export function sharedModelFiles(): string[] {
  return SHARED_MODELS_PRESENT ? readdirSync(SHARED_MODELS_DIR).filter((f) => f.endsWith('.tflite')).sort() : [];
}

export function loadShared(file: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(SHARED_MODELS_DIR, file)));
}

/**
 * input float32 [1,4] (dynamic batch) → FULLY_CONNECTED (int8 weights [3,4], per-channel axis 0,
 * float bias [3], RELU) → [1,3] → SOFTMAX → [1,3] → GELU (code 150, above the int8 opcode field)
 * → output; plus a custom op with custom options, a variable tensor, min/max-only quantization,
 * a custom-quantization tensor, metadata and a signature def.
 */
export function tinyModel(): Model {
  const weights = encodeBytes(new Int8Array([127, -3, 5, 0, -127, 64, 1, 2, 9, 8, -7, 127]));
  const bias = encodeBytes(new Float32Array([0.5, -0.25, 1]));
  const none = { isVariable: false, hasRank: true, shapeSignature: null, quantization: null };
  return {
    version: 3,
    description: 'Quant Lab test model',
    operatorCodes: [
      { builtinCode: 9, customCode: null, version: 12 },
      { builtinCode: 25, customCode: null, version: 1 },
      { builtinCode: 150, customCode: null, version: 1 },
      { builtinCode: 32, customCode: 'MyCustomOp', version: 1 },
    ],
    subgraphs: [
      {
        name: 'main',
        tensors: [
          { ...none, name: 'input', dtype: 'float32', shape: [1, 4], shapeSignature: [-1, 4], buffer: 0 },
          {
            ...none, name: 'dense/kernel', dtype: 'int8', shape: [3, 4], buffer: 1,
            quantization: { scale: [0.5, 0.25, 0.125], zeroPoint: [0, 0, 0], quantizedDimension: 0, min: null, max: null, custom: null },
          },
          { ...none, name: 'dense/bias', dtype: 'float32', shape: [3], buffer: 2 },
          {
            ...none, name: 'dense/out', dtype: 'float32', shape: [1, 3], buffer: 0,
            quantization: { scale: [], zeroPoint: [], quantizedDimension: 0, min: [-1.5], max: [2.5], custom: null },
          },
          { ...none, name: 'softmax', dtype: 'float32', shape: [1, 3], buffer: 0 },
          { ...none, name: 'gelu', dtype: 'float32', shape: [1, 3], buffer: 0 },
          {
            ...none, name: 'state', dtype: 'int16', shape: [2], buffer: 3, isVariable: true,
            quantization: { scale: [0.5], zeroPoint: [-3], quantizedDimension: 0, min: null, max: null, custom: new Uint8Array([1, 2, 3]) },
          },
          { ...none, name: 'custom_out', dtype: 'float32', shape: [], buffer: 0, hasRank: false },
        ],
        inputs: [0],
        outputs: [5, 7],
        operators: [
          {
            opcodeIndex: 0, inputs: [0, 1, 2], outputs: [3], customOptions: null, mutatingVariableInputs: [], intermediates: [],
            options: { type: 'FullyConnectedOptions', fusedActivation: 'RELU', weightsFormat: 0, keepNumDims: false, asymmetricQuantizeInputs: true, quantizedBiasType: 'float32' },
          },
          { opcodeIndex: 1, inputs: [3], outputs: [4], options: { type: 'SoftmaxOptions', beta: 1 }, customOptions: null, mutatingVariableInputs: [], intermediates: [] },
          { opcodeIndex: 2, inputs: [4], outputs: [5], options: null, customOptions: null, mutatingVariableInputs: [], intermediates: [] },
          {
            opcodeIndex: 3, inputs: [5, -1, 6], outputs: [7], options: null, customOptions: new Uint8Array([7, 7, 7]),
            mutatingVariableInputs: [false, false, true], intermediates: [4],
          },
        ],
      },
    ],
    buffers: [new Uint8Array(0), weights, bias, encodeBytes(new Int16Array([1, -1])), encodeMinRuntimeVersion('2.17.0')],
    metadataBuffer: [4],
    metadata: [{ name: 'min_runtime_version', buffer: 4 }],
    signatureDefs: [
      { signatureKey: 'serving_default', subgraphIndex: 0, inputs: [{ name: 'x', tensorIndex: 0 }], outputs: [{ name: 'y', tensorIndex: 5 }] },
    ],
  };
}

/**
 * Deep equality of two IRs that stays fast on multi-MB buffers (Vitest's toEqual walks bytes one
 * by one): buffers compared as bytes, everything else with toEqual for a readable diff.
 */
export function expectSameModel(actual: Model, expected: Model, expectFn: (v: unknown, msg?: string) => { toEqual(v: unknown): void }): void {
  expectFn({ ...actual, buffers: actual.buffers.length }).toEqual({ ...expected, buffers: expected.buffers.length });
  actual.buffers.forEach((b, i) => {
    const e = expected.buffers[i]!;
    const same = b.length === e.length && Buffer.compare(b, e) === 0;
    expectFn(same, `buffer ${i} bytes (${b.length} vs ${e.length})`).toEqual(true);
  });
}
