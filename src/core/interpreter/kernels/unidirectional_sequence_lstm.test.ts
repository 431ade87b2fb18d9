import { describe, expect, it } from 'vitest';
import type { Activation } from '../../tflite/options';
import { makeRng, type Rng } from '../../util/rng';
import { constant, f32, prepareKernel, runtime, type KernelInputSpec } from '../../testing/run_kernel';
import { expectClose } from '../../testing/tolerance';
import { refLstmSequence, type RefLstm, type RefLstmGate } from '../../testing/reference/lstm';
import type { TensorValue } from '../kernel';
import { unidirectionalSequenceLstm } from './unidirectional_sequence_lstm';
import { describeOpGoldens } from '../../testing/reference/op_goldens';

interface Config {
  m: RefLstm;
  activation: Activation;
  timeMajor: boolean;
  batch: number;
  steps: number;
  inputs24: boolean;
  nodeIndex?: number;
}

const GATE_KEYS = ['i', 'f', 'g', 'o'] as const;

/** The 20/24-input spec of an LSTM node (weights constant, states variable and zero). */
function lstmSpec(cfg: Config, x: TensorValue) {
  const { m } = cfg;
  const vec = (a: ArrayLike<number> | undefined, shape: number[]): KernelInputSpec | null =>
    a === undefined ? null : constant(f32(shape, a));
  const gates = GATE_KEYS.map((k) => m[k]) as (RefLstmGate | undefined)[];
  const inputs: (KernelInputSpec | null)[] = [runtime(x)];
  for (const g of gates) inputs.push(vec(g?.W, [m.nCell, m.nInput]));
  for (const g of gates) inputs.push(vec(g?.R, g?.Rdiag ? [m.nCell] : [m.nCell, m.nOutput]));
  for (const k of ['i', 'f', 'o'] as const) inputs.push(vec(m[k]?.P, [m.nCell]));
  for (const g of gates) inputs.push(vec(g?.b, [m.nCell]));
  inputs.push(vec(m.proj, [m.nOutput, m.nCell]), vec(m.projBias, [m.nOutput]));
  inputs.push({ value: f32([cfg.batch, m.nOutput], new Array(cfg.batch * m.nOutput).fill(0)), isVariable: true });
  inputs.push({ value: f32([cfg.batch, m.nCell], new Array(cfg.batch * m.nCell).fill(0)), isVariable: true });
  if (cfg.inputs24) for (const g of gates) inputs.push(vec(g?.L, [m.nCell]));
  return {
    opName: 'UNIDIRECTIONAL_SEQUENCE_LSTM', nodeIndex: cfg.nodeIndex ?? 0,
    options: {
      type: 'UnidirectionalSequenceLSTMOptions' as const, fusedActivation: cfg.activation, cellClip: m.cellClip ?? 0,
      projClip: m.projClip ?? 0, timeMajor: cfg.timeMajor, asymmetricQuantizeInputs: false, diagonalRecurrentTensors: false,
    },
    inputs, outputs: [{ dtype: 'float32' as const }],
  };
}

/** Expected output of the whole [T,B,I] / [B,T,I] input from the naive reference, per batch row. */
function reference(cfg: Config, x: Float32Array, states?: { h: number[][]; c: number[][] }): Float32Array {
  const { m, batch, steps } = cfg;
  const out = new Float32Array(batch * steps * m.nOutput);
  for (let b = 0; b < batch; b++) {
    const row = (t: number): number => (cfg.timeMajor ? t * batch + b : b * steps + t);
    const xs = Array.from({ length: steps }, (_, t) => Array.from(x.subarray(row(t) * m.nInput, (row(t) + 1) * m.nInput)));
    const h = states?.h[b] ?? new Array<number>(m.nOutput).fill(0);
    const c = states?.c[b] ?? new Array<number>(m.nCell).fill(0);
    refLstmSequence(m, xs, h, c).forEach((ht, t) => out.set(ht, row(t) * m.nOutput));
  }
  return out;
}

// TFLite unidirectional_sequence_lstm_test.cc, NoCifgNoPeepholeNoProjectionNoClipping.
const tfliteBasic: RefLstm = {
  nInput: 2, nCell: 4, nOutput: 4, act: Math.tanh,
  i: { W: [-0.45018822, -0.02338299, -0.0870589, -0.34550029, 0.04266912, -0.15680569, -0.34856534, 0.43890524],
    R: [-0.0063535, -0.2042388, 0.31454784, -0.35746509, 0.28902304, 0.08183324, -0.16555229, 0.02286911,
      -0.13566875, 0.03034258, 0.48091322, -0.12528998, 0.24077177, -0.51332325, -0.33502164, 0.10629296], b: [0, 0, 0, 0] },
  f: { W: [0.09701663, 0.20334584, -0.50592935, -0.31343272, -0.40032279, 0.44781327, 0.01387155, -0.35593212],
    R: [-0.48684245, -0.06655136, 0.42224967, 0.2112639, 0.27654213, 0.20864892, -0.07646349, 0.45877004,
      0.00141793, -0.14609534, 0.36447752, 0.09196436, 0.28053468, 0.01560611, -0.20127171, -0.01140004], b: [1, 1, 1, 1] },
  g: { W: [-0.50013041, 0.1370284, 0.11810488, 0.2013163, -0.20583314, 0.44344562, 0.22077113, -0.29909778],
    R: [-0.3407414, 0.24443203, -0.2078532, 0.26320225, 0.05695659, -0.00123841, -0.4744786, -0.35869038,
      -0.06418842, -0.13502428, -0.501764, 0.22830659, -0.46367589, 0.26016325, -0.03894562, -0.16368064], b: [0, 0, 0, 0] },
  o: { W: [-0.25065863, -0.28290087, 0.04613829, 0.40525138, 0.44272184, 0.03897077, -0.1556896, 0.19487578],
    R: [0.43385774, -0.17194885, 0.2718237, 0.09215671, 0.24107647, -0.39835793, 0.18212086, 0.01301402,
      0.48572797, -0.50656658, 0.20047462, -0.20607421, -0.51818722, -0.15390486, 0.0468148, 0.39922136], b: [0, 0, 0, 0] },
};
const tfliteBasicGolden = [-0.02973187, 0.1229473, 0.20885126, -0.15358765, -0.03716109, 0.12507336, 0.41193449, -0.20860538,
  -0.15053082, 0.09120187, 0.24278517, -0.12222792];

// TFLite unidirectional_sequence_lstm_test.cc, CifgPeepholeNoProjectionNoClipping.
const tfliteCifg: RefLstm = {
  nInput: 2, nCell: 4, nOutput: 4, act: Math.tanh,
  f: { W: [-0.55291498, -0.42866567, 0.13056988, -0.3633365, -0.22755712, 0.28253698, 0.24407166, 0.33826375],
    R: [-0.13832897, -0.0515101, -0.2359007, -0.16661474, -0.14340827, 0.36986142, 0.23414481, 0.55899,
      0.10798943, -0.41174671, 0.17751795, -0.34484994, -0.35874045, -0.11352962, 0.27268326, 0.54058349],
    P: [0.47485286, -0.51955009, -0.24458408, 0.31544167], b: [1, 1, 1, 1] },
  g: { W: [-0.49770179, -0.27711356, -0.09624726, 0.05100781, 0.04717243, 0.48944736, -0.38535351, -0.17212132],
    R: [0.54066205, -0.32668582, -0.43562764, -0.56094903, 0.42957711, 0.01841056, -0.32764608, -0.33027974,
      -0.10826075, 0.20675004, 0.19069612, -0.03026325, -0.54532051, 0.33003211, 0.44901288, 0.21193194], b: [0, 0, 0, 0] },
  o: { W: [0.10725588, -0.02335852, -0.55932593, -0.09426838, -0.44257352, 0.54939759, 0.01533556, 0.42751634],
    R: [0.41613156, 0.42610586, -0.16495961, -0.5663873, 0.30579174, -0.05115908, -0.33941799, 0.23364776,
      0.11178309, 0.09481031, -0.26424935, 0.46261835, 0.50248802, 0.26114327, -0.43736315, 0.33149987],
    P: [-0.17135078, 0.82760304, 0.85573703, -0.77109635], b: [0, 0, 0, 0] },
};
const tfliteCifgGolden = [-0.36444446, -0.00352185, 0.12886585, -0.05163646, -0.42312205, -0.01218222, 0.24201041, -0.08124574,
  -0.358325, -0.04621704, 0.21641694, -0.06471302];

function run(cfg: Config, x: TensorValue): TensorValue {
  return prepareKernel(unidirectionalSequenceLstm, lstmSpec(cfg, x)).run()[0];
}

function randomModel(rng: Rng): { cfg: Config; x: TensorValue } {
  const nInput = rng.int(1, 5);
  const nCell = rng.int(1, 6);
  const projection = rng.next() < 0.4;
  const nOutput = projection ? rng.int(1, 5) : nCell;
  const cifg = rng.next() < 0.3;
  const peephole = rng.next() < 0.4;
  const inputs24 = rng.next() < 0.7;
  const layerNorm = inputs24 && rng.next() < 0.4;
  const arr = (n: number, s = 0.6): number[] => Array.from(rng.floats(n, -s, s));
  const gateW = (hasPeep: boolean): RefLstmGate => {
    const Rdiag = nOutput === nCell && rng.next() < 0.15;
    return {
      W: arr(nCell * nInput), R: arr(Rdiag ? nCell : nCell * nOutput), Rdiag, b: arr(nCell, 1),
      P: peephole && hasPeep ? arr(nCell) : undefined, L: layerNorm ? arr(nCell, 1.5) : undefined,
    };
  };
  const acts: Activation[] = ['TANH', 'TANH', 'RELU', 'RELU6', 'RELU_N1_TO_1'];
  const activation = acts[rng.int(0, acts.length - 1)];
  const actFn = { TANH: Math.tanh, RELU: (v: number) => Math.max(0, v), RELU6: (v: number) => Math.min(6, Math.max(0, v)),
    RELU_N1_TO_1: (v: number) => Math.min(1, Math.max(-1, v)) }[activation as 'TANH'];
  const m: RefLstm = {
    nInput, nCell, nOutput, act: actFn, i: cifg ? undefined : gateW(true), f: gateW(true), g: gateW(false), o: gateW(true),
    proj: projection ? arr(nOutput * nCell) : undefined, projBias: projection && rng.next() < 0.5 ? arr(nOutput) : undefined,
    cellClip: rng.next() < 0.3 ? 0.5 : 0, projClip: projection && rng.next() < 0.3 ? 0.3 : 0,
  };
  const cfg: Config = { m, activation, timeMajor: rng.next() < 0.5, batch: rng.int(1, 3), steps: rng.int(1, 5), inputs24 };
  const shape = cfg.timeMajor ? [cfg.steps, cfg.batch, nInput] : [cfg.batch, cfg.steps, nInput];
  return { cfg, x: f32(shape, rng.floats(cfg.steps * cfg.batch * nInput, -2, 2)) };
}

describe('UNIDIRECTIONAL_SEQUENCE_LSTM kernel', () => {
  it('matches TFLite\'s own test goldens: basic LSTM, time-major and batch-major', () => {
    const base = { activation: 'TANH' as const, batch: 1, steps: 3, inputs24: false };
    const tm = run({ ...base, m: tfliteBasic, timeMajor: true }, f32([3, 1, 2], [2, 3, 3, 4, 1, 1]));
    expect(tm.shape).toEqual([3, 1, 4]);
    expectClose(tm.data as Float32Array, tfliteBasicGolden, { rel: 0, abs: 1e-5 });
    const bm = run({ ...base, m: tfliteBasic, timeMajor: false, inputs24: true }, f32([1, 3, 2], [2, 3, 3, 4, 1, 1]));
    expect(bm.shape).toEqual([1, 3, 4]);
    expectClose(bm.data as Float32Array, tfliteBasicGolden, { rel: 0, abs: 1e-5 });
  });

  it('matches TFLite\'s own test goldens: CIFG with peephole', () => {
    const out = run({ m: tfliteCifg, activation: 'TANH', timeMajor: true, batch: 1, steps: 3, inputs24: true },
      f32([3, 1, 2], [2, 3, 3, 4, 1, 1]));
    expectClose(out.data as Float32Array, tfliteCifgGolden, { rel: 0, abs: 1e-5 });
  });

  it('agrees with the naive reference on seeded random configurations (CIFG, peephole, layer norm, projection, clips, diagonal)', () => {
    const rng = makeRng(1997);
    for (let trial = 0; trial < 80; trial++) {
      const { cfg, x } = randomModel(rng);
      const out = run(cfg, x);
      const shape = cfg.timeMajor ? [cfg.steps, cfg.batch, cfg.m.nOutput] : [cfg.batch, cfg.steps, cfg.m.nOutput];
      expect(out.shape).toEqual(shape);
      expectClose(out.data as Float32Array, reference(cfg, x.data as Float32Array), { rel: 1e-5, abs: 2e-6, what: `trial ${trial}` });
    }
  });

  it('keeps output and cell state across invokes (variable tensors updated in place)', () => {
    const cfg: Config = { m: tfliteBasic, activation: 'TANH', timeMajor: true, batch: 1, steps: 3, inputs24: false };
    const x = f32([3, 1, 2], [2, 3, 3, 4, 1, 1]);
    const prepared = prepareKernel(unidirectionalSequenceLstm, lstmSpec(cfg, x));
    prepared.run();
    const second = prepared.run()[0];
    // The reference continued from the state after the first sequence.
    const h = [new Array<number>(4).fill(0)];
    const c = [new Array<number>(4).fill(0)];
    refLstmSequence(tfliteBasic, [[2, 3], [3, 4], [1, 1]], h[0], c[0]);
    expectClose(second.data as Float32Array, reference(cfg, x.data as Float32Array, { h, c }), { rel: 1e-5, abs: 2e-6 });
    expect(Math.abs((second.data as Float32Array)[0] - tfliteBasicGolden[0])).toBeGreaterThan(1e-3);
  });

  it('refuses hybrid int8 weights, non-variable state, a batch its state cannot hold, and bad structure', () => {
    const cfg: Config = { m: tfliteBasic, activation: 'TANH', timeMajor: true, batch: 1, steps: 3, inputs24: false, nodeIndex: 3 };
    const x = f32([3, 1, 2], [2, 3, 3, 4, 1, 1]);
    const spec = lstmSpec(cfg, x);
    const int8 = { ...spec, inputs: spec.inputs.slice() };
    const q = { scale: [0.01], zeroPoint: [0], quantizedDimension: 0, min: null, max: null, custom: null };
    int8.inputs[2] = constant({ dtype: 'int8', shape: [4, 2], data: new Int8Array(8), quantization: q });
    expect(() => prepareKernel(unidirectionalSequenceLstm, int8)).toThrow(/UNIDIRECTIONAL_SEQUENCE_LSTM \(node 3\).*hybrid/);
    const nonVar = { ...spec, inputs: spec.inputs.slice() };
    nonVar.inputs[18] = runtime(f32([1, 4], [0, 0, 0, 0]));
    expect(() => prepareKernel(unidirectionalSequenceLstm, nonVar)).toThrow(/output state .* must be a variable tensor/);
    const prepared = prepareKernel(unidirectionalSequenceLstm, spec);
    expect(() => prepared.run([f32([3, 2, 2], new Array(12).fill(0))])).toThrow(/batch 2 needs 8 and 8/);
    expect(() => prepareKernel(unidirectionalSequenceLstm, { ...spec, inputs: spec.inputs.slice(0, 19) })).toThrow(/expects 20 or 24 inputs/);
    const noAct = { ...spec, options: { ...spec.options, fusedActivation: 'NONE' as const } };
    expect(() => prepareKernel(unidirectionalSequenceLstm, noAct)).toThrow(/activation NONE/);
    const badShape = { ...spec, inputs: spec.inputs.slice() };
    badShape.inputs[6] = constant(f32([4, 3], new Array(12).fill(0)));
    expect(() => prepareKernel(unidirectionalSequenceLstm, badShape)).toThrow(/recurrent-to-forget weights .* has shape \[4,3\], expected \[4,4\]/);
  });
});

// TFLite's float LSTM sums its matmuls in float32 (ruy) over 28 steps at most: ~5e-7 apart.
describeOpGoldens('UNIDIRECTIONAL_SEQUENCE_LSTM', unidirectionalSequenceLstm, { exact: true }); // TFLite's builtin float LSTM, bit for bit
