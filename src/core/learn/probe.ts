// Runs a model through our interpreter and keeps the Dense layer's input and output. The
// interpreter recycles activation buffers after their last reader, so an intermediate tensor is
// gone after invoke(); instead of reaching into it, the probe runs a copy of the model whose
// subgraph also lists those tensors as outputs (a non-mutating IR change: every other part is
// shared). The numbers are the interpreter's own, computed by the same kernels.

import type { ImageSet } from '../data/mnist';
import { imageInputLayout } from '../eval/image_input';
import { Interpreter } from '../interpreter/interpreter';
import type { TensorValue } from '../interpreter/kernel';
import type { Model } from '../tflite/ir';
import type { DenseLayer } from './dense_layer';
import { LearnError } from './errors';

/** A copy of `model` whose subgraph `sg` also outputs `tensors` (after its own outputs). */
export function withExtraOutputs(model: Model, tensors: readonly number[], sg = 0): Model {
  const graph = model.subgraphs[sg];
  if (!graph) throw new LearnError(`the model has no subgraph ${sg}`);
  for (const t of tensors) {
    if (!Number.isInteger(t) || t < 0 || t >= graph.tensors.length) throw new LearnError(`tensor ${t} is not in subgraph ${sg}`);
  }
  const outputs = [...graph.outputs];
  for (const t of tensors) if (!outputs.includes(t)) outputs.push(t);
  const subgraphs = model.subgraphs.slice();
  subgraphs[sg] = { ...graph, outputs };
  return { ...model, subgraphs };
}

/** 0..1 grey levels of a drawing → the uint8 image the lab worker's classify() feeds the models. */
export function greyLevels(drawing: Float32Array): Uint8Array {
  const out = new Uint8Array(drawing.length);
  for (let i = 0; i < drawing.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, drawing[i])) * 255);
  return out;
}

export interface ProbeResult {
  /** The Dense layer's input row as the model computed it: [inDepth] float32. */
  denseInput: Float32Array;
  /** The Dense layer's output: [units] float32 (after its fused activation). */
  denseOutput: Float32Array;
  /** The model's first output (e.g. the class scores). */
  modelOutput: Float32Array;
}

export class DenseProbe {
  private readonly interpreter: Interpreter;
  private readonly extra: { input: number; output: number };

  constructor(model: Model, readonly layer: DenseLayer, fileName = 'the model') {
    if ((model.subgraphs[0]?.outputs.length ?? 0) === 0) throw new LearnError(`${fileName} has no outputs`);
    const probed = withExtraOutputs(model, [layer.inputTensor, layer.outputTensor]);
    this.interpreter = Interpreter.create(probed, { fileName });
    const outs = probed.subgraphs[0].outputs;
    this.extra = { input: outs.indexOf(layer.inputTensor), output: outs.indexOf(layer.outputTensor) };
  }

  /** One 28×28 image (grey levels 0..255, row-major), fed exactly as evaluation feeds test images. */
  runImage(pixels: Uint8Array): ProbeResult {
    if (pixels.length !== 784) throw new LearnError(`the probe takes one 28×28 image (784 pixels), got ${pixels.length}`);
    const set: ImageSet = { count: 1, rows: 28, cols: 28, images: pixels, labels: new Uint8Array(1) };
    const layout = imageInputLayout(this.interpreter.inputs[0], 28, 28);
    return this.run([layout.fill(set, 0, 1)]);
  }

  /** One invoke with the model's inputs as given (one batch row). */
  run(inputs: TensorValue[]): ProbeResult {
    const outs = this.interpreter.invoke(inputs);
    const f32 = (i: number) => {
      const v = outs[i];
      if (v.dtype !== 'float32') throw new LearnError(`output ${i} is ${v.dtype}, expected float32`);
      return v.data as Float32Array;
    };
    const denseInput = f32(this.extra.input);
    if (denseInput.length !== this.layer.inDepth) {
      throw new LearnError(`the Dense input holds ${denseInput.length} values for one invoke; the layer reads rows of ${this.layer.inDepth} (one row expected)`);
    }
    return { denseInput, denseOutput: f32(this.extra.output), modelOutput: f32(0) };
  }
}
