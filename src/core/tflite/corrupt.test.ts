// Bad input never escapes as anything but a TfliteFormatError: truncations, seeded random byte
// flips, a wrong identifier, impossible vector lengths, out-of-range indices, and hand-crafted
// flatbuffers using features the IR cannot hold. Every case must end (no hang) and name the place.

import { Builder, ByteBuffer } from 'flatbuffers';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../util/rng';
import { TfliteFormatError } from './errors';
import * as fb from './generated/tflite_generated';
import type { Model } from './ir';
import { readModel } from './reader';
import { expectSameModel, loadShared, SHARED_MODELS_PRESENT, reportMissingSharedModels, tinyModel } from './test_support';
import { verifyFlatbuffer } from './verify';
import { MODEL } from './verify_schema';
import { writeModel } from './writer';

/** Reads; returns the model or the TfliteFormatError; any other exception fails the test. */
function attempt(bytes: Uint8Array, name = 'bad.tflite'): Model | TfliteFormatError {
  try {
    return readModel(bytes, name);
  } catch (e) {
    if (e instanceof TfliteFormatError) return e;
    throw new Error(`not a TfliteFormatError: ${String(e)}`, { cause: e });
  }
}

function expectFormatError(bytes: Uint8Array, message?: RegExp): TfliteFormatError {
  const r = attempt(bytes);
  expect(r).toBeInstanceOf(TfliteFormatError);
  const e = r as TfliteFormatError;
  expect(e.message.startsWith('bad.tflite: ')).toBe(true); // always names the file
  if (message) expect(e.message).toMatch(message);
  return e;
}

/** A mutated model that did read must also write (or be refused) and read back identically. */
function expectConsistent(model: Model): void {
  let bytes: Uint8Array;
  try {
    bytes = writeModel(model);
  } catch (e) {
    if (e instanceof TfliteFormatError) return; // e.g. the flip produced an undeclared options type
    throw e;
  }
  expectSameModel(readModel(bytes), model, expect);
}

/** Position of field `slot` (vtable offset 4 + 2·id) of the table at `pos`, or 0 if absent. */
function fieldPos(bytes: Uint8Array, tablePos: number, slot: number): number {
  const bb = new ByteBuffer(bytes);
  const off = bb.__offset(tablePos, slot);
  return off ? tablePos + off : 0;
}

const tiny = (): Uint8Array => writeModel(tinyModel()).slice();
const rootOf = (bytes: Uint8Array): fb.Model => fb.Model.getRootAsModel(new ByteBuffer(bytes));
const setU32 = (bytes: Uint8Array, pos: number, v: number): void => new DataView(bytes.buffer, bytes.byteOffset).setUint32(pos, v, true);

describe('truncated files', () => {
  it('every prefix of the hand-built model shorter than its flatbuffer is refused', () => {
    const bytes = tiny();
    const { end } = verifyFlatbuffer(bytes, MODEL, 'TFL3');
    let refused = 0;
    for (let n = 0; n < bytes.length; n++) {
      const r = attempt(bytes.subarray(0, n));
      if (n < end) expect(r, `prefix ${n}`).toBeInstanceOf(TfliteFormatError);
      if (r instanceof TfliteFormatError) refused++;
    }
    expect(refused).toBeGreaterThanOrEqual(end);
  });

  reportMissingSharedModels(it);
  it.skipIf(!SHARED_MODELS_PRESENT)('every prefix of hello_world_dense_int8 (2,704 bytes) is refused', () => {
    const bytes = loadShared('hello_world_dense_int8.tflite');
    for (let n = 0; n < bytes.length; n++) expect(attempt(bytes.subarray(0, n)), `prefix ${n}`).toBeInstanceOf(TfliteFormatError);
  });
});

describe('seeded random byte flips', () => {
  const flip = (bytes: Uint8Array, seed: number, region: [number, number]): Uint8Array => {
    const rng = makeRng(seed);
    const out = bytes.slice();
    const flips = rng.int(1, 4);
    for (let k = 0; k < flips; k++) out[rng.int(region[0], region[1] - 1)] = rng.int(0, 255);
    return out;
  };

  it('3,000 mutants of the hand-built model: a model that round-trips, or a TfliteFormatError', () => {
    const bytes = tiny();
    let refused = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const r = attempt(flip(bytes, seed, [0, bytes.length]));
      if (r instanceof TfliteFormatError) refused++;
      else expectConsistent(r);
    }
    // Many flips land in data or unused padding and give a valid model; plenty must not.
    expect(refused).toBeGreaterThan(300);
  });

  it.skipIf(!SHARED_MODELS_PRESENT)('1,000 mutants each of two real files, flips in their table regions', () => {
    for (const file of ['mnist_cnn_drq.tflite', 'har_mlp_drq.tflite']) {
      const bytes = loadShared(file);
      const { rootPos } = verifyFlatbuffer(bytes, MODEL, 'TFL3');
      // The converter writes the tables after the root and before/after the big buffers; aim at both ends.
      for (let seed = 1; seed <= 1000; seed++) {
        const region: [number, number] = seed % 2 ? [0, Math.min(bytes.length, rootPos + 8192)] : [bytes.length - 8192, bytes.length];
        const r = attempt(flip(bytes, seed * 7919, region), file);
        if (!(r instanceof TfliteFormatError)) expectConsistent(r);
      }
    }
  });
});

describe('structural damage', () => {
  it('refuses empty and tiny inputs, garbage, and non-Uint8Array input', () => {
    expectFormatError(new Uint8Array(0), /too short/);
    expectFormatError(new Uint8Array(7), /too short/);
    const rng = makeRng(5);
    for (let i = 0; i < 200; i++) expectFormatError(Uint8Array.from({ length: rng.int(8, 400) }, () => rng.int(0, 255)));
    expect(() => readModel([1, 2, 3] as unknown as Uint8Array)).toThrow(TfliteFormatError);
  });

  it('refuses a wrong file identifier', () => {
    const bytes = tiny();
    bytes.set([0x54, 0x46, 0x4c, 0x32], 4); // "TFL2"
    expectFormatError(bytes, /identifier is 'TFL2'/);
  });

  it('accepts a missing identifier only when the root table verifies', () => {
    const bytes = tiny();
    bytes.set([0, 0, 0, 0], 4);
    expect(attempt(bytes)).not.toBeInstanceOf(TfliteFormatError);
    setU32(bytes, 0, bytes.length + 100); // and with a broken root offset it is refused
    expectFormatError(bytes, /not a TFLite model: no 'TFL3' file identifier/);
  });

  it('refuses impossible vector lengths', () => {
    const cases: [string, (m: fb.Model) => number][] = [
      ['tensors', (m) => { const sg = m.subgraphs(0)!; return sg.bb!.__vector(sg.bb_pos + sg.bb!.__offset(sg.bb_pos, 4)) - 4; }],
      ['shape', (m) => { const t = m.subgraphs(0)!.tensors(0)!; return t.bb!.__vector(t.bb_pos + t.bb!.__offset(t.bb_pos, 4)) - 4; }],
      ['buffer data', (m) => { const b = m.buffers(1)!; return b.bb!.__vector(b.bb_pos + b.bb!.__offset(b.bb_pos, 4)) - 4; }],
      ['name', (m) => { const t = m.subgraphs(0)!.tensors(1)!; return t.bb!.__vector(t.bb_pos + t.bb!.__offset(t.bb_pos, 10)) - 4; }],
    ];
    for (const [what, lengthPos] of cases) {
      for (const len of [0x7fffffff, 0xffffffff, 100_000]) {
        const bytes = tiny();
        setU32(bytes, lengthPos(rootOf(bytes)), len);
        const e = expectFormatError(bytes);
        expect(e.message, what).toMatch(/vector|past the end|terminator/);
      }
    }
  });

  it('refuses a vtable outside the file and an offset that points backwards', () => {
    const bytes = tiny();
    const rootPos = new DataView(bytes.buffer).getUint32(0, true);
    setU32(bytes, rootPos, 0x7ffffff0); // soffset to the root's vtable
    expectFormatError(bytes, /vtable/);
    const b2 = tiny();
    const m = rootOf(b2);
    const at = fieldPos(b2, m.bb_pos, 8); // Model.subgraphs offset field
    setU32(b2, at, 0xfffffff0); // "negative": points back
    expectFormatError(b2, /not a forward offset/);
  });
});

describe('semantic damage (structure fine, meaning wrong)', () => {
  it('refuses out-of-range indices, naming tensor / operator', () => {
    const patch = (edit: (bytes: Uint8Array, m: fb.Model) => void, message: RegExp) => {
      const bytes = tiny();
      edit(bytes, rootOf(bytes));
      expectFormatError(bytes, message);
    };
    patch((b, m) => { const t = m.subgraphs(0)!.tensors(1)!; setU32(b, fieldPos(b, t.bb_pos, 8), 77); },
      /subgraph 0 › tensor 1 'dense\/kernel': buffer index 77 is out of range/);
    patch((b, m) => { const o = m.subgraphs(0)!.operators(1)!; setU32(b, fieldPos(b, o.bb_pos, 4), 9); },
      /subgraph 0 › operator 1 \(opcode 9\?\): opcode index 9 is out of range/);
    patch((b, m) => { const o = m.subgraphs(0)!.operators(0)!; setU32(b, o.bb!.__vector(o.bb_pos + o.bb!.__offset(o.bb_pos, 6)), 1234); },
      /operator 0 \(FULLY_CONNECTED\): input tensor index 1234/);
    patch((b, m) => { const o = m.subgraphs(0)!.operators(0)!; setU32(b, o.bb!.__vector(o.bb_pos + o.bb!.__offset(o.bb_pos, 6)), -2 >>> 0); },
      /input tensor index -2/);
    patch((b, m) => { const sg = m.subgraphs(0)!; setU32(b, sg.bb!.__vector(sg.bb_pos + sg.bb!.__offset(sg.bb_pos, 8)), 8); },
      /subgraph 0: output tensor index 8/);
    patch((b, m) => { const md = m.metadata(0)!; setU32(b, fieldPos(b, md.bb_pos, 6), 5); }, /metadata 0 'min_runtime_version'/);
    patch((b, m) => { const s = m.signatureDefs(0)!.outputs(0)!; setU32(b, fieldPos(b, s.bb_pos, 6), 50); }, /signature_def 0/);
    patch((b, m) => { const t = m.subgraphs(0)!.tensors(1)!; b[fieldPos(b, t.bb_pos, 6)] = 99; }, /tensor 1 'dense\/kernel': tensor type 99/);
    patch((b, m) => { const t = m.subgraphs(0)!.tensors(1)!; setU32(b, t.bb!.__vector(t.bb_pos + t.bb!.__offset(t.bb_pos, 4)), 5); },
      /tensor 1 'dense\/kernel'.*holds 12 bytes but int8\[5,4\] needs 20/);
  });

  it('refuses enum values out of range in options', () => {
    const bytes = tiny();
    const opts = rootOf(bytes).subgraphs(0)!.operators(0)!.builtinOptions(new fb.FullyConnectedOptions()) as fb.FullyConnectedOptions;
    bytes[fieldPos(bytes, opts.bb_pos, 4)] = 42; // fused_activation_function
    expectFormatError(bytes, /operator 0 \(FULLY_CONNECTED\): fused activation 42/);
  });
});

/** A one-subgraph model built directly with the generated API, for features our writer never emits. */
function craft(opts: {
  tensor?: (b: Builder) => (() => void) | void;
  operatorOptions?: (b: Builder) => { type: number; offset: number; extra?: () => void };
  buffer?: (b: Builder) => () => void;
  subgraphCopies?: number;
  tensorCount?: number;
}): Uint8Array {
  const b = new Builder(1024);
  const addToTensor = opts.tensor?.(b);
  const tensors: number[] = [];
  for (let i = 0; i < (opts.tensorCount ?? 1); i++) {
    const name = b.createString(`t${i}`);
    const shape = fb.Tensor.createShapeVector(b, [2]);
    b.startObject(11); // fb.Tensor.startTensor declares 9 fields; the official table has 11
    fb.Tensor.addShape(b, shape);
    fb.Tensor.addName(b, name);
    if (i === 0 && addToTensor) addToTensor();
    tensors.push(fb.Tensor.endTensor(b));
  }
  const operators: number[] = [];
  if (opts.operatorOptions) {
    const o = opts.operatorOptions(b);
    const io = fb.Operator.createInputsVector(b, [0]);
    fb.Operator.startOperator(b);
    fb.Operator.addInputs(b, io);
    fb.Operator.addOutputs(b, io);
    fb.Operator.addBuiltinOptionsType(b, o.type);
    if (o.offset) fb.Operator.addBuiltinOptions(b, o.offset);
    o.extra?.();
    operators.push(fb.Operator.endOperator(b));
  }
  const sg = fb.SubGraph.createSubGraph(b, fb.SubGraph.createTensorsVector(b, tensors), fb.SubGraph.createInputsVector(b, [0]),
    fb.SubGraph.createOutputsVector(b, [0]), fb.SubGraph.createOperatorsVector(b, operators), 0);
  const subgraphs = fb.Model.createSubgraphsVector(b, new Array(opts.subgraphCopies ?? 1).fill(sg));
  const addToBuffer = opts.buffer?.(b);
  fb.Buffer.startBuffer(b);
  const empty = fb.Buffer.endBuffer(b);
  fb.Buffer.startBuffer(b);
  addToBuffer?.();
  const second = fb.Buffer.endBuffer(b);
  const buffers = fb.Model.createBuffersVector(b, [empty, second]);
  const codes = fb.Model.createOperatorCodesVector(b, [fb.OperatorCode.createOperatorCode(b, 0, 0, 1, 0)]);
  fb.Model.startModel(b);
  fb.Model.addVersion(b, 3);
  fb.Model.addOperatorCodes(b, codes);
  fb.Model.addSubgraphs(b, subgraphs);
  fb.Model.addBuffers(b, buffers);
  fb.Model.finishModelBuffer(b, fb.Model.endModel(b));
  return b.asUint8Array().slice();
}

describe('flatbuffers the IR cannot represent', () => {
  it('the crafting helper makes a valid model on its own', () => {
    expect(attempt(craft({}))).not.toBeInstanceOf(TfliteFormatError);
  });

  it('refuses sparse tensors', () => {
    const bytes = craft({
      tensor: (b) => {
        const order = fb.SparsityParameters.createTraversalOrderVector(b, [0]);
        fb.SparsityParameters.startSparsityParameters(b);
        fb.SparsityParameters.addTraversalOrder(b, order);
        const sp = fb.SparsityParameters.endSparsityParameters(b);
        return () => fb.Tensor.addSparsity(b, sp);
      },
    });
    expectFormatError(bytes, /tensor 0 't0': is a sparse tensor/);
  });

  it('refuses tensors whose data is in an external file (official Tensor.external_buffer)', () => {
    const bytes = craft({ tensor: (b) => () => b.addFieldInt32(10, 3, 0) });
    expectFormatError(bytes, /tensor 0 't0': keeps its data in an external file/);
    expect(attempt(craft({ tensor: (b) => () => b.addFieldInt32(10, 0, 1) }))).not.toBeInstanceOf(TfliteFormatError);
  });

  it('refuses buffers stored outside the flatbuffer (Buffer.offset > 1)', () => {
    const bytes = craft({ buffer: (b) => () => { fb.Buffer.addOffset(b, 4096n); fb.Buffer.addSize(b, 8n); } });
    expectFormatError(bytes, /buffer 1: data is stored outside the flatbuffer/);
  });

  it('refuses quantization details other than CustomQuantization', () => {
    const bytes = craft({
      tensor: (b) => {
        fb.PadOptions.startPadOptions(b); // any table will do as the (unknown) details value
        const details = fb.PadOptions.endPadOptions(b);
        fb.QuantizationParameters.startQuantizationParameters(b);
        fb.QuantizationParameters.addDetailsType(b, 2 as fb.QuantizationDetails); // 2 = BlockwiseQuantization (official)
        fb.QuantizationParameters.addDetails(b, details);
        const q = fb.QuantizationParameters.endQuantizationParameters(b);
        return () => fb.Tensor.addQuantization(b, q);
      },
    });
    expectFormatError(bytes, /quantization details type 2/);
  });

  it('refuses builtin_options_2', () => {
    const bytes = craft({
      operatorOptions: (b) => {
        const o2 = fb.StablehloConcatenateOptions.createStablehloConcatenateOptions(b, 1n);
        return { type: 0, offset: 0, extra: () => { fb.Operator.addBuiltinOptions2Type(b, 1); fb.Operator.addBuiltinOptions2(b, o2); } };
      },
    });
    expectFormatError(bytes, /operator 0 \(ADD\): uses builtin_options_2/);
  });

  it('reads an undeclared options type as UnknownOptions, which the writer refuses', () => {
    const bytes = craft({
      operatorOptions: (b) => {
        fb.PadOptions.startPadOptions(b);
        return { type: 3, offset: fb.PadOptions.endPadOptions(b) }; // 3 = LSHProjectionOptions, not in our schema
      },
    });
    const m = attempt(bytes) as Model;
    expect(m.subgraphs[0]!.operators[0]!.options).toEqual({ type: 'UnknownOptions', unionType: 3 });
    expect(() => writeModel(m)).toThrow(/union type 3/);
  });

  it('refuses an options type whose table is missing', () => {
    const bytes = craft({ operatorOptions: () => ({ type: fb.BuiltinOptions.AddOptions, offset: 0 }) });
    expectFormatError(bytes, /options table is missing/);
  });

  it('stops at the table budget instead of walking a million shared subgraphs', () => {
    // 2,000 subgraph entries pointing at one subgraph of 600 tensors: a few KB that expand to 1.2M tables.
    const bytes = craft({ subgraphCopies: 2000, tensorCount: 600 });
    expect(bytes.length).toBeLessThan(64 * 1024);
    expectFormatError(bytes, /more than 1000000 tables/);
  });
});
