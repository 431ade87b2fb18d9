// The reader on the 17 real converter files (facts from /work/shared/models/README.md) and on a
// hand-built model. The real files are skipped, visibly, when ../shared/models is absent.

import { describe, expect, it } from 'vitest';
import type { Model } from './ir';
import { minRuntimeVersion } from './metadata';
import { operatorCodeName } from './op_names';
import { appendedZip, readModel } from './reader';
import { constantAsFloat32, constantData } from './tensor_data';
import { expectSameModel, loadShared, SHARED_MODELS_PRESENT, sharedModelFiles, reportMissingSharedModels, tinyModel } from './test_support';
import { writeModel } from './writer';

const read = (file: string): Model => readModel(loadShared(file), file);
const ops = (m: Model): string[] => m.subgraphs[0]!.operators.map((o) => operatorCodeName(m.operatorCodes[o.opcodeIndex]!));
const versions = (m: Model): Record<string, number> =>
  Object.fromEntries(m.operatorCodes.map((c) => [operatorCodeName(c), c.version]));
const typeCounts = (m: Model): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const t of m.subgraphs[0]!.tensors) out[t.dtype.toUpperCase()] = (out[t.dtype.toUpperCase()] ?? 0) + 1;
  return out;
};
const tensorByName = (m: Model, name: string) => {
  const t = m.subgraphs[0]!.tensors.find((x) => x.name === name);
  if (!t) throw new Error(`no tensor ${name}`);
  return t;
};

reportMissingSharedModels(it);

describe.skipIf(!SHARED_MODELS_PRESENT)('reader on the shared real models', () => {
  it('finds all 17 files and reads every one (1 subgraph, schema version 3)', () => {
    const files = sharedModelFiles();
    expect(files).toHaveLength(17);
    for (const f of files) {
      const m = read(f);
      expect(m.subgraphs, f).toHaveLength(1);
      expect(m.version, f).toBe(3);
      expect(m.buffers[0]!.length, f).toBe(0);
    }
  });

  it('reads the op lists, resolving opcodes that only have deprecated_builtin_code', () => {
    const cnn = ['SHAPE', 'STRIDED_SLICE', 'PACK', 'RESHAPE', 'CONV_2D', 'MAX_POOL_2D', 'RESHAPE', 'FULLY_CONNECTED'];
    expect(ops(read('mnist_cnn_float.tflite'))).toEqual(cnn);
    expect(ops(read('mnist_cnn_drq.tflite'))).toEqual(cnn);
    expect(ops(read('mnist_lstm_float.tflite'))).toEqual(['UNIDIRECTIONAL_SEQUENCE_LSTM', 'RESHAPE', 'FULLY_CONNECTED', 'SOFTMAX']);
    expect(ops(read('text_embedding_gather_mean_float.tflite'))).toEqual(['GATHER', 'MEAN', 'FULLY_CONNECTED']);
    expect(ops(read('har_mlp_float16.tflite'))).toEqual([...Array(8).fill('DEQUANTIZE'), ...Array(4).fill('FULLY_CONNECTED'), 'SOFTMAX']);
    const count = (m: Model, op: string) => ops(m).filter((o) => o === op).length;
    const vww = read('mobilenet_v1_025_96_gray_vww_float.tflite');
    expect([count(vww, 'PAD'), count(vww, 'CONV_2D'), count(vww, 'DEPTHWISE_CONV_2D'), count(vww, 'SOFTMAX')]).toEqual([5, 15, 13, 1]);
    const deeplab = read('deeplabv3_mobilenet_v2_257_float.tflite');
    expect([count(deeplab, 'CONV_2D'), count(deeplab, 'DEPTHWISE_CONV_2D'), count(deeplab, 'ADD'), count(deeplab, 'RESIZE_BILINEAR')]).toEqual([38, 17, 10, 3]);
    const mnv2 = read('mobilenet_v2_035_96_embedder_drq.tflite');
    expect([count(mnv2, 'MUL'), count(mnv2, 'SUB'), count(mnv2, 'CONV_2D'), count(mnv2, 'DEPTHWISE_CONV_2D'), count(mnv2, 'ADD')]).toEqual([1, 1, 35, 17, 10]);
  });

  it('reads opcode versions', () => {
    expect(versions(read('mnist_cnn_drq.tflite'))).toMatchObject({ CONV_2D: 2, FULLY_CONNECTED: 3, RESHAPE: 1 });
    expect(versions(read('mnist_cnn_float.tflite'))).toMatchObject({ CONV_2D: 1, FULLY_CONNECTED: 1 });
    expect(versions(read('har_mlp_drq.tflite'))).toMatchObject({ FULLY_CONNECTED: 12, SOFTMAX: 1 });
    expect(versions(read('hello_world_dense_int8.tflite'))).toMatchObject({ FULLY_CONNECTED: 4 });
    expect(versions(read('har_mlp_float16.tflite'))).toMatchObject({ DEQUANTIZE: 3 });
    expect(versions(read('mobilenet_v2_035_96_embedder_drq.tflite'))).toMatchObject({ CONV_2D: 5, DEPTHWISE_CONV_2D: 6 });
    // deeplab lists DEPTHWISE_CONV_2D twice (v1 and v2).
    const deeplab = read('deeplabv3_mobilenet_v2_257_float.tflite');
    expect(deeplab.operatorCodes.filter((c) => c.builtinCode === 4).map((c) => c.version).sort()).toEqual([1, 2]);
  });

  it('reads tensor types as counted in the README', () => {
    expect(typeCounts(read('mnist_cnn_drq.tflite'))).toEqual({ FLOAT32: 9, INT32: 8, INT8: 1 });
    expect(typeCounts(read('hello_world_dense_int8.tflite'))).toEqual({ INT8: 7, INT32: 3 });
    expect(typeCounts(read('har_mlp_float16.tflite'))).toEqual({ FLOAT32: 14, FLOAT16: 8 });
    expect(typeCounts(read('mobilenet_v2_035_96_embedder_drq.tflite'))).toEqual({ FLOAT32: 136, INT32: 1, INT8: 37 });
    expect(typeCounts(read('deeplabv3_mobilenet_v2_257_float.tflite'))).toEqual({ FLOAT32: 181, INT32: 3 });
  });

  it('mnist_cnn_drq: the dense kernel is int8 [10,2028], per-tensor, zero point 0; the conv kernel stays float32', () => {
    const m = read('mnist_cnn_drq.tflite');
    const kernel = tensorByName(m, 'sequential_3/dense_3/MatMul');
    expect(kernel.dtype).toBe('int8');
    expect(kernel.shape).toEqual([10, 2028]);
    expect(kernel.quantization!.scale).toHaveLength(1);
    expect(kernel.quantization!.zeroPoint).toEqual([0]);
    expect(kernel.quantization!.min).toBeNull();
    const q = constantData(m, kernel) as Int8Array;
    expect(q).toBeInstanceOf(Int8Array);
    expect(q.length).toBe(20280);
    // The converter's symmetric rule: some weight reaches ±127, none is -128.
    expect(Math.max(...Array.from(q, Math.abs))).toBe(127);
    expect(q.includes(-128)).toBe(false);
    const conv = tensorByName(m, 'sequential_3/conv2d_3/Conv2D');
    expect([conv.dtype, conv.shape, conv.quantization]).toEqual(['float32', [12, 3, 3, 1], null]);
    // Dequantized values are q × scale.
    const f = constantAsFloat32(m, kernel)!;
    expect(f[5]).toBe(Math.fround(q[5]! * kernel.quantization!.scale[0]!));
  });

  it('har_mlp_drq: three int8 kernels per-channel on axis 0 with 256/128/64 scales; the [6,64] kernel stays float', () => {
    const m = read('har_mlp_drq.tflite');
    const int8 = m.subgraphs[0]!.tensors.filter((t) => t.dtype === 'int8');
    expect(int8.map((t) => t.shape)).toEqual(expect.arrayContaining([[256, 561], [128, 256], [64, 128]]));
    for (const t of int8) {
      expect(t.quantization!.quantizedDimension).toBe(0);
      expect(t.quantization!.scale).toHaveLength(t.shape[0]!);
      expect(t.quantization!.zeroPoint.every((z) => z === 0)).toBe(true);
    }
    expect(int8.map((t) => t.quantization!.scale.length).sort((a, b) => b - a)).toEqual([256, 128, 64]);
    expect(m.subgraphs[0]!.tensors.some((t) => t.dtype === 'float32' && t.shape.join() === '6,64')).toBe(true);
    const fc = m.subgraphs[0]!.operators[0]!.options;
    expect(fc).toMatchObject({ type: 'FullyConnectedOptions', asymmetricQuantizeInputs: true });
  });

  it('mobilenet_v2 embedder: depthwise kernels are per-channel on axis 3', () => {
    const m = read('mobilenet_v2_035_96_embedder_drq.tflite');
    const sg = m.subgraphs[0]!;
    const dw = sg.operators.filter((o) => m.operatorCodes[o.opcodeIndex]!.builtinCode === 4).map((o) => sg.tensors[o.inputs[1]!]!);
    expect(dw.length).toBe(17);
    const quantized = dw.filter((t) => t.dtype === 'int8');
    expect(quantized.length).toBe(10);
    for (const t of quantized) {
      expect(t.quantization!.quantizedDimension).toBe(3);
      expect(t.quantization!.scale.length).toBe(t.shape[3]);
    }
  });

  it('reads min_runtime_version strings and descriptions', () => {
    const expected: Record<string, string | null> = {
      'hello_world_dense_float.tflite': '1.5.0', 'hello_world_dense_int8.tflite': '1.14.0',
      'mnist_cnn_float.tflite': '1.11.0', 'mnist_cnn_drq.tflite': '1.11.0', 'mnist_lstm_float.tflite': '1.13.1',
      'mobilenet_v1_025_96_gray_vww_float.tflite': '1.11.0', 'deeplabv3_mobilenet_v2_257_float.tflite': null,
      'text_embedding_gather_mean_float.tflite': '1.6.0', 'har_mlp_float.tflite': '1.5.0', 'har_mlp_drq.tflite': '2.17.0',
      'har_mlp_float16.tflite': '1.15.0', 'mobilenet_v2_035_96_embedder_drq.tflite': '2.4.0',
    };
    for (const [f, v] of Object.entries(expected)) expect(minRuntimeVersion(read(f)), f).toBe(v);
    expect(read('deeplabv3_mobilenet_v2_257_float.tflite').description).toBe('TOCO Converted.');
    expect(read('har_mlp_drq.tflite').description).toBe('MLIR Converted.');
    expect(read('mobilenet_v2_035_96_embedder_drq.tflite').metadata.map((x) => x.name)).toContain('TFLITE_METADATA');
  });

  it('reads signature defs where the README says there are some', () => {
    const withSig = ['har_mlp_float.tflite', 'har_mlp_drq.tflite', 'har_mlp_float16.tflite', 'hello_world_dense_float.tflite',
      'hello_world_dense_int8.tflite', 'mnist_lstm_float.tflite', 'text_embedding_gather_mean_float.tflite',
      'mobilenet_v2_035_96_embedder_drq.tflite'];
    const without = ['mnist_cnn_float.tflite', 'mnist_cnn_drq.tflite', 'mobilenet_v1_025_96_gray_vww_float.tflite',
      'deeplabv3_mobilenet_v2_257_float.tflite'];
    for (const f of withSig) {
      const sigs = read(f).signatureDefs;
      expect(sigs.map((s) => s.signatureKey), f).toEqual(['serving_default']);
      expect(sigs[0]!.inputs.length, f).toBeGreaterThan(0);
    }
    for (const f of without) expect(read(f).signatureDefs, f).toEqual([]);
  });

  it('float16 constants decode to float32 and match the float twin closely', () => {
    const f16 = read('har_mlp_float16.tflite');
    const f32 = read('har_mlp_float.tflite');
    const half = f16.subgraphs[0]!.tensors.find((t) => t.dtype === 'float16' && t.shape.join() === '256,561')!;
    const full = f32.subgraphs[0]!.tensors.find((t) => t.dtype === 'float32' && t.shape.join() === '256,561' && f32.buffers[t.buffer]!.length > 0)!;
    const a = constantAsFloat32(f16, half)!;
    const b = constantAsFloat32(f32, full)!;
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / Math.max(Math.abs(b[i]!), 6e-5));
    expect(worst).toBeLessThan(1e-3); // half precision: 11 significant bits
  });

  it('reads person_detect (a TFLite Micro file with quantized_dimension 3 on rank-1 biases)', () => {
    const m = read('person_detect.tflite');
    const bias = m.subgraphs[0]!.tensors.find((t) => t.name.endsWith('Conv2d_0/Conv2D_bias'))!;
    expect(bias.shape).toEqual([8]);
    expect(bias.quantization!.quantizedDimension).toBe(3);
  });

  it('detects the zip TFLite Support appends (text_embedding) and nothing else in plain files', () => {
    const zip = appendedZip(loadShared('text_embedding_gather_mean_float.tflite'))!;
    expect(zip.length).toBe(131015);
    expect([zip[0], zip[1], zip[2], zip[3]]).toEqual([0x50, 0x4b, 3, 4]);
    expect(appendedZip(loadShared('mnist_cnn_drq.tflite'))).toBeNull();
  });

  it('accepts input at an unaligned byteOffset (never builds unaligned typed views)', () => {
    const bytes = loadShared('har_mlp_drq.tflite');
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expectSameModel(readModel(shifted.subarray(3)), readModel(bytes), expect);
  });
});

describe('reader on a hand-built model', () => {
  it('reads back every field the writer wrote', () => {
    const m = tinyModel();
    const back = readModel(writeModel(m), 'tiny.tflite');
    expect(back).toEqual(m);
    expect(back.subgraphs[0]!.tensors[0]!.shapeSignature).toEqual([-1, 4]);
    expect(back.operatorCodes[2]!.builtinCode).toBe(150);
    expect(minRuntimeVersion(back)).toBe('2.17.0');
  });

  it('gives each buffer its own ArrayBuffer (copies, not views of the file)', () => {
    const bytes = writeModel(tinyModel());
    const m = readModel(bytes);
    for (const b of m.buffers.slice(1)) {
      expect(b.byteOffset).toBe(0);
      expect(b.buffer).not.toBe(bytes.buffer);
    }
  });
});
