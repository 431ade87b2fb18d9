import { describe, expect, it } from 'vitest';
import { buildModel, buildSingleOpModel, float32ToFloat16Bits, ModelBuilderError, options } from './model_builder';
import { writeModel } from '../tflite/writer';
import { readModel } from '../tflite/reader';
import { halfToFloat } from '../tflite/tensor_data';
import { loadOfficial } from '../../../tools/goldens/official_runtime';

// x [2,2] + c [2] (broadcast, constant), then RELU6: hand-checked below.
const addModel = () => buildSingleOpModel({
  op: 'ADD',
  options: options('AddOptions', { fusedActivation: 'RELU6' }),
  inputs: [{ dtype: 'float32', shape: [2, 2] }, { dtype: 'float32', shape: [2], data: [10, -0.5] }],
  outputs: [{ dtype: 'float32', shape: [2, 2] }],
});

// y = relu(x · Wᵀ + b), weights [units=2, in=3].
const fcModel = () => buildSingleOpModel({
  op: 'FULLY_CONNECTED',
  options: options('FullyConnectedOptions', { fusedActivation: 'RELU' }),
  inputs: [
    { dtype: 'float32', shape: [2, 3] },
    { dtype: 'float32', shape: [2, 3], data: [1, 0, -1, 0.5, 0.5, 0.5] },
    { dtype: 'float32', shape: [2], data: [0.25, -1] },
  ],
  outputs: [{ dtype: 'float32', shape: [2, 2] }],
});

describe('model_builder', () => {
  it('lays out a single-op model: sentinel buffer, one buffer per constant, graph I/O', () => {
    const m = fcModel();
    const sg = m.subgraphs[0];
    expect(m.buffers.length).toBe(3);
    expect(m.buffers[0].length).toBe(0);
    expect(sg.tensors.map((t) => [t.name, t.buffer])).toEqual([['input0', 0], ['const1', 1], ['const2', 2], ['output0', 0]]);
    expect(sg.inputs).toEqual([0]);
    expect(sg.outputs).toEqual([3]);
    expect(m.operatorCodes).toEqual([{ builtinCode: 9, customCode: null, version: 1 }]);
    expect(Array.from(new Float32Array(m.buffers[1].slice().buffer))).toEqual([1, 0, -1, 0.5, 0.5, 0.5]);
  });

  it('writes models that read back equal', () => {
    for (const m of [addModel(), fcModel()]) {
      const back = readModel(writeModel(m), 'built.tflite');
      expect(back.subgraphs).toEqual(m.subgraphs);
      expect(back.operatorCodes).toEqual(m.operatorCodes);
      expect(back.buffers.map((b) => Array.from(b))).toEqual(m.buffers.map((b) => Array.from(b)));
    }
  });

  it('the official runtime runs the built ADD with the hand-computed numbers', async () => {
    const rt = await loadOfficial(writeModel(addModel()), { name: 'ADD' });
    try {
      expect(rt.inputs.map((i) => [i.dtype, i.shape])).toEqual([['float32', [2, 2]]]);
      const [y] = rt.run([new Float32Array([-20, 1, -3, 0.25])]);
      // [-20+10, 1-0.5, -3+10, 0.25-0.5] = [-10, 0.5, 7, -0.25], clamped to [0, 6]
      expect(Array.from(y.data as Float32Array)).toEqual([0, 0.5, 6, 0]);
    } finally {
      rt.delete();
    }
  });

  it('the official runtime runs the built FULLY_CONNECTED with the hand-computed numbers', async () => {
    const rt = await loadOfficial(writeModel(fcModel()), { name: 'FC' });
    try {
      const [y] = rt.run([new Float32Array([1, 2, 3, -4, 0, 2])]);
      // row 0: [1-3+0.25, 0.5·6-1] = [-1.75, 2] → relu [0, 2]
      // row 1: [-4-2+0.25, 0.5·(-2)-1] = [-5.75, -2] → relu [0, 0]
      expect(y.shape).toEqual([2, 2]);
      expect(Array.from(y.data as Float32Array)).toEqual([0, 2, 0, 0]);
    } finally {
      rt.delete();
    }
  });

  it('builds multi-op graphs with omitted inputs and variables; defaults inputs/outputs', () => {
    const m = buildModel({
      tensors: {
        x: { dtype: 'float32', shape: [1, 4] },
        w: { dtype: 'float32', shape: [2, 4], data: new Float32Array(8) },
        h: { dtype: 'float32', shape: [1, 2] },
        s: { dtype: 'float32', shape: [1, 2], isVariable: true },
        y: { dtype: 'float32', shape: [1, 2] },
      },
      ops: [
        { op: 'FULLY_CONNECTED', options: options('FullyConnectedOptions'), inputs: ['x', 'w', null], outputs: ['h'] },
        { op: 'ADD', options: options('AddOptions'), inputs: ['h', 's'], outputs: ['y'] },
      ],
    });
    const sg = m.subgraphs[0];
    expect(sg.inputs).toEqual([0]);
    expect(sg.outputs).toEqual([4]);
    expect(sg.operators[0].inputs).toEqual([0, 1, -1]);
    expect(sg.tensors[3].isVariable).toBe(true);
    expect(m.operatorCodes.map((c) => c.builtinCode)).toEqual([9, 0]);
  });

  it('refuses inconsistent descriptions with a ModelBuilderError naming the tensor or op', () => {
    const bad = [
      () => buildSingleOpModel({ op: 'ADD', inputs: [{ dtype: 'float32', shape: [3], data: [1, 2] }], outputs: [{ dtype: 'float32', shape: [3] }] }),
      () => buildModel({ tensors: { x: { dtype: 'float32', shape: [1] } }, ops: [{ op: 'RELU', inputs: ['x'], outputs: ['nope'] }] }),
      () => buildModel({ tensors: { x: { dtype: 'float32', shape: [1] }, c: { dtype: 'float32', shape: [1], data: [1] } }, ops: [{ op: 'RELU', inputs: ['x'], outputs: ['c'] }] }),
      () => buildSingleOpModel({ op: 'CAST', inputs: [{ dtype: 'int8', shape: [1], data: [200] }], outputs: [{ dtype: 'float32', shape: [1] }] }),
      () => buildSingleOpModel({ op: 'NOT_AN_OP' as 'ADD', inputs: [], outputs: [] }),
    ];
    const messages = bad.map((f) => {
      try {
        f();
        return 'no error';
      } catch (e) {
        expect(e).toBeInstanceOf(ModelBuilderError);
        return (e as Error).message;
      }
    });
    expect(messages[0]).toMatch(/const0.*2 values for shape \[3\]/);
    expect(messages[1]).toMatch(/op 0 \(RELU\): unknown tensor 'nope'/);
    expect(messages[2]).toMatch(/output 'c' has constant data/);
    expect(messages[3]).toMatch(/value 200 is not in \[-128, 127\]/);
    expect(messages[4]).toMatch(/unknown op/);
  });
});

describe('float32ToFloat16Bits', () => {
  it('round-trips every finite half value and maps NaN/Inf', () => {
    const wrong: string[] = [];
    for (let h = 0; h < 0x10000; h++) {
      const v = halfToFloat(h);
      const back = float32ToFloat16Bits(v);
      const ok = Number.isNaN(v) ? Number.isNaN(halfToFloat(back)) : back === h;
      if (!ok) wrong.push(`0x${h.toString(16)} → ${v} → 0x${back.toString(16)}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('rounds to nearest even, overflows to Inf, underflows to signed zero', () => {
    expect(float32ToFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie → even (1.0)
    expect(float32ToFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie → even (1 + 2^-9)
    expect(float32ToFloat16Bits(65519)).toBe(0x7bff); // below the rounding boundary of 65504
    expect(float32ToFloat16Bits(65520)).toBe(0x7c00); // rounds up into Inf
    expect(float32ToFloat16Bits(2 ** -25)).toBe(0); // half of the smallest subnormal: tie → 0
    expect(float32ToFloat16Bits(1.5 * 2 ** -25)).toBe(1); // above the tie → smallest subnormal
    expect(float32ToFloat16Bits(-1e-10)).toBe(0x8000);
    expect(float32ToFloat16Bits(0.1)).toBe(0x2e66);
  });
});
