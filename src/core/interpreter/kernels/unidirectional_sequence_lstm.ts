// UNIDIRECTIONAL_SEQUENCE_LSTM (tflite/kernels/unidirectional_sequence_lstm.cc, lstm_eval.cc
// EvalFloat), float32 weights. The cell math is in util/lstm_step.ts.
//
// Inputs (tflite/kernels/lstm_shared.h; −1 = omitted optional):
//    0 input [T, B, nInput] (time_major) or [B, T, nInput]
//    1–4   input-to-{input, forget, cell, output} weights [nCell, nInput]   (1 optional: CIFG)
//    5–8   recurrent-to-{input, forget, cell, output} [nCell, nOutput] or diagonal [nCell] (5 optional)
//    9–11  cell-to-{input, forget, output} peephole [nCell]   (optional, all or none; 9 absent in CIFG)
//    12–15 {input, forget, cell, output} gate bias [nCell]  (12 absent in CIFG)
//    16 projection weights [nOutput, nCell], 17 projection bias [nOutput]   (optional)
//    18 output state [B, nOutput], 19 cell state [B, nCell]: variable tensors, updated in place
//       and kept across invokes (as TFLite; the interpreter's reset() zeroes them)
//    20–23 layer-norm coefficients {input, forget, cell, output} [nCell] (only with 24 inputs)
// Output: [T, B, nOutput] or [B, T, nOutput], the output state after every step.
// Options: cell activation (TANH usually), cell_clip and proj_clip (0 = none), time_major.
// int8 weights (hybrid, from dynamic-range quantization) are refused for now.

import type { Activation } from '../../tflite/options';
import { KernelError, type Kernel, type NodeTensor, type PrepareContext, type TensorValue } from '../kernel';
import { describeTensor, fail, optionsOf, requiredInput } from '../util/checks';
import { lstmStep, LstmScratch, type LstmGateWeights, type LstmWeights } from '../util/lstm_step';

const GATES = ['input', 'forget', 'cell', 'output'] as const;
const IN_W = [1, 2, 3, 4];
const REC_W = [5, 6, 7, 8];
const PEEP = [9, 10, -1, 11];
const BIAS = [12, 13, 14, 15];
const LN = [20, 21, 22, 23];
const OUTPUT_STATE = 18;
const CELL_STATE = 19;

interface LstmState {
  opName: string;
  nodeIndex: number;
  timeMajor: boolean;
  nInput: number;
  nCell: number;
  nOutput: number;
  cifg: boolean;
  peephole: boolean;
  layerNorm: boolean;
  projection: boolean;
  projectionBias: boolean;
  recurrentDiag: boolean[];
  activation: Activation;
  cellClip: number;
  projClip: number;
  scratch: LstmScratch;
}

function optional(ctx: PrepareContext, i: number): NodeTensor | null {
  return i >= 0 && i < ctx.inputs.length ? ctx.inputs[i] : null;
}

function checkShape(ctx: PrepareContext, t: NodeTensor, role: string, want: number[]): void {
  if (t.tensor.shape.join(',') !== want.join(',')) {
    fail(ctx, `${describeTensor(role, t)} has shape [${t.tensor.shape}], expected [${want}]`);
  }
  if (t.tensor.dtype !== 'float32') {
    const hybrid = t.tensor.dtype === 'int8' || t.tensor.dtype === 'uint8';
    fail(ctx, `${describeTensor(role, t)} has type ${t.tensor.dtype}` +
      (hybrid ? ': hybrid (int8-weight) LSTM is not supported yet' : '; expected float32'));
  }
}

function prepareLstm(ctx: PrepareContext): LstmState {
  const n = ctx.inputs.length;
  if (n !== 24 && n !== 20) fail(ctx, `expects 20 or 24 inputs, got ${n}`);
  if (ctx.outputs.length !== 1) fail(ctx, `expects 1 output, got ${ctx.outputs.length}`);
  const input = requiredInput(ctx, 0, 'input');
  if (input.tensor.dtype !== 'float32') {
    fail(ctx, `${describeTensor('input', input)} has type ${input.tensor.dtype}; only float32 LSTM is supported`);
  }
  if (ctx.outputs[0].tensor.dtype !== 'float32') fail(ctx, `output has type ${ctx.outputs[0].tensor.dtype}, expected float32`);
  if (input.tensor.shape.length !== 3) fail(ctx, `${describeTensor('input', input)} must be 3-D, has shape [${input.tensor.shape}]`);
  const opts = optionsOf(ctx, 'UnidirectionalSequenceLSTMOptions');
  const activation = opts?.fusedActivation ?? 'NONE';
  if (activation === 'NONE') {
    fail(ctx, 'cell activation NONE is not supported (TFLite leaves the cell gate unactivated-and-unwritten in that case)');
  }
  const cellClip = opts?.cellClip ?? 0;
  const projClip = opts?.projClip ?? 0;
  if (!(cellClip >= 0) || !(projClip >= 0)) fail(ctx, `cell_clip ${cellClip} and proj_clip ${projClip} must be ≥ 0`);

  const nInput = input.tensor.shape[2];
  const itoO = requiredInput(ctx, 4, 'input-to-output weights');
  if (itoO.tensor.shape.length !== 2) fail(ctx, `${describeTensor('input-to-output weights', itoO)} must be 2-D`);
  const nCell = itoO.tensor.shape[0];
  const rtoO = requiredInput(ctx, 8, 'recurrent-to-output weights');
  const diagOut = rtoO.tensor.shape.length === 1;
  const nOutput = diagOut ? rtoO.tensor.shape[0] : rtoO.tensor.shape[1];

  const cifg = optional(ctx, 1) === null;
  if (cifg !== (optional(ctx, 5) === null)) fail(ctx, 'input-to-input and recurrent-to-input weights must be both present or both omitted');
  const recurrentDiag = [false, false, false, false];
  for (let g = 0; g < 4; g++) {
    if (g === 0 && cifg) continue;
    const role = `input-to-${GATES[g]} weights`;
    checkShape(ctx, requiredInput(ctx, IN_W[g], role), role, [nCell, nInput]);
    const rrole = `recurrent-to-${GATES[g]} weights`;
    const rec = requiredInput(ctx, REC_W[g], rrole);
    recurrentDiag[g] = rec.tensor.shape.length === 1;
    checkShape(ctx, rec, rrole, recurrentDiag[g] ? [nCell] : [nCell, nOutput]);
    const brole = `${GATES[g]} gate bias`;
    checkShape(ctx, requiredInput(ctx, BIAS[g], brole), brole, [nCell]);
  }
  if (cifg && optional(ctx, 12) !== null) fail(ctx, 'a CIFG LSTM (no input gate weights) must not have an input gate bias');

  const peep = [optional(ctx, 9), optional(ctx, 10), optional(ctx, 11)];
  const peephole = peep[1] !== null;
  const allPeep = (peep[0] !== null || cifg) && peep[1] !== null && peep[2] !== null;
  if (!(allPeep || peep.every((p) => p === null)) || (cifg && peep[0] !== null)) {
    fail(ctx, 'peephole weights must be all present or all omitted (the input one is absent in CIFG)');
  }
  for (let g = 0; g < 4 && peephole; g++) {
    if (PEEP[g] < 0 || (g === 0 && cifg)) continue;
    const role = `cell-to-${GATES[g]} weights`;
    checkShape(ctx, requiredInput(ctx, PEEP[g], role), role, [nCell]);
  }

  const proj = optional(ctx, 16);
  const projBias = optional(ctx, 17);
  if (proj === null && projBias !== null) fail(ctx, 'projection bias given without projection weights');
  if (proj !== null) checkShape(ctx, proj, 'projection weights', [nOutput, nCell]);
  else if (nOutput !== nCell) fail(ctx, `without projection, output size ${nOutput} must equal cell size ${nCell}`);
  if (projBias !== null) checkShape(ctx, projBias, 'projection bias', [nOutput]);

  const layerNorm = n === 24 && optional(ctx, 21) !== null;
  for (let g = 0; g < 4 && layerNorm; g++) {
    const role = `${GATES[g]} layer-norm coefficients`;
    const t = optional(ctx, LN[g]);
    if (g === 0 && cifg) {
      if (t !== null) fail(ctx, 'a CIFG LSTM must not have input layer-norm coefficients');
      continue;
    }
    checkShape(ctx, requiredInput(ctx, LN[g], role), role, [nCell]);
  }

  for (const [i, role] of [[OUTPUT_STATE, 'output state'], [CELL_STATE, 'cell state']] as const) {
    const t = requiredInput(ctx, i, role);
    if (!t.tensor.isVariable) fail(ctx, `${describeTensor(role, t)} must be a variable tensor`);
    if (t.tensor.dtype !== 'float32') fail(ctx, `${describeTensor(role, t)} has type ${t.tensor.dtype}, expected float32`);
  }

  return {
    opName: ctx.opName, nodeIndex: ctx.nodeIndex, timeMajor: opts?.timeMajor ?? false, nInput, nCell, nOutput, cifg,
    peephole, layerNorm, projection: proj !== null, projectionBias: projBias !== null, recurrentDiag, activation, cellClip,
    projClip, scratch: new LstmScratch(nCell),
  };
}

/** The weights of this invoke (constants in practice, but read through io like any input). */
function gatherWeights(s: LstmState, io: { input(i: number): TensorValue | null }): LstmWeights {
  const data = (i: number): Float32Array => (io.input(i) as TensorValue).data as Float32Array;
  const gate = (g: number): LstmGateWeights => ({
    input: data(IN_W[g]),
    recurrent: data(REC_W[g]),
    recurrentDiag: s.recurrentDiag[g],
    peephole: s.peephole && PEEP[g] >= 0 ? data(PEEP[g]) : null,
    layerNorm: s.layerNorm ? data(LN[g]) : null,
    bias: data(BIAS[g]),
  });
  return {
    nInput: s.nInput, nCell: s.nCell, nOutput: s.nOutput,
    inputGate: s.cifg ? null : gate(0), forgetGate: gate(1), cellGate: gate(2), outputGate: gate(3),
    projection: s.projection ? data(16) : null, projectionBias: s.projectionBias ? data(17) : null,
    activation: s.activation, cellClip: s.cellClip, projClip: s.projClip,
  };
}

export const unidirectionalSequenceLstm: Kernel<LstmState> = {
  prepare: prepareLstm,

  eval(s, io) {
    const x = io.input(0) as TensorValue;
    const hState = io.input(OUTPUT_STATE) as TensorValue;
    const cState = io.input(CELL_STATE) as TensorValue;
    const error = (detail: string): never => { throw new KernelError(s.opName, s.nodeIndex, detail); };
    if (x.shape.length !== 3 || x.shape[2] !== s.nInput) error(`input shape [${x.shape}] must be 3-D with ${s.nInput} features`);
    const [d0, d1] = x.shape;
    const maxTime = s.timeMajor ? d0 : d1;
    const batch = s.timeMajor ? d1 : d0;
    if (hState.data.length !== batch * s.nOutput || cState.data.length !== batch * s.nCell) {
      error(`state tensors hold ${hState.data.length} and ${cState.data.length} values, but batch ${batch} needs ` +
        `${batch * s.nOutput} and ${batch * s.nCell} (the LSTM's batch size is fixed by its state tensors)`);
    }
    const w = gatherWeights(s, io);
    const out = io.output(0, [d0, d1, s.nOutput]);
    const xd = x.data as Float32Array;
    const od = out.data as Float32Array;
    const h = hState.data as Float32Array;
    const c = cState.data as Float32Array;
    const { nInput, nCell, nOutput } = s;
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < maxTime; t++) {
        // Row (t, b): offset in steps of one feature vector.
        const row = s.timeMajor ? t * batch + b : b * maxTime + t;
        lstmStep(w, s.scratch, xd, row * nInput, h, b * nOutput, c, b * nCell, od, row * nOutput);
      }
    }
  },
};
