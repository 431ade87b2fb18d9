// The writer: read → write → read is the identity on every shared model and on a hand-built IR;
// the bytes follow the converter's layout rules (identifier, 16-byte aligned buffer data, sentinel
// buffer 0, both opcode fields, a quantization table on every tensor); bad IRs are refused.

import { ByteBuffer } from 'flatbuffers';
import { describe, expect, it } from 'vitest';
import { TfliteFormatError } from './errors';
import * as fb from './generated/tflite_generated';
import type { Model } from './ir';
import { readModel } from './reader';
import { expectSameModel, loadShared, SHARED_MODELS_PRESENT, sharedModelFiles, reportMissingSharedModels, tinyModel } from './test_support';
import { writeModel } from './writer';

/** Raw view of written bytes through the generated classes (the bytes come from our writer). */
function raw(bytes: Uint8Array): fb.Model {
  return fb.Model.getRootAsModel(new ByteBuffer(bytes));
}

/** Checks the converter layout rules on written bytes. */
function expectConverterLayout(bytes: Uint8Array, model: Model): void {
  expect(String.fromCharCode(...bytes.subarray(4, 8))).toBe('TFL3');
  const m = raw(bytes);
  expect(m.buffersLength()).toBe(model.buffers.length);
  expect(m.buffers(0)!.dataLength()).toBe(0);
  for (let i = 0; i < m.buffersLength(); i++) {
    const data = m.buffers(i)!.dataArray();
    if (data && data.length > 0) expect((data.byteOffset - bytes.byteOffset) % 16, `buffer ${i}`).toBe(0);
  }
  for (let i = 0; i < m.operatorCodesLength(); i++) {
    const c = m.operatorCodes(i)!;
    const code = model.operatorCodes[i]!.builtinCode;
    expect(c.builtinCode()).toBe(code);
    expect(c.deprecatedBuiltinCode()).toBe(Math.min(code, 127));
  }
  const sg = m.subgraphs(0)!;
  for (let i = 0; i < sg.tensorsLength(); i++) expect(sg.tensors(i)!.quantization(), `tensor ${i}`).not.toBeNull();
}

describe('writer on a hand-built model', () => {
  it('writes bytes that read back to the same IR, in the converter layout', () => {
    const m = tinyModel();
    const bytes = writeModel(m);
    expect(readModel(bytes)).toEqual(m);
    expectConverterLayout(bytes, m);
    // GELU (150) does not fit the int8 deprecated field: 127 there, the real code in builtin_code.
    expect(raw(bytes).operatorCodes(2)!.deprecatedBuiltinCode()).toBe(127);
  });

  it('the fast model comparison used below does catch a single changed byte', () => {
    const a = tinyModel();
    const b = tinyModel();
    b.buffers[1]![3] ^= 1;
    expect(() => expectSameModel(a, b, expect)).toThrow(/buffer 1 bytes/);
  });

  it('does not mutate its input', () => {
    const m = tinyModel();
    const before = structuredClone(m);
    writeModel(m);
    expect(m).toEqual(before);
  });

  it('writes buffer bytes exactly, also for buffers given as unaligned subarrays', () => {
    const m = tinyModel();
    const big = new Uint8Array(1 + 4 * 12);
    for (let i = 0; i < big.length; i++) big[i] = (i * 37) & 0xff;
    const odd = { ...m, buffers: m.buffers.map((b, i) => (i === 1 ? big.subarray(1, 13) : b)) };
    const back = readModel(writeModel(odd));
    expect(Array.from(back.buffers[1]!)).toEqual(Array.from(big.subarray(1, 13)));
  });

  it('writes a large buffer with Uint8Array.set, byte-exact (32 MiB)', () => {
    const m = tinyModel();
    const n = 32 * 1024 * 1024;
    const big = new Uint8Array(n);
    for (let i = 0; i < n; i += 4096) big[i] = (i >> 12) & 0xff;
    const sg = m.subgraphs[0]!;
    const huge: Model = {
      ...m,
      subgraphs: [{ ...sg, tensors: [...sg.tensors, { ...sg.tensors[2]!, name: 'big', shape: [n / 4], buffer: 5 }] }],
      buffers: [...m.buffers, big],
    };
    const bytes = writeModel(huge);
    expect(bytes.length).toBeGreaterThan(n);
    expect(bytes.length).toBeLessThan(n + 64 * 1024);
    const back = readModel(bytes);
    expect(back.buffers[5]!.length).toBe(n);
    expect(Buffer.compare(back.buffers[5]!, big)).toBe(0);
  });

  const refuse = (mutate: (m: Model) => Model, message: RegExp) => {
    const bad = mutate(tinyModel());
    expect(() => writeModel(bad)).toThrow(TfliteFormatError);
    expect(() => writeModel(bad)).toThrow(message);
  };

  it('refuses UnknownOptions, naming the operator', () => {
    refuse((m) => {
      m.subgraphs[0]!.operators[1]!.options = { type: 'UnknownOptions', unionType: 3 };
      return m;
    }, /operator 1 \(SOFTMAX\).*union type 3/);
  });

  it('refuses out-of-range indices and mismatched buffer sizes, naming the tensor', () => {
    refuse((m) => ({ ...m, buffers: m.buffers.map((b, i) => (i === 1 ? b.subarray(0, 11) : b)) }), /tensor 1 'dense\/kernel'.*11 bytes.*needs 12/);
    refuse((m) => {
      m.subgraphs[0]!.tensors[2]!.buffer = 99;
      return m;
    }, /tensor 2 'dense\/bias'.*buffer index 99/);
    refuse((m) => {
      m.subgraphs[0]!.operators[0]!.inputs[0] = 8;
      return m;
    }, /operator 0 \(FULLY_CONNECTED\).*input tensor index 8/);
    refuse((m) => {
      m.subgraphs[0]!.operators[0]!.opcodeIndex = 4;
      return m;
    }, /opcode index 4/);
    refuse((m) => ({ ...m, buffers: [new Uint8Array(1), ...m.buffers.slice(1)] }), /buffer 0.*sentinel/);
    refuse((m) => {
      m.signatureDefs[0]!.outputs[0]!.tensorIndex = 42;
      return m;
    }, /signature_def 0 'serving_default'.*tensor 42/);
    refuse((m) => {
      m.metadata[0]!.buffer = 7;
      return m;
    }, /metadata 0 'min_runtime_version'/);
  });

  it('refuses inconsistent quantization and bad shapes or options', () => {
    refuse((m) => {
      m.subgraphs[0]!.tensors[1]!.quantization!.zeroPoint = [0];
      return m;
    }, /3 scales but 1 zero points/);
    refuse((m) => {
      m.subgraphs[0]!.tensors[1]!.quantization!.quantizedDimension = 1;
      return m;
    }, /3 scales do not match shape\[1\] = 4/);
    refuse((m) => {
      m.subgraphs[0]!.tensors[1]!.quantization!.zeroPoint = [0, 2 ** 60, 0];
      return m;
    }, /zero point/);
    refuse((m) => {
      m.subgraphs[0]!.tensors[4]!.shape = [1, -3];
      return m;
    }, /tensor 4 'softmax'.*invalid dimension -3/);
    refuse((m) => {
      m.subgraphs[0]!.operators[0]!.options = { type: 'Conv2DOptions', padding: 'SAME', strideW: 1.5, strideH: 1, fusedActivation: 'NONE', dilationW: 1, dilationH: 1, quantizedBiasType: 'float32' };
      return m;
    }, /strideW = 1.5 is not an int32/);
  });
});

reportMissingSharedModels(it);

describe.skipIf(!SHARED_MODELS_PRESENT)('writer on the shared real models', () => {
  for (const file of sharedModelFiles()) {
    it(`${file}: read → write → read gives the same IR, converter layout`, () => {
      const model = readModel(loadShared(file), file);
      const bytes = writeModel(model);
      expectSameModel(readModel(bytes, `rewritten ${file}`), model, expect);
      expectConverterLayout(bytes, model);
    });
  }
});
