// Checks the committed goldens themselves: every file loads, the regenerated data matches the
// stored checksums, shapes agree with the case descriptions, and for ops whose result can be
// computed exactly (or nearly) in a few lines, the official outputs equal that computation. This
// proves the inputs a test regenerates from a seed are the ones the official runtime saw.

import { describe, expect, it } from 'vitest';
import { atStoredIndices, kernelRunSpec, modelGoldenNames, modelGoldens, opGoldenOps, opGoldens, type OpGolden } from './index';
import { runKernel } from '../run_kernel';
import type { Kernel } from '../../interpreter/kernel';
import { SHARED_MODELS_SKIP_REASON, sharedModelsAvailable, sharedModelWithGoldens } from './shared_models';
import { constantData } from '../../tflite/tensor_data';
import { elementCount } from '../../tflite/ir';
import type { TypedArray } from '../../interpreter/kernel';

const ALL_OPS = [
  'ADD', 'AVERAGE_POOL_2D', 'BATCH_MATMUL', 'CAST', 'CONCATENATION', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'DEQUANTIZE', 'EXPAND_DIMS',
  'FULLY_CONNECTED', 'GATHER', 'LOGISTIC', 'MAX_POOL_2D', 'MEAN', 'MUL', 'PACK', 'PAD', 'RELU', 'RELU6', 'RESHAPE',
  'RESIZE_BILINEAR', 'SHAPE', 'SOFTMAX', 'STRIDED_SLICE', 'SUB', 'TANH', 'UNIDIRECTIONAL_SEQUENCE_LSTM',
];

const num = (a: TypedArray): number[] => Array.from(a as ArrayLike<number>, Number);

/** Op input i of a golden: a graph input value or the constant in the model. */
function operand(g: OpGolden, i: number): number[] {
  const sg = g.model.subgraphs[0];
  const t = sg.operators[0].inputs[i];
  const k = sg.inputs.indexOf(t);
  if (k >= 0) return num(g.inputs[k].data);
  const c = constantData(g.model, sg.tensors[t]);
  if (!c) throw new Error(`${g.title}: input ${i} is neither a graph input nor a constant`);
  return num(c);
}

function golden(op: string, name: string): OpGolden {
  const g = opGoldens(op).find((x) => x.case.name === name);
  if (!g) throw new Error(`no case ${op}/${name}`);
  return g;
}

function expectWithin(actual: number[], expected: number[], abs: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (!(d <= worst)) { worst = d; at = i; }
  }
  expect({ worst, at, ok: worst <= abs }).toEqual({ worst, at, ok: true });
}

describe('op goldens: files and loader', () => {
  it('has a golden file for every op of the brief', () => {
    expect(opGoldenOps()).toEqual([...ALL_OPS].sort());
  });

  for (const op of ALL_OPS) {
    it(`${op}: cases regenerate (checksums), shapes match, refusals are the intended ones`, () => {
      const cases = opGoldens(op);
      expect(cases.length).toBeGreaterThanOrEqual(4);
      for (const g of cases) {
        expect({ title: g.title, refused: g.error !== null }).toEqual({ title: g.title, refused: g.expectError });
        if (g.error) continue;
        expect(g.expected.map((e) => e.shape)).toEqual(g.case.outputs.map((o) => o.shape));
        g.expected.forEach((e) => expect(e.data.length).toBe(elementCount(e.shape)));
        const sg = g.model.subgraphs[0];
        expect(g.inputs.map((v) => v.shape)).toEqual(sg.inputs.map((t) => sg.tensors[t].shape));
      }
    });
  }
});

describe('kernelRunSpec', () => {
  it('maps an LSTM case: omitted inputs null, state as zero variables, weights as constants', () => {
    const g = golden('UNIDIRECTIONAL_SEQUENCE_LSTM', 'cifg');
    const spec = kernelRunSpec(g);
    expect(spec.inputs.length).toBe(24);
    const kinds = spec.inputs.map((i) => (i === null ? '-' : i.isVariable ? 'v' : i.constant ? 'c' : 'x'));
    // CIFG: no input gate (1, 5, 12), no peephole, projection or layer norm.
    expect(kinds.join('')).toBe('x-ccc-ccc----ccc--vv----');
    expect(Array.from(spec.inputs[18]!.value.data as Float32Array).every((v) => v === 0)).toBe(true);
  });

  it('feeds run_kernel: a copy kernel reproduces the float16 DEQUANTIZE golden from the decoded constant', () => {
    const g = golden('DEQUANTIZE', 'float16_const');
    const copy: Kernel<null> = {
      prepare: () => null,
      eval: (_s, io) => {
        const x = io.input(0)!;
        (io.output(0, x.shape).data as Float32Array).set(x.data as Float32Array);
      },
    };
    const [y] = runKernel(copy, kernelRunSpec(g));
    expect(y.shape).toEqual(g.expected[0].shape);
    expect(num(y.data)).toEqual(num(g.expected[0].data));
  });
});

describe('op goldens agree with a direct computation', () => {
  const each = (op: string, f: (g: OpGolden) => void) => {
    for (const g of opGoldens(op)) if (!g.error) f(g);
  };

  it('RELU and RELU6 are exact clamps', () => {
    each('RELU', (g) => expect(num(g.expected[0].data)).toEqual(operand(g, 0).map((x) => Math.max(0, x))));
    each('RELU6', (g) => expect(num(g.expected[0].data)).toEqual(operand(g, 0).map((x) => Math.min(6, Math.max(0, x)))));
  });

  it('LOGISTIC, TANH and SOFTMAX are within 2e-6 of float64 math', () => {
    each('LOGISTIC', (g) => expectWithin(num(g.expected[0].data), operand(g, 0).map((x) => 1 / (1 + Math.exp(-x))), 2e-6));
    each('TANH', (g) => expectWithin(num(g.expected[0].data), operand(g, 0).map(Math.tanh), 2e-6));
    each('SOFTMAX', (g) => {
      const x = operand(g, 0);
      const beta = g.case.options?.type === 'SoftmaxOptions' ? g.case.options.beta : NaN;
      const n = g.case.inputs[0]!.shape.at(-1)!;
      const want: number[] = [];
      for (let r = 0; r < x.length; r += n) {
        const row = x.slice(r, r + n);
        const max = Math.max(...row);
        const e = row.map((v) => Math.exp(beta * (v - max)));
        const s = e.reduce((a, b) => a + b, 0);
        want.push(...e.map((v) => v / s));
      }
      expectWithin(num(g.expected[0].data), want, 2e-6);
    });
  });

  it('ADD, SUB and MUL on equal shapes are exact float32 arithmetic', () => {
    const f = { ADD: (a: number, b: number) => a + b, SUB: (a: number, b: number) => a - b, MUL: (a: number, b: number) => a * b };
    for (const op of ['ADD', 'SUB', 'MUL'] as const) {
      const g = golden(op, 'same_shape');
      const a = operand(g, 0);
      const b = operand(g, 1);
      expect(num(g.expected[0].data)).toEqual(a.map((x, i) => Math.fround(f[op](x, b[i]))));
    }
  });

  it('CAST converts as C++ static_cast (truncation toward zero, nonzero → true)', () => {
    each('CAST', (g) => {
      const to = g.case.outputs[0].dtype;
      const x = operand(g, 0);
      const want = x.map((v) => (to === 'bool' ? (v !== 0 ? 1 : 0) : to === 'float32' ? Math.fround(v) : Math.trunc(v) || 0));
      expect({ case: g.case.name, out: num(g.expected[0].data) }).toEqual({ case: g.case.name, out: want });
    });
  });

  it('DEQUANTIZE is float32(scale[c] × (q − zeroPoint[c])), float16 widened exactly', () => {
    each('DEQUANTIZE', (g) => {
      const t = g.case.inputs[0]!;
      const q = t.quantization;
      const sg = g.model.subgraphs[0];
      const x = t.role === 'const' ? num(constantData(g.model, sg.tensors[sg.operators[0].inputs[0]])!) : operand(g, 0);
      let want = x;
      if (q) {
        const axis = q.quantizedDimension ?? 0;
        const inner = elementCount(t.shape.slice(axis + 1));
        want = x.map((v, i) => {
          const c = q.scale.length > 1 ? Math.floor(i / inner) % t.shape[axis] : 0;
          return Math.fround(Math.fround(q.scale[c]) * (v - (q.zeroPoint?.[c] ?? 0)));
        });
      }
      expect({ case: g.case.name, out: num(g.expected[0].data) }).toEqual({ case: g.case.name, out: want });
    });
  });

  it('SHAPE returns the input shape; RESHAPE and EXPAND_DIMS keep the data', () => {
    each('SHAPE', (g) => expect(num(g.expected[0].data)).toEqual(g.case.inputs[0]!.shape));
    each('RESHAPE', (g) => expect(num(g.expected[0].data)).toEqual(operand(g, 0)));
    each('EXPAND_DIMS', (g) => expect(num(g.expected[0].data)).toEqual(operand(g, 0)));
  });

  it('GATHER along axis 0 picks rows', () => {
    const g = golden('GATHER', 'rows_const_table');
    const table = operand(g, 0);
    const idx = operand(g, 1);
    expect(num(g.expected[0].data)).toEqual(idx.flatMap((r) => table.slice(r * 4, r * 4 + 4)));
  });

  /** Float64 FC with the weights dequantized (scale × q) when they are int8. */
  function fcReference(g: OpGolden): number[] {
    const x = operand(g, 0);
    const wt = g.case.inputs[1]!;
    const scale = wt.quantization?.scale;
    const w = operand(g, 1).map((q, i) => (scale ? Math.fround(scale[scale.length > 1 ? Math.floor(i / wt.shape[1]) : 0]) * q : q));
    const sg = g.model.subgraphs[0];
    const hasBias = sg.operators[0].inputs.length > 2 && sg.operators[0].inputs[2] >= 0;
    const b = hasBias ? operand(g, 2) : null;
    const [units, depth] = wt.shape;
    const act = g.case.options?.type === 'FullyConnectedOptions' ? g.case.options.fusedActivation : 'NONE';
    const clamp = (v: number) => (act === 'RELU' ? Math.max(0, v) : act === 'RELU6' ? Math.min(6, Math.max(0, v))
      : act === 'RELU_N1_TO_1' ? Math.min(1, Math.max(-1, v)) : act === 'TANH' ? Math.tanh(v) : v);
    const want: number[] = [];
    for (let r = 0; r < x.length / depth; r++) {
      for (let u = 0; u < units; u++) {
        let s = b ? b[u] : 0;
        for (let k = 0; k < depth; k++) s += x[r * depth + k] * w[u * depth + k];
        want.push(clamp(s));
      }
    }
    return want;
  }

  it('float FULLY_CONNECTED is within 1e-5 of a float64 dot product', () => {
    each('FULLY_CONNECTED', (g) => {
      if (g.case.inputs[1]!.dtype === 'float32') expectWithin(num(g.expected[0].data), fcReference(g), 1e-5);
    });
  });

  it('hybrid FULLY_CONNECTED (int8 weights) is within 1% of max |output| of float math on dequantized weights', () => {
    let hybrids = 0;
    each('FULLY_CONNECTED', (g) => {
      if (g.case.inputs[1]!.dtype !== 'int8') return;
      hybrids++;
      const got = num(g.expected[0].data);
      const want = fcReference(g);
      const maxAbs = Math.max(...want.map(Math.abs));
      expectWithin(got, want, 0.01 * maxAbs);
      // ...and not bit-equal to it: the activations really were quantized to int8 on the fly.
      expect(got).not.toEqual(want.map(Math.fround));
    });
    expect(hybrids).toBe(7); // the v12 (per-channel) case is refused by this runtime
  });
});

describe('model goldens', () => {
  it('every model has a golden file; all but har_mlp_drq (FC v12) have 3 cases', () => {
    const names = modelGoldenNames();
    expect(names.length).toBe(13);
    for (const name of names) {
      const m = modelGoldens(name);
      if (name === 'har_mlp_drq') {
        expect(m.skipped).toMatch(/FULLY_CONNECTED' version '12'/);
        expect(m.cases).toEqual([]);
        continue;
      }
      expect(m.skipped).toBeNull();
      expect(m.cases.map((c) => c.seed)).toEqual([1, 2, 3]);
      for (const c of m.cases) {
        for (const o of c.outputs) {
          expect(o.indices.at(-1)!).toBeLessThan(elementCount(o.shape));
          let max = 0;
          for (const v of num(o.values)) max = Math.max(max, Math.abs(v));
          expect(max).toBeLessThanOrEqual(o.maxAbs);
          if (o.complete) expect(max).toBe(o.maxAbs);
        }
      }
    }
  });

  it('deeplab output is stored as a strided sample covering every class channel', () => {
    const m = modelGoldens('deeplabv3_mobilenet_v2_257_float');
    const o = m.cases[0].outputs[0];
    expect(o.complete).toBe(false);
    expect(o.shape).toEqual([1, 257, 257, 21]);
    expect(new Set(Array.from(o.indices, (i) => i % 21)).size).toBe(21);
    const full = new Float32Array(elementCount(o.shape));
    o.indices.forEach((i, k) => { full[i] = o.values[k] as number; });
    expect(num(atStoredIndices(o, full))).toEqual(num(o.values));
  });

  const have = sharedModelsAvailable();
  describe.skipIf(!have)(`goldens match the files in ../shared/models${have ? '' : ` (${SHARED_MODELS_SKIP_REASON})`}`, () => {
    it('sha256 of every file equals the goldens\' sha256', () => {
      for (const name of modelGoldenNames()) expect(sharedModelWithGoldens(name).golden.name).toBe(name);
    });
  });
});
