// "The Dense layer" the Learn view teaches on: a FULLY_CONNECTED op with a constant weight
// [units, inDepth] (one row per output unit). In the float model it is the FULLY_CONNECTED with the
// largest float32 weight (the one the quantizer cares about); in the DRQ twin it is the op writing
// the tensor of the same name, now with int8 weights and float32 scales.
//
// Layouts: weights [units, inDepth] row-major, bias [units], input read as [batch, inDepth].

import { operatorName } from '../tflite/op_names';
import type { Activation, FullyConnectedOptions } from '../tflite/options';
import { constantAsFloat32, constantData } from '../tflite/tensor_data';
import { elementCount, type Model, type Subgraph } from '../tflite/ir';
import { LearnError } from './errors';

export interface DenseLayer {
  opIndex: number;
  inputTensor: number;
  weightTensor: number;
  biasTensor: number | null;
  outputTensor: number;
  weightName: string;
  outputName: string;
  units: number;
  inDepth: number;
  bias: Float32Array | null;
  activation: Activation;
  /** When the input is a flattened [1, H, W, C] map (RESHAPE of a rank-4 tensor): [H, W, C]. */
  inputMap: [number, number, number] | null;
}

export interface FloatDense extends DenseLayer {
  weights: Float32Array;
}

export interface HybridDense extends DenseLayer {
  weights: Int8Array;
  /** One float32 scale (per-tensor) or one per unit (per-channel, axis 0). */
  scales: Float32Array;
  /** FullyConnectedOptions.asymmetric_quantize_inputs: how the kernel quantizes the input row. */
  asymmetric: boolean;
}

const DEFAULT_FC: FullyConnectedOptions = {
  type: 'FullyConnectedOptions', fusedActivation: 'NONE', weightsFormat: 0, keepNumDims: false,
  asymmetricQuantizeInputs: false, quantizedBiasType: 'float32',
};

function fcOptions(model: Model, sg: Subgraph, opIndex: number): FullyConnectedOptions {
  const o = sg.operators[opIndex].options;
  return o && o.type === 'FullyConnectedOptions' ? o : DEFAULT_FC;
}

function fcOps(model: Model, sg: Subgraph): number[] {
  return sg.operators.flatMap((op, i) => (operatorName(model, op.opcodeIndex) === 'FULLY_CONNECTED' ? [i] : []));
}

/** [H, W, C] when the FC input is a RESHAPE of a [1, H, W, C] tensor with H·W·C = inDepth. */
function inputMapOf(model: Model, sg: Subgraph, inputTensor: number, inDepth: number): [number, number, number] | null {
  const producer = sg.operators.find((op) => op.outputs.includes(inputTensor));
  if (!producer || operatorName(model, producer.opcodeIndex) !== 'RESHAPE') return null;
  const src = sg.tensors[producer.inputs[0]];
  if (!src || src.shape.length !== 4 || src.shape[0] !== 1) return null;
  const [, h, w, c] = src.shape;
  return h * w * c === inDepth ? [h, w, c] : null;
}

function describe(model: Model, sg: Subgraph, opIndex: number, fileName: string): Omit<DenseLayer, 'bias'> & { weightIndex: number } {
  const op = sg.operators[opIndex];
  const [inputTensor, weightTensor] = op.inputs;
  const weight = sg.tensors[weightTensor];
  if (!weight || weight.shape.length !== 2) {
    throw new LearnError(`${fileName}: FULLY_CONNECTED op ${opIndex} has no 2-D weight [units, inDepth]`);
  }
  const [units, inDepth] = weight.shape;
  const biasTensor = op.inputs.length > 2 && op.inputs[2] >= 0 ? op.inputs[2] : null;
  return {
    opIndex, inputTensor, weightTensor, biasTensor, outputTensor: op.outputs[0], weightIndex: weightTensor,
    weightName: weight.name, outputName: sg.tensors[op.outputs[0]].name, units, inDepth,
    activation: fcOptions(model, sg, opIndex).fusedActivation,
    inputMap: inputMapOf(model, sg, inputTensor, inDepth),
  };
}

function biasOf(model: Model, sg: Subgraph, biasTensor: number | null, units: number, fileName: string): Float32Array | null {
  if (biasTensor === null) return null;
  const t = sg.tensors[biasTensor];
  const data = constantAsFloat32(model, t);
  if (!data) throw new LearnError(`${fileName}: the Dense bias '${t.name}' is not a float constant`);
  if (data.length !== units) throw new LearnError(`${fileName}: the Dense bias '${t.name}' has ${data.length} values for ${units} units`);
  return data;
}

/** The FULLY_CONNECTED with the largest constant float32 weight. */
export function findFloatDense(model: Model, fileName = 'the model'): FloatDense {
  const sg = model.subgraphs[0];
  if (!sg) throw new LearnError(`${fileName} has no subgraph`);
  let best: { opIndex: number; elements: number } | null = null;
  for (const i of fcOps(model, sg)) {
    const w = sg.tensors[sg.operators[i].inputs[1]];
    if (!w || w.dtype !== 'float32' || w.shape.length !== 2 || constantData(model, w) === null) continue;
    const n = elementCount(w.shape);
    if (!best || n > best.elements) best = { opIndex: i, elements: n };
  }
  if (!best) throw new LearnError(`${fileName} has no FULLY_CONNECTED (Dense) layer with a constant float32 weight to learn on`);
  const d = describe(model, sg, best.opIndex, fileName);
  const weights = constantData(model, sg.tensors[d.weightIndex]) as Float32Array;
  return { ...d, weights, bias: biasOf(model, sg, d.biasTensor, d.units, fileName) };
}

/**
 * The hybrid FULLY_CONNECTED of a DRQ model: the one whose output tensor is called `outputName`
 * (the float model's Dense output), else the only FULLY_CONNECTED with int8 weights.
 */
export function findHybridDense(model: Model, fileName = 'the quantized model', outputName?: string): HybridDense {
  const sg = model.subgraphs[0];
  if (!sg) throw new LearnError(`${fileName} has no subgraph`);
  const hybrid = fcOps(model, sg).filter((i) => sg.tensors[sg.operators[i].inputs[1]]?.dtype === 'int8');
  const named = hybrid.filter((i) => sg.tensors[sg.operators[i].outputs[0]].name === outputName);
  const opIndex = named[0] ?? (hybrid.length === 1 ? hybrid[0] : undefined);
  if (opIndex === undefined) {
    throw new LearnError(hybrid.length === 0
      ? `${fileName} has no FULLY_CONNECTED with int8 weights (the Dense weight was kept float)`
      : `${fileName} has ${hybrid.length} hybrid FULLY_CONNECTED ops and none writes '${outputName}'`);
  }
  const d = describe(model, sg, opIndex, fileName);
  const w = sg.tensors[d.weightIndex];
  const q = w.quantization;
  if (!q || q.scale.length === 0) throw new LearnError(`${fileName}: int8 weight '${w.name}' has no scales`);
  if (q.zeroPoint.some((z) => z !== 0)) throw new LearnError(`${fileName}: int8 weight '${w.name}' has a non-zero zero point`);
  if (q.scale.length !== 1 && (q.scale.length !== d.units || q.quantizedDimension !== 0)) {
    throw new LearnError(`${fileName}: int8 weight '${w.name}' has ${q.scale.length} scales on axis ${q.quantizedDimension}; expected 1 or ${d.units} on axis 0`);
  }
  const weights = constantData(model, w);
  if (!(weights instanceof Int8Array)) throw new LearnError(`${fileName}: int8 weight '${w.name}' has no data`);
  return {
    ...d, weights, scales: Float32Array.from(q.scale), asymmetric: fcOptions(model, sg, opIndex).asymmetricQuantizeInputs,
    bias: biasOf(model, sg, d.biasTensor, d.units, fileName),
  };
}

/** Where input i of the Dense layer comes from: "row 3, column 7, channel 11" of its input map. */
export function inputPosition(layer: DenseLayer, i: number): { row: number; col: number; channel: number } | null {
  if (!layer.inputMap) return null;
  const [, w, c] = layer.inputMap;
  return { row: Math.floor(i / (w * c)), col: Math.floor(i / c) % w, channel: i % c };
}
