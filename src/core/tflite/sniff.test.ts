// Kind detection: the "kind" column of /work/shared/models/README.md for all 17 files, and small
// hand-built variants of the tiny model for each kind.

import { describe, expect, it } from 'vitest';
import type { Model } from './ir';
import { readModel } from './reader';
import { constantBytesByDtype, sniffModel, type ModelKind } from './sniff';
import { encodeBytes } from './tensor_data';
import { loadShared, SHARED_MODELS_PRESENT, sharedModelFiles, reportMissingSharedModels } from './test_support';

// From the README's tables ("kind" column, and the "what it is" column of the extra files).
const EXPECTED: Record<string, ModelKind> = {
  'hello_world_dense_float.tflite': 'float32',
  'hello_world_dense_int8.tflite': 'full-integer',
  'mnist_cnn_float.tflite': 'float32',
  'mnist_cnn_drq.tflite': 'dynamic-range',
  'mnist_lstm_float.tflite': 'float32',
  'mobilenet_v1_025_96_gray_vww_float.tflite': 'float32',
  'deeplabv3_mobilenet_v2_257_float.tflite': 'float32',
  'text_embedding_gather_mean_float.tflite': 'float32',
  'har_mlp_float.tflite': 'float32',
  'har_mlp_drq.tflite': 'dynamic-range',
  'har_mlp_float16.tflite': 'float16',
  'mobilenet_v2_035_96_embedder_drq.tflite': 'dynamic-range',
  'mnist_codelab_dynrange.tflite': 'dynamic-range',
  'mnist_autokeras_float.tflite': 'float32', // uint8 input without quantization is raw pixels, not quantized I/O
  'person_detect.tflite': 'full-integer',
  'keyword_scrambled.tflite': 'full-integer',
  'simple_add_model.tflite': 'full-integer',
};

reportMissingSharedModels(it);

describe.skipIf(!SHARED_MODELS_PRESENT)('sniffModel on the shared models', () => {
  it('matches the README kind of all 17 files', () => {
    const files = sharedModelFiles();
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const f of files) expect(sniffModel(readModel(loadShared(f), f)).kind, f).toBe(EXPECTED[f]);
  });

  it('explains itself', () => {
    const r = sniffModel(readModel(loadShared('har_mlp_drq.tflite')));
    expect(r.reason).toBe('3 quantized int8 weight(s) (per-channel) consumed by float ops (FULLY_CONNECTED×3); float32 activations');
    expect(sniffModel(readModel(loadShared('mnist_cnn_drq.tflite'))).reason).toContain('(per-tensor)');
  });

  it('counts constant bytes by dtype (pair A: 20,280 int8 bytes after DRQ)', () => {
    const drq = constantBytesByDtype(readModel(loadShared('mnist_cnn_drq.tflite')));
    expect(drq.int8).toBe(20280);
    expect(drq.float32).toBe(520);
    expect(constantBytesByDtype(readModel(loadShared('mnist_cnn_float.tflite'))).float32).toBe(81640);
  });
});

/** input [1,4] → FULLY_CONNECTED(weights, bias) → output [1,3], with the weight's type chosen by the test. */
function fcModel(weights: { dtype: 'float32' | 'int8' | 'float16'; bytes: Uint8Array; scales?: number[] }, ioDtype: 'float32' | 'int8' = 'float32'): Model {
  const ioQuant = ioDtype === 'int8' ? { scale: [0.1], zeroPoint: [0], quantizedDimension: 0, min: null, max: null, custom: null } : null;
  const base = { shapeSignature: null, isVariable: false, hasRank: true, quantization: null };
  const wQuant = weights.scales
    ? { scale: weights.scales, zeroPoint: weights.scales.map(() => 0), quantizedDimension: 0, min: null, max: null, custom: null }
    : null;
  return {
    version: 3, description: '', metadataBuffer: [], metadata: [], signatureDefs: [],
    operatorCodes: [{ builtinCode: 9, customCode: null, version: 1 }],
    buffers: [new Uint8Array(0), weights.bytes],
    subgraphs: [{
      name: '', inputs: [0], outputs: [2],
      tensors: [
        { ...base, name: 'x', dtype: ioDtype, shape: [1, 4], buffer: 0, quantization: ioQuant },
        { ...base, name: 'w', dtype: weights.dtype, shape: [3, 4], buffer: 1, quantization: wQuant },
        { ...base, name: 'y', dtype: ioDtype, shape: [1, 3], buffer: 0, quantization: ioQuant },
      ],
      operators: [{ opcodeIndex: 0, inputs: [0, 1, -1], outputs: [2], options: null, customOptions: null, mutatingVariableInputs: [], intermediates: [] }],
    }],
  };
}

describe('sniffModel on hand-built models', () => {
  const f32 = encodeBytes(new Float32Array(12));
  const i8 = encodeBytes(new Int8Array(12));

  it('float32 weights → float32', () => {
    expect(sniffModel(fcModel({ dtype: 'float32', bytes: f32 })).kind).toBe('float32');
  });

  it('quantized int8 weights in a float op → dynamic-range, per-tensor or per-channel', () => {
    expect(sniffModel(fcModel({ dtype: 'int8', bytes: i8, scales: [0.5] }))).toMatchObject({ kind: 'dynamic-range' });
    expect(sniffModel(fcModel({ dtype: 'int8', bytes: i8, scales: [0.5, 0.5, 0.5] })).reason).toContain('per-channel');
  });

  it('int8 weights without quantization parameters are not DRQ', () => {
    expect(sniffModel(fcModel({ dtype: 'int8', bytes: i8 })).kind).toBe('float32');
  });

  it('quantized int8 I/O → full-integer', () => {
    expect(sniffModel(fcModel({ dtype: 'int8', bytes: i8, scales: [0.5] }, 'int8')).kind).toBe('full-integer');
  });

  it('float16 constants through DEQUANTIZE → float16', () => {
    const m = fcModel({ dtype: 'float16', bytes: encodeBytes(new Uint16Array(12)) });
    const sg = m.subgraphs[0]!;
    m.operatorCodes.push({ builtinCode: 6, customCode: null, version: 3 });
    sg.tensors.push({ ...sg.tensors[1]!, name: 'w_f32', dtype: 'float32', buffer: 0 });
    sg.operators.unshift({ opcodeIndex: 1, inputs: [1], outputs: [3], options: null, customOptions: null, mutatingVariableInputs: [], intermediates: [] });
    sg.operators[1]!.inputs = [0, 3, -1];
    expect(sniffModel(m).kind).toBe('float16');
  });
});
