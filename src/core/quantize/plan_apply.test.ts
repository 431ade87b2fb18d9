// Plan and apply on small hand-built models: reasons, the 1024 threshold, knobs, what each preset
// writes (versions, options, DEQUANTIZE insertion), buffer sharing, immutability, progress, abort.

import { describe, expect, it } from 'vitest';
import { makeRng } from '../util/rng';
import { buildModel, options, type GraphSpec } from '../testing/model_builder';
import type { Model } from '../tflite/ir';
import { minRuntimeVersion } from '../tflite/metadata';
import { operatorName } from '../tflite/op_names';
import { readModel } from '../tflite/reader';
import { writeModel } from '../tflite/writer';
import { applyPlan, QuantizeAbortedError } from './apply';
import { quantizeInt8 } from './math';
import { planQuantization, QuantizeRefusal, type QuantPlan } from './plan';
import { makePolicy, type QuantPolicy } from './policy';

const rng = makeRng(2024);
const weights = (n: number) => rng.floats(n, -0.5, 0.5);

/** input → CONV_2D → DEPTHWISE_CONV_2D → RESHAPE → FC → FC, plus a GATHER on a second input. */
function spec(): GraphSpec {
  return {
    tensors: {
      x: { dtype: 'float32', shape: [1, 8, 8, 2] },
      ids: { dtype: 'int32', shape: [1, 4] },
      'conv/filter': { dtype: 'float32', shape: [64, 3, 3, 2], data: weights(1152) },
      'conv/bias': { dtype: 'float32', shape: [64], data: weights(64) },
      'conv/out': { dtype: 'float32', shape: [1, 6, 6, 64] },
      'dw/filter': { dtype: 'float32', shape: [1, 4, 4, 64], data: weights(1024) }, // exactly 1024
      'dw/bias': { dtype: 'float32', shape: [64], data: weights(64) },
      'dw/out': { dtype: 'float32', shape: [1, 3, 3, 64] },
      'flat/shape': { dtype: 'int32', shape: [2], data: [1, 576] },
      flat: { dtype: 'float32', shape: [1, 576] },
      'fc1/weight': { dtype: 'float32', shape: [40, 576], data: weights(23040) },
      'fc1/bias': { dtype: 'float32', shape: [40], data: weights(40) },
      fc1: { dtype: 'float32', shape: [1, 40] },
      'fc2/weight': { dtype: 'float32', shape: [3, 341], data: weights(1023) }, // one short
      fc2in: { dtype: 'float32', shape: [1, 341] },
      fc2: { dtype: 'float32', shape: [1, 3] },
      table: { dtype: 'float32', shape: [300, 4], data: weights(1200) },
      gathered: { dtype: 'float32', shape: [1, 4, 4] },
    },
    ops: [
      { op: 'CONV_2D', options: options('Conv2DOptions'), inputs: ['x', 'conv/filter', 'conv/bias'], outputs: ['conv/out'] },
      { op: 'DEPTHWISE_CONV_2D', options: options('DepthwiseConv2DOptions'), inputs: ['conv/out', 'dw/filter', 'dw/bias'], outputs: ['dw/out'] },
      { op: 'RESHAPE', inputs: ['dw/out', 'flat/shape'], outputs: ['flat'] },
      { op: 'FULLY_CONNECTED', options: options('FullyConnectedOptions'), inputs: ['flat', 'fc1/weight', 'fc1/bias'], outputs: ['fc1'] },
      { op: 'FULLY_CONNECTED', options: options('FullyConnectedOptions'), inputs: ['fc2in', 'fc2/weight'], outputs: ['fc2'] },
      { op: 'GATHER', options: options('GatherOptions'), inputs: ['table', 'ids'], outputs: ['gathered'] },
    ],
    inputs: ['x', 'ids', 'fc2in'],
    outputs: ['fc1', 'fc2', 'gathered'],
  };
}

const reasons = (plan: QuantPlan) => Object.fromEntries(plan.tensors.map((t) => [t.name, t.reason]));
const tensor = (m: Model, name: string) => m.subgraphs[0]!.tensors.find((t) => t.name === name)!;
const ops = (m: Model) => m.subgraphs[0]!.operators.map((op) => `${operatorName(m, op.opcodeIndex)} v${m.operatorCodes[op.opcodeIndex]!.version}`);
const quantize = async (m: Model, policy: QuantPolicy) => (await applyPlan(m, planQuantization(m, policy))).model;

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !ArrayBuffer.isView(o) && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as object)) deepFreeze(v);
  }
  return o;
}

describe('plan', () => {
  it('says what happens to every constant and why (tf2.21)', () => {
    const plan = planQuantization(buildModel(spec()), makePolicy());
    expect(reasons(plan)).toEqual({
      'conv/filter': 'int8 per-channel axis 0: CONV_2D filter, 1,152 elements',
      'conv/bias': 'kept float: bias',
      'dw/filter': 'int8 per-channel axis 3: DEPTHWISE_CONV_2D filter, 1,024 elements',
      'dw/bias': 'kept float: bias',
      'flat/shape': 'kept int32: only float32 weights are quantized',
      'fc1/weight': 'int8 per-channel axis 0: FULLY_CONNECTED weight, 23,040 elements',
      'fc1/bias': 'kept float: bias',
      'fc2/weight': 'kept float: 1,023 elements < 1,024',
      table: 'int8 per-tensor + DEQUANTIZE: GATHER table, 1,200 elements',
    });
  });

  it('the threshold is inclusive and adjustable', () => {
    const m = buildModel(spec());
    const at = (min: number) => reasons(planQuantization(m, makePolicy({ minElements: min })));
    expect(at(1023)['fc2/weight']).toBe('int8 per-channel axis 0: FULLY_CONNECTED weight, 1,023 elements');
    expect(at(1025)['dw/filter']).toBe('kept float: 1,024 elements < 1,025');
  });

  it('per-tensor knob: FC and CONV per-tensor, DEPTHWISE stays per-channel (its hybrid kernel needs it)', () => {
    const r = reasons(planQuantization(buildModel(spec()), makePolicy({ perChannel: false })));
    expect(r['fc1/weight']).toMatch(/^int8 per-tensor: /);
    expect(r['conv/filter']).toMatch(/^int8 per-tensor: /);
    expect(r['dw/filter']).toMatch(/^int8 per-channel axis 3: /);
  });

  it('op selection and per-preset coverage', () => {
    const m = buildModel(spec());
    const onlyFc = reasons(planQuantization(m, makePolicy({ ops: ['FULLY_CONNECTED'] })));
    expect(onlyFc['conv/filter']).toBe('kept float: CONV_2D is not selected for quantization');
    expect(onlyFc.table).toBe('kept float: GATHER is not selected for quantization');
    const legacy = reasons(planQuantization(m, makePolicy({ preset: 'tf2.4' })));
    expect(legacy.table).toBe('kept float: preset tf2.4 does not quantize GATHER weights');
    expect(legacy['dw/filter']).toBe('int8 per-tensor + DEQUANTIZE: DEPTHWISE_CONV_2D filter, 1,024 elements');
  });

  it('keeps a weight float when another op also reads it as a float input', () => {
    const s = spec();
    s.tensors.sum = { dtype: 'float32', shape: [40, 576] };
    s.ops.push({ op: 'ADD', options: options('AddOptions'), inputs: ['fc1/weight', 'fc1/weight'], outputs: ['sum'] });
    s.outputs!.push('sum');
    expect(reasons(planQuantization(buildModel(s), makePolicy()))['fc1/weight'])
      .toBe('kept float: also read as input 0 of ADD (op 6), which needs float32');
  });

  it('refuses full-integer, already-quantized and weightless models with typed errors', () => {
    const fullInt = buildModel({
      tensors: {
        x: { dtype: 'int8', shape: [1, 4], quantization: { scale: [0.1], zeroPoint: [0] } },
        w: { dtype: 'int8', shape: [2, 4], data: new Int8Array(8), quantization: { scale: [0.1] } },
        y: { dtype: 'int8', shape: [1, 2], quantization: { scale: [0.1] } },
      },
      ops: [{ op: 'FULLY_CONNECTED', options: options('FullyConnectedOptions'), inputs: ['x', 'w'], outputs: ['y'] }],
    });
    expect(() => planQuantization(fullInt, makePolicy(), 'a.tflite')).toThrow(QuantizeRefusal);
    expect(() => planQuantization(fullInt, makePolicy(), 'a.tflite')).toThrow(/^a\.tflite is a full-integer model/);
    const drq = buildModel({
      tensors: {
        x: { dtype: 'float32', shape: [1, 4] },
        w: { dtype: 'int8', shape: [2, 4], data: new Int8Array(8), quantization: { scale: [0.1] } },
        y: { dtype: 'float32', shape: [1, 2] },
      },
      ops: [{ op: 'FULLY_CONNECTED', version: 9, options: options('FullyConnectedOptions'), inputs: ['x', 'w'], outputs: ['y'] }],
    });
    let code = '';
    try {
      planQuantization(drq, makePolicy());
    } catch (e) {
      code = (e as QuantizeRefusal).code;
    }
    expect(code).toBe('already-dynamic-range');
    const s = spec();
    expect(() => planQuantization(buildModel(s), makePolicy({ ops: [] }))).toThrow(/Nothing to quantize/);
  });
});

describe('apply', () => {
  it('never mutates its input and shares every untouched buffer', async () => {
    const m = buildModel(spec());
    const bytesBefore = writeModel(m).slice();
    const snapshot = m.buffers.map((b) => b.slice());
    deepFreeze(m);
    const out = await quantize(m, makePolicy());
    expect(Buffer.from(writeModel(m)).equals(Buffer.from(bytesBefore))).toBe(true);
    m.buffers.forEach((b, i) => expect(Buffer.from(b).equals(Buffer.from(snapshot[i]!))).toBe(true));
    expect(out).not.toBe(m);
    expect(out.buffers[tensor(m, 'fc1/bias').buffer]).toBe(m.buffers[tensor(m, 'fc1/bias').buffer]);
    expect(out.subgraphs[0]!.tensors[tensor(m, 'fc1/bias').buffer - 1]).toBe(m.subgraphs[0]!.tensors[tensor(m, 'fc1/bias').buffer - 1]);
  });

  it('tf2.21: int8 tensors, scales and zero points, asymmetric FC, versions, min runtime, GATHER behind DEQUANTIZE', async () => {
    const m = buildModel(spec());
    const out = await quantize(m, makePolicy());
    const w = tensor(out, 'fc1/weight');
    const expected = quantizeInt8(new Float32Array(m.buffers[tensor(m, 'fc1/weight').buffer]!.slice().buffer), [40, 576], 0);
    expect(w.dtype).toBe('int8');
    expect(w.buffer).toBe(tensor(m, 'fc1/weight').buffer); // same buffer slot, new bytes
    expect(Array.from(new Int8Array(out.buffers[w.buffer]!.buffer))).toEqual(Array.from(expected.values));
    expect(w.quantization).toEqual({
      scale: Array.from(expected.scales), zeroPoint: new Array(40).fill(0), quantizedDimension: 0, min: null, max: null, custom: null,
    });
    expect(tensor(out, 'dw/filter').quantization!.quantizedDimension).toBe(3);
    expect(tensor(out, 'dw/filter').quantization!.scale).toHaveLength(64);
    expect(ops(out)).toEqual([
      'CONV_2D v5', 'DEPTHWISE_CONV_2D v6', 'RESHAPE v1', 'FULLY_CONNECTED v12', 'FULLY_CONNECTED v12', 'DEQUANTIZE v2', 'GATHER v1',
    ]);
    const sg = out.subgraphs[0]!;
    expect(sg.operators.map((op) => (op.options && 'asymmetricQuantizeInputs' in op.options ? op.options.asymmetricQuantizeInputs : null)))
      .toEqual([null, null, null, true, false, null, null]);
    // The GATHER table keeps its index and name as int8; the DEQUANTIZE output "table1" is appended.
    const deq = sg.operators[5]!;
    expect(sg.tensors[deq.inputs[0]!]!.name).toBe('table');
    expect(sg.tensors[deq.outputs[0]!]!).toMatchObject({ name: 'table1', dtype: 'float32', shape: [300, 4], buffer: 0 });
    expect(sg.operators[6]!.inputs[0]).toBe(deq.outputs[0]);
    expect(minRuntimeVersion(m)).toBeNull();
    expect(minRuntimeVersion(out)).toBe('2.17.0'); // FC v12; added because the converter always writes it
  });

  it('tf2.14: per-tensor FC v9 with asymmetric inputs; an FC without bias is v6 (op_version.cc order)', async () => {
    const out = await quantize(buildModel(spec()), makePolicy({ preset: 'tf2.14', minElements: 1000 }));
    expect(ops(out).filter((s) => s.startsWith('FULLY'))).toEqual(['FULLY_CONNECTED v9', 'FULLY_CONNECTED v9']);
    // Both FC ops share one opcode entry, which keeps the larger of v9 (fc1) and v6 (fc2, no bias).
    const alone = buildModel({ ...spec(), ops: spec().ops.filter((o) => o.inputs.includes('fc2in')) });
    expect(ops(await quantize(alone, makePolicy({ preset: 'tf2.14', minElements: 1000 })))).toEqual(['FULLY_CONNECTED v6']);
    expect(tensor(out, 'fc1/weight').quantization!.scale).toHaveLength(1);
    expect(minRuntimeVersion(out)).toBe('2.4.0'); // CONV_2D v5
  });

  it('tf2.4: per-opcode versions, DEPTHWISE weight-only behind a DEQUANTIZE named "_dequantize", no min runtime change', async () => {
    const m = buildModel({ ...spec(), ops: spec().ops.slice(0, 4) });
    const out = await quantize(m, makePolicy({ preset: 'tf2.4' }));
    expect(ops(out)).toEqual(['CONV_2D v2', 'DEQUANTIZE v2', 'DEPTHWISE_CONV_2D v6', 'RESHAPE v1', 'FULLY_CONNECTED v3']);
    const sg = out.subgraphs[0]!;
    expect(sg.tensors[sg.operators[1]!.outputs[0]!]!.name).toBe('dw/filter_dequantize');
    expect(sg.operators[2]!.inputs[1]).toBe(sg.operators[1]!.outputs[0]);
    expect(tensor(out, 'dw/filter').quantization!.scale).toHaveLength(1);
    expect((sg.operators[4]!.options as { asymmetricQuantizeInputs: boolean }).asymmetricQuantizeInputs).toBe(false);
    expect(minRuntimeVersion(out)).toBeNull();
    // The float CONV_2D of a model whose conv filter is too small still becomes v2.
    const small = await quantize(m, makePolicy({ preset: 'tf2.4', ops: ['FULLY_CONNECTED'] }));
    expect(ops(small)[0]).toBe('CONV_2D v2');
    expect(tensor(small, 'conv/filter').dtype).toBe('float32');
  });

  it('buffers shared between tensors: replaced in place when every user converts the same way, else appended', async () => {
    const s = spec();
    s.tensors['fc3/weight'] = { dtype: 'float32', shape: [40, 576], data: weights(23040) };
    s.tensors.fc3 = { dtype: 'float32', shape: [1, 40] };
    s.ops.push({ op: 'FULLY_CONNECTED', options: options('FullyConnectedOptions'), inputs: ['flat', 'fc3/weight', 'fc1/bias'], outputs: ['fc3'] });
    s.outputs!.push('fc3');
    const m = buildModel(s);
    const w1 = m.subgraphs[0]!.tensors.findIndex((t) => t.name === 'fc1/weight');
    const w3 = m.subgraphs[0]!.tensors.findIndex((t) => t.name === 'fc3/weight');
    m.subgraphs[0]!.tensors[w3] = { ...m.subgraphs[0]!.tensors[w3]!, buffer: m.subgraphs[0]!.tensors[w1]!.buffer };
    const same = await quantize(m, makePolicy());
    expect(tensor(same, 'fc3/weight').buffer).toBe(tensor(same, 'fc1/weight').buffer);
    expect(same.buffers.length).toBe(m.buffers.length + 1); // + min_runtime_version only

    // Now the buffer's second reader is an ADD input, which stays float32.
    const s2 = spec();
    s2.tensors.other = { dtype: 'float32', shape: [40, 576], data: weights(23040) };
    s2.tensors.sum = { dtype: 'float32', shape: [40, 576] };
    s2.ops.push({ op: 'ADD', options: options('AddOptions'), inputs: ['other', 'other'], outputs: ['sum'] });
    s2.outputs!.push('sum');
    const m2 = buildModel(s2);
    const t2 = m2.subgraphs[0]!.tensors;
    const other = t2.findIndex((t) => t.name === 'other');
    t2[other] = { ...t2[other]!, buffer: tensor(m2, 'fc1/weight').buffer };
    const out2 = await quantize(m2, makePolicy());
    expect(out2.buffers.length).toBe(m2.buffers.length + 1 + 1); // appended int8 buffer + min_runtime_version
    expect(out2.buffers[tensor(out2, 'other').buffer]).toBe(m2.buffers[tensor(m2, 'fc1/weight').buffer]);
    expect(tensor(out2, 'fc1/weight').buffer).toBe(m2.buffers.length);
  });

  it('writes a file that reads back to the same IR', async () => {
    const out = await quantize(buildModel(spec()), makePolicy());
    expect(readModel(writeModel(out))).toEqual(out);
  });

  it('reports progress up to 1 and can be cancelled', async () => {
    const s = spec();
    s.tensors['fc1/weight'] = { dtype: 'float32', shape: [3000, 576], data: weights(3000 * 576) }; // several chunks
    s.tensors['fc1/bias'] = { dtype: 'float32', shape: [3000], data: weights(3000) };
    s.tensors.fc1 = { dtype: 'float32', shape: [1, 3000] };
    const m = buildModel(s);
    const plan = planQuantization(m, makePolicy());
    const seen: number[] = [];
    await applyPlan(m, plan, { onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((f, i) => i === 0 || f >= seen[i - 1]!)).toBe(true);
    expect(seen.at(-1)).toBe(1);

    const before = new AbortController();
    before.abort();
    await expect(applyPlan(m, plan, { signal: before.signal })).rejects.toBeInstanceOf(QuantizeAbortedError);
    const during = new AbortController();
    await expect(applyPlan(m, plan, { signal: during.signal, onProgress: () => during.abort() })).rejects.toThrow('cancelled');
  });

  it('refuses a plan made for another model', async () => {
    const plan = planQuantization(buildModel(spec()), makePolicy());
    const other = buildModel({ ...spec(), tensors: { ...spec().tensors, 'fc1/weight': { dtype: 'float32', shape: [40, 576], data: weights(23040) } } });
    const renamed = { ...other, subgraphs: [{ ...other.subgraphs[0]!, tensors: other.subgraphs[0]!.tensors.map((t) => ({ ...t, name: `x${t.name}` })) }] };
    await expect(applyPlan(renamed, plan)).rejects.toThrow(/does not belong to this model/);
  });
});
