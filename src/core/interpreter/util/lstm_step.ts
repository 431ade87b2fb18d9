// One time step of TFLite's float LSTM cell for one batch row (tflite/kernels/lstm_eval.cc:
// LstmStepFloat, CalculateLstmGateFloat, UpdateLstmCellFloat, CalculateLstmOutputFloat).
//
// Layouts (row-major): input weights W_g [nCell, nInput], recurrent weights R_g [nCell, nOutput]
// (or a diagonal [nCell] when the file gives them 1-D), peephole P_g [nCell], layer-norm L_g
// [nCell], biases b_g [nCell], projection [nOutput, nCell] + bias [nOutput]. g ∈ {i, f, c, o}:
// input, forget, cell and output gates. CIFG (no input gate weights) uses i = 1 − f.
//
//   gate_g = act_g( [LN] (W_g·x + R_g·h_prev + P_g⊙c) )      act: sigmoid, or the cell activation for g = c
//            with LN: L_g ⊙ normalize(…) + b_g, else the bias b_g is added before the activation
//   c      = clip(f⊙c_prev + i⊙gate_c, cell_clip)         (P_i, P_f see c_prev; P_o sees the new c)
//   h      = clip(proj·(o⊙act(c)) + proj_bias, proj_clip)  or o⊙act(c) without projection
//
// As TFLite's builtin float path (the official runtime runs LSTM there, not on XNNPACK), every
// step in float32: each gate starts at its bias and adds the dot products W·x and R·h, each summed
// from 0 in k order (PortableMatrixBatchVectorMultiplyAccumulate); the layer norm's mean and
// variance are float32 sums; sigmoid and tanh are Eigen's (util/eigen_math.ts). Bit for bit on
// the UNIDIRECTIONAL_SEQUENCE_LSTM goldens.

import type { Activation } from '../../tflite/options';
import { eigenLogistic, eigenTanh } from './eigen_math';

const f = Math.fround;

export interface LstmGateWeights {
  input: Float32Array; // W_g [nCell, nInput]
  recurrent: Float32Array; // R_g [nCell, nOutput], or [nCell] when recurrentDiag
  recurrentDiag: boolean;
  peephole: Float32Array | null; // P_g [nCell]
  layerNorm: Float32Array | null; // L_g [nCell]
  bias: Float32Array; // b_g [nCell]
}

export interface LstmWeights {
  nInput: number;
  nCell: number;
  nOutput: number;
  /** null for CIFG (coupled input and forget gates). */
  inputGate: LstmGateWeights | null;
  forgetGate: LstmGateWeights;
  cellGate: LstmGateWeights;
  outputGate: LstmGateWeights;
  projection: Float32Array | null; // [nOutput, nCell]
  projectionBias: Float32Array | null; // [nOutput]
  /** Cell activation (TANH in every Keras LSTM); also applied to c before the output gate. */
  activation: Activation;
  cellClip: number; // 0 = no clipping
  projClip: number;
}

/** Scratch for one row: the four gates and the projection input, each nCell floats. */
export class LstmScratch {
  readonly i: Float32Array;
  readonly f: Float32Array;
  readonly c: Float32Array;
  readonly o: Float32Array;
  readonly hidden: Float32Array;
  constructor(nCell: number) {
    this.i = new Float32Array(nCell);
    this.f = new Float32Array(nCell);
    this.c = new Float32Array(nCell);
    this.o = new Float32Array(nCell);
    this.hidden = new Float32Array(nCell);
  }
}

export function applyActivation(act: Activation | 'SIGMOID', v: number): number {
  switch (act) {
    case 'SIGMOID': return eigenLogistic(v);
    case 'TANH': return eigenTanh(v);
    case 'RELU': return v < 0 ? 0 : v;
    case 'RELU6': return v < 0 ? 0 : v > 6 ? 6 : v;
    case 'RELU_N1_TO_1': return v < -1 ? -1 : v > 1 ? 1 : v;
    case 'SIGN_BIT': return v < 0 || Object.is(v, -0) ? 1 : 0;
    default: throw new Error(`LSTM activation ${act} is not supported`);
  }
}

/** gate[r] = act(…) for one gate and one row, per CalculateLstmGateFloat. */
function computeGate(
  g: LstmGateWeights, w: LstmWeights, act: Activation | 'SIGMOID', x: Float32Array, xo: number,
  h: Float32Array, ho: number, cell: Float32Array | null, co: number, out: Float32Array,
): void {
  const { nInput, nCell, nOutput } = w;
  const useLn = g.layerNorm !== null;
  for (let r = 0; r < nCell; r++) {
    let dot = 0;
    const wo = r * nInput;
    for (let k = 0; k < nInput; k++) dot = f(dot + f(g.input[wo + k] * x[xo + k]));
    let v = f((useLn ? 0 : g.bias[r]) + dot);
    if (g.recurrentDiag) {
      v = f(v + f(g.recurrent[r] * h[ho + r]));
    } else {
      let rdot = 0;
      const ro = r * nOutput;
      for (let k = 0; k < nOutput; k++) rdot = f(rdot + f(g.recurrent[ro + k] * h[ho + k]));
      v = f(v + rdot);
    }
    if (g.peephole !== null && cell !== null) v = f(v + f(g.peephole[r] * cell[co + r]));
    out[r] = v;
  }
  if (useLn) {
    // MeanStddevNormalization: (v − mean) / sqrt(variance + 1e-8), then × L_g + b_g.
    let sum = 0;
    for (let r = 0; r < nCell; r++) sum = f(sum + out[r]);
    const mean = f(sum / nCell);
    let sq = 0;
    for (let r = 0; r < nCell; r++) { const d = f(out[r] - mean); sq = f(sq + f(d * d)); }
    const variance = f(sq / nCell);
    const inv = f(1 / f(Math.sqrt(f(variance + f(1e-8)))));
    const ln = g.layerNorm as Float32Array;
    for (let r = 0; r < nCell; r++) out[r] = f(f(f(f(out[r] - mean) * inv) * ln[r]) + g.bias[r]);
  }
  for (let r = 0; r < nCell; r++) out[r] = applyActivation(act, out[r]);
}

/**
 * Advances one row one step: reads x[xo…], h[ho…], c[co…]; writes the new c and h in place and
 * copies h to out[oo…].
 */
export function lstmStep(
  w: LstmWeights, s: LstmScratch, x: Float32Array, xo: number, h: Float32Array, ho: number,
  c: Float32Array, co: number, out: Float32Array, oo: number,
): void {
  const { nCell, nOutput } = w;
  if (w.inputGate !== null) computeGate(w.inputGate, w, 'SIGMOID', x, xo, h, ho, c, co, s.i);
  computeGate(w.forgetGate, w, 'SIGMOID', x, xo, h, ho, c, co, s.f);
  computeGate(w.cellGate, w, w.activation, x, xo, h, ho, null, 0, s.c);
  // Cell update (UpdateLstmCellFloat): c = f⊙c + i⊙g, i = 1 − f for CIFG, then clip.
  const clip = w.cellClip;
  for (let r = 0; r < nCell; r++) {
    const ig = w.inputGate !== null ? s.i[r] : f(1 - s.f[r]);
    let v = f(f(s.f[r] * c[co + r]) + f(s.c[r] * ig));
    if (clip > 0) v = v < -clip ? -clip : v > clip ? clip : v;
    c[co + r] = v;
  }
  computeGate(w.outputGate, w, 'SIGMOID', x, xo, h, ho, c, co, s.o);
  // Output (CalculateLstmOutputFloat): o ⊙ act(c), then the optional projection.
  for (let r = 0; r < nCell; r++) s.hidden[r] = f(s.o[r] * applyActivation(w.activation, c[co + r]));
  if (w.projection !== null) {
    const p = w.projection;
    const pclip = w.projClip;
    for (let r = 0; r < nOutput; r++) {
      let dot = 0;
      const po = r * nCell;
      for (let k = 0; k < nCell; k++) dot = f(dot + f(p[po + k] * s.hidden[k]));
      let v = f((w.projectionBias !== null ? w.projectionBias[r] : 0) + dot);
      if (pclip > 0) v = v < -pclip ? -pclip : v > pclip ? pclip : v;
      h[ho + r] = v;
    }
  } else {
    for (let r = 0; r < nOutput; r++) h[ho + r] = s.hidden[r];
  }
  for (let r = 0; r < nOutput; r++) out[oo + r] = h[ho + r];
}
