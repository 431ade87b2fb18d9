import { describe, expect, it } from 'vitest';
import type { Model } from '../tflite/ir';
import { buildModel, options } from '../testing/model_builder';
import { FullIntegerModelError, InterpreterInputError, UnsupportedOpError } from './errors';
import { Interpreter } from './interpreter';
import { KernelError } from './kernel';

/** x [batch, 3] → FULLY_CONNECTED (2 units, RELU) → SOFTMAX. */
function mlp(): Model {
  return buildModel({
    tensors: {
      x: { dtype: 'float32', shape: [1, 3], shapeSignature: [-1, 3] },
      w: { dtype: 'float32', shape: [2, 3], data: [1, 0, 0, 0, 1, 0] },
      b: { dtype: 'float32', shape: [2], data: [0, 1] },
      h: { dtype: 'float32', shape: [1, 2] },
      y: { dtype: 'float32', shape: [1, 2] },
    },
    ops: [
      { op: 'FULLY_CONNECTED', options: options('FullyConnectedOptions', { fusedActivation: 'RELU' }), inputs: ['x', 'w', 'b'], outputs: ['h'] },
      { op: 'SOFTMAX', options: options('SoftmaxOptions'), inputs: ['h'], outputs: ['y'] },
    ],
  });
}

const softmax2 = (a: number, b: number) => [Math.exp(a) / (Math.exp(a) + Math.exp(b)), Math.exp(b) / (Math.exp(a) + Math.exp(b))];

describe('Interpreter.invoke', () => {
  it('runs a two-op graph and describes its inputs and outputs', () => {
    const interp = Interpreter.create(mlp());
    expect(interp.inputs.map((i) => [i.name, i.dtype, i.shape])).toEqual([['x', 'float32', [1, 3]]]);
    expect(interp.outputs.map((o) => o.name)).toEqual(['y']);
    const [y] = interp.invoke([{ dtype: 'float32', shape: [1, 3], data: new Float32Array([2, -5, 9]), quantization: null }]);
    expect(y.shape).toEqual([1, 2]);
    // h = relu([2, -5 + 1]) = [2, 0]
    const want = softmax2(2, 0);
    expect((y.data as Float32Array)[0]).toBeCloseTo(want[0], 6);
    expect((y.data as Float32Array)[1]).toBeCloseTo(want[1], 6);
  });

  it('takes a bare typed array, inferring the batch from its length, and returns independent copies', () => {
    const interp = Interpreter.create(mlp());
    const [a] = interp.invoke([new Float32Array([1, 1, 0, 0, 0, 0])]);
    expect(a.shape).toEqual([2, 2]);
    const first = Array.from(a.data as Float32Array);
    const [b] = interp.invoke([new Float32Array([5, 0, 0])]);
    expect(b.shape).toEqual([1, 2]);
    expect(Array.from(a.data as Float32Array)).toEqual(first); // not overwritten by the second invoke
  });

  it('reuses activation buffers: a repeated invoke allocates nothing new', () => {
    const interp = Interpreter.create(mlp());
    interp.invoke([new Float32Array(3 * 100)]);
    const bytes = interp.activationBytes;
    expect(bytes).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) interp.invoke([new Float32Array(3 * 100)]);
    expect(interp.activationBytes).toBe(bytes);
  });

  it('measures per-node time when asked', () => {
    const interp = Interpreter.create(mlp(), { profile: true });
    interp.invoke([new Float32Array(3)]);
    const t = interp.nodeTimings();
    expect(t.map((n) => n.opName)).toEqual(['FULLY_CONNECTED', 'SOFTMAX']);
    for (const n of t) expect(n.ms).toBeGreaterThanOrEqual(0);
    expect(Interpreter.create(mlp()).nodeTimings()).toEqual([]);
  });

  it('validates inputs with typed errors: count, dtype, length, shape', () => {
    const interp = Interpreter.create(mlp());
    expect(() => interp.invoke([])).toThrow(InterpreterInputError);
    expect(() => interp.invoke([])).toThrow(/takes 1 input\(s\), got 0/);
    expect(() => interp.invoke([new Int32Array(3)])).toThrow(/input 0: 'x' \(float32 \[1,3\]\) needs float32 data, got a Int32Array/);
    expect(() => interp.invoke([new Float32Array(4)])).toThrow(/holds 3 values per item; got 4/);
    expect(() => interp.invoke([{ dtype: 'float32', shape: [1, 4], data: new Float32Array(4), quantization: null }]))
      .toThrow(/only the batch \(first\) dimension may differ/);
    expect(() => interp.invoke([{ dtype: 'float32', shape: [1, 3], data: new Float32Array(2), quantization: null }]))
      .toThrow(/needs 3 values, data has 2/);
    expect(() => interp.invoke([{ dtype: 'int32', shape: [1, 3], data: new Int32Array(3), quantization: null }])).toThrow(/needs float32, got int32/);
  });

  it('passes kernel errors through, naming op and node', () => {
    const m = buildModel({
      tensors: {
        x: { dtype: 'float32', shape: [2, 3] },
        s: { dtype: 'int32', shape: [2] },
        y: { dtype: 'float32', shape: [3, 2] },
      },
      ops: [{ op: 'RESHAPE', inputs: ['x', 's'], outputs: ['y'] }],
    });
    const interp = Interpreter.create(m);
    expect(() => interp.invoke([new Float32Array(6), new Int32Array([4, 2])])).toThrow(KernelError);
    expect(() => interp.invoke([new Float32Array(6), new Int32Array([4, 2])])).toThrow(/RESHAPE \(node 0\): cannot reshape/);
    // ...and the interpreter is still usable afterwards.
    expect(interp.invoke([new Float32Array(6), new Int32Array([3, 2])])[0].shape).toEqual([3, 2]);
  });
});

describe('Interpreter.create refusals', () => {
  it('lists every unsupported op and version before running anything', () => {
    const m = buildModel({
      tensors: {
        x: { dtype: 'float32', shape: [1, 4] },
        a: { dtype: 'float32', shape: [1, 4] },
        b: { dtype: 'float32', shape: [4] },
        c: { dtype: 'float32', shape: [1, 4] },
      },
      ops: [
        { op: 'FLOOR', inputs: ['x'], outputs: ['a'] },
        { op: 'SQUEEZE', inputs: ['a'], outputs: ['b'] },
        { op: 'SOFTMAX', version: 9, options: options('SoftmaxOptions'), inputs: ['x'], outputs: ['c'] },
      ],
    });
    try {
      Interpreter.create(m);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(UnsupportedOpError);
      const err = e as UnsupportedOpError;
      expect([err.opName, err.version, err.nodeIndex]).toEqual(['FLOOR', 1, 0]);
      expect(err.ops.map((o) => `${o.opName} v${o.version} @${o.nodeIndex}`)).toEqual(['FLOOR v1 @0', 'SQUEEZE v1 @1', 'SOFTMAX v9 @2']);
      expect(err.message).toMatch(/SOFTMAX v9 \(node 2\)/);
      expect(err.ops[2].reason).toMatch(/version 9 is not supported \(SOFTMAX supports versions 1–3\)/);
    }
  });

  it('refuses custom ops by name', () => {
    const m = mlp();
    const custom: Model = { ...m, operatorCodes: [...m.operatorCodes, { builtinCode: 32, customCode: 'MyOp', version: 1 }] };
    const sg = custom.subgraphs[0];
    custom.subgraphs = [{ ...sg, operators: [{ ...sg.operators[0], opcodeIndex: custom.operatorCodes.length - 1 }, sg.operators[1]] }];
    expect(() => Interpreter.create(custom)).toThrow(/custom operator 'MyOp' is not supported/);
  });

  it('refuses full-integer graphs (quantized int8 activations) with the app message', () => {
    const q = { scale: [0.5], zeroPoint: [0] };
    const m = buildModel({
      tensors: {
        x: { dtype: 'int8', shape: [1, 4], quantization: q },
        y: { dtype: 'int8', shape: [1, 4], quantization: q },
        z: { dtype: 'int8', shape: [1, 4], quantization: q },
      },
      ops: [{ op: 'ADD', options: options('AddOptions'), inputs: ['x', 'y'], outputs: ['z'] }],
    });
    expect(() => Interpreter.create(m)).toThrow(FullIntegerModelError);
    expect(() => Interpreter.create(m)).toThrow(/this app runs float and dynamic-range models; this is a full-integer model \(input tensor 0 'x' is quantized int8\)/);
  });

  it('refuses a node reading a tensor nothing writes, and a missing subgraph', () => {
    const m = buildModel({
      tensors: {
        x: { dtype: 'float32', shape: [1, 2] },
        ghost: { dtype: 'float32', shape: [1, 2] },
        y: { dtype: 'float32', shape: [1, 2] },
      },
      ops: [{ op: 'ADD', options: options('AddOptions'), inputs: ['x', 'ghost'], outputs: ['y'] }],
      inputs: ['x'],
    });
    expect(() => Interpreter.create(m)).toThrow(/ADD \(node 0\): reads tensor 1 'ghost' before any operator writes it/);
    expect(() => Interpreter.create(mlp(), { subgraph: 3 })).toThrow(/subgraph 3 does not exist/);
  });

  it('reads bytes and names the file in format errors', () => {
    expect(() => Interpreter.create(new Uint8Array([1, 2, 3]), { fileName: 'broken.tflite' })).toThrow(/broken\.tflite/);
  });
});

describe('variable tensors', () => {
  // acc (variable, starts at [1, 2]) ← ADD(acc, x): a running sum kept across invokes. The builder
  // refuses data on an op output, so the initial value is attached to the IR afterwards.
  const accumulator = (): Model => {
    const m = buildModel({
      tensors: {
        x: { dtype: 'float32', shape: [2] },
        acc: { dtype: 'float32', shape: [2], isVariable: true },
      },
      ops: [{ op: 'ADD', options: options('AddOptions'), inputs: ['acc', 'x'], outputs: ['acc'] }],
      inputs: ['x'],
      outputs: ['acc'],
    });
    const sg = m.subgraphs[0];
    const init = new Uint8Array(new Float32Array([1, 2]).buffer);
    return {
      ...m,
      buffers: [...m.buffers, init],
      subgraphs: [{ ...sg, tensors: sg.tensors.map((t) => (t.name === 'acc' ? { ...t, buffer: m.buffers.length } : t)) }],
    };
  };

  it('start from their buffer, keep their value across invokes, and reset()', () => {
    const interp = Interpreter.create(accumulator());
    expect(Array.from(interp.invoke([new Float32Array([10, 20])])[0].data as Float32Array)).toEqual([11, 22]);
    expect(Array.from(interp.invoke([new Float32Array([10, 20])])[0].data as Float32Array)).toEqual([21, 42]);
    interp.reset();
    expect(Array.from(interp.invoke([new Float32Array([1, 1])])[0].data as Float32Array)).toEqual([2, 3]);
  });

  it('never write into the model', () => {
    const m = accumulator();
    const last = m.buffers.length - 1;
    const before = Array.from(m.buffers[last]);
    Interpreter.create(m).invoke([new Float32Array([5, 5])]);
    expect(Array.from(m.buffers[last])).toEqual(before);
  });
});

describe('resource limits', () => {
  it('refuses an output too large to allocate, naming op and node', () => {
    // 10,000 empty rows through FULLY_CONNECTED [70000, 0] with keep_num_dims: the output would be
    // [10000, 70000] float32 = 2.8 GB, from an input of no data at all.
    const fc = buildModel({
      tensors: {
        x: { dtype: 'float32', shape: [1, 0] },
        w: { dtype: 'float32', shape: [70000, 0], data: [] },
        y: { dtype: 'float32', shape: [1, 70000] },
      },
      ops: [{ op: 'FULLY_CONNECTED', options: options('FullyConnectedOptions', { keepNumDims: true }), inputs: ['x', 'w'], outputs: ['y'] }],
    });
    const interp = Interpreter.create(fc);
    expect(() => interp.invoke([{ dtype: 'float32', shape: [10000, 0], data: new Float32Array(0), quantization: null }]))
      .toThrow(/FULLY_CONNECTED \(node 0\): failed: output tensor 2 'y' would need 2800000000 bytes/);
  });
});
