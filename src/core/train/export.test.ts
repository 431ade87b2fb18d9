// The exported .tflite: layout transposes by hand, file structure against the converter's own
// file of the same Keras model, and the numbers: tfjs's logits vs our interpreter and vs the
// official TFLite runtime on real MNIST test images, for a model trained on a small slice.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { sliceSet, type ImageSet } from '../data/mnist';
import { Interpreter } from '../interpreter/interpreter';
import { readModel } from '../tflite/reader';
import { minRuntimeVersion } from '../tflite/metadata';
import { operatorName } from '../tflite/op_names';
import type { Model } from '../tflite/ir';
import { SHARED_MODELS_DIR, SHARED_MODELS_SKIP_REASON, sharedModelsAvailable } from '../testing/goldens/shared_models';
import { makeRng } from '../util/rng';
import { maxRelDiff } from '../testing/tolerance';
import { executionPlan, loadOfficial } from '../../../tools/goldens/official_runtime';
import { initBackend } from './backend';
import { buildExportModel, exportTflite, hwioToOhwi, transpose2d, EXPORT_DESCRIPTION } from './export';
import { buildModel, loadWeights, WEIGHT_SHAPES, type TrainedWeights } from './model';
import { loadIdxFolder } from './node_data';
import { nodeWasmDir } from './node_wasm';
import { predictLogits, train } from './train';

describe('layout transposes (hand cases)', () => {
  it('HWIO → OHWI moves the output channel first', () => {
    // w [kH=1, kW=2, inC=2, outC=3]: value = 100·kw + 10·ci + co
    const w = Float32Array.from([0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112]);
    // out [outC=3, kH=1, kW=2, inC=2]
    expect(Array.from(hwioToOhwi(w, 1, 2, 2, 3))).toEqual([0, 10, 100, 110, 1, 11, 101, 111, 2, 12, 102, 112]);
  });

  it('[in, out] → [out, in]', () => {
    expect(Array.from(transpose2d(Float32Array.from([1, 2, 3, 4, 5, 6]), 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
  });
});

function randomWeights(seed: number): TrainedWeights {
  const rng = makeRng(seed);
  const n = (k: keyof TrainedWeights) => WEIGHT_SHAPES[k].reduce((a, b) => a * b, 1);
  return {
    convKernel: rng.floats(n('convKernel'), -0.5, 0.5), convBias: rng.floats(n('convBias'), -0.1, 0.1),
    denseKernel: rng.floats(n('denseKernel'), -0.05, 0.05), denseBias: rng.floats(n('denseBias'), -0.1, 0.1),
  };
}

function opSummary(m: Model): { op: string; version: number; options: unknown }[] {
  return m.subgraphs[0].operators.map((o) => ({
    op: operatorName(m, o.opcodeIndex), version: m.operatorCodes[o.opcodeIndex].version, options: o.options,
  }));
}

describe('exported file structure', () => {
  const bytes = exportTflite(randomWeights(7));
  const model = readModel(bytes, 'export');

  it('reads back to the IR we built', () => {
    expect(model).toEqual(buildExportModel(randomWeights(7)));
  });

  it('has the tutorial graph, float ops at version 1, batch-1 shapes with a resizable batch', () => {
    expect(model.description).toBe(EXPORT_DESCRIPTION);
    expect(opSummary(model).map((o) => `${o.op} v${o.version}`)).toEqual([
      'RESHAPE v1', 'CONV_2D v1', 'MAX_POOL_2D v1', 'RESHAPE v1', 'FULLY_CONNECTED v1',
    ]);
    const sg = model.subgraphs[0];
    const t = (i: number) => sg.tensors[i];
    expect(sg.inputs.map((i) => [t(i).shape, t(i).shapeSignature, t(i).dtype])).toEqual([[[1, 28, 28], [-1, 28, 28], 'float32']]);
    expect(sg.outputs.map((i) => [t(i).shape, t(i).shapeSignature])).toEqual([[[1, 10], [-1, 10]]]);
    const conv = sg.operators[1];
    expect(t(conv.inputs[1]).shape).toEqual([12, 3, 3, 1]);
    const fc = sg.operators[4];
    expect(t(fc.inputs[1]).shape).toEqual([10, 2028]);
    expect(t(fc.inputs[2]).shape).toEqual([10]);
    expect(minRuntimeVersion(model)).toBe('1.5.0');
    expect(model.signatureDefs).toEqual([{
      signatureKey: 'serving_default', subgraphIndex: 0,
      inputs: [{ name: 'input', tensorIndex: sg.inputs[0] }], outputs: [{ name: 'dense', tensorIndex: sg.outputs[0] }],
    }]);
    // Every tensor owns a buffer; only constants hold data.
    expect(new Set(sg.tensors.map((x) => x.buffer)).size).toBe(sg.tensors.length);
  });

  it('refuses weights that are the wrong size or not finite', () => {
    const w = randomWeights(1);
    expect(() => exportTflite({ ...w, denseBias: new Float32Array(9) })).toThrow(/denseBias must be a Float32Array of 10 values/);
    const bad = Float32Array.from(w.convKernel);
    bad[5] = NaN;
    expect(() => exportTflite({ ...w, convKernel: bad })).toThrow(/convKernel\[5\] is NaN/);
  });
});

describe.skipIf(!sharedModelsAvailable())('against the converter\'s file of the same Keras model', () => {
  it('same weight shapes and op options as mnist_cnn_float.tflite', () => {
    const theirs = readModel(new Uint8Array(readFileSync(path.join(SHARED_MODELS_DIR, 'mnist_cnn_float.tflite'))));
    const ours = readModel(exportTflite(randomWeights(3)));
    // Theirs starts with a dynamic SHAPE/STRIDED_SLICE/PACK prologue for the reshape; compare the rest.
    const tail = (m: Model) => opSummary(m).filter((o) => o.op !== 'SHAPE' && o.op !== 'STRIDED_SLICE' && o.op !== 'PACK');
    const withoutReshapeOptions = (m: Model) => tail(m).map((o) => (o.op === 'RESHAPE' ? { ...o, options: null } : o));
    expect(withoutReshapeOptions(ours)).toEqual(withoutReshapeOptions(theirs));
    const constShapes = (m: Model) => m.subgraphs[0].tensors
      .filter((x) => x.dtype === 'float32' && m.buffers[x.buffer].length > 0).map((x) => x.shape).sort();
    expect(constShapes(ours)).toEqual(constShapes(theirs));
  });
});
if (!sharedModelsAvailable()) it.skip(SHARED_MODELS_SKIP_REASON, () => {});

describe('exported model computes what tfjs computes', () => {
  let test: ImageSet;
  let weights: TrainedWeights;
  let tfjsLogits: Float32Array;
  let bytes: Uint8Array;
  const COUNT = 200;

  beforeAll(async () => {
    await initBackend({ wasmPaths: nodeWasmDir(), order: ['wasm'] });
    const data = loadIdxFolder();
    test = sliceSet(data.test, COUNT);
    const result = await train(sliceSet(data.train, 2000), test, { seed: 11 });
    weights = result.weights;
    const model = buildModel(0);
    loadWeights(model, weights);
    tfjsLogits = await predictLogits(model, test);
    model.dispose();
    bytes = exportTflite(weights);
  });
  afterAll(() => expect(tf.memory().numTensors).toBe(0));

  const pixels = (start: number, count: number) => Float32Array.from(test.images.subarray(start * 784, (start + count) * 784), (v) => v / 255);

  it('our interpreter: logits within 1e-5 of tfjs (relative to max |logit|), 200 test images in one batch', () => {
    const interp = Interpreter.create(bytes, { fileName: 'export' });
    const [out] = interp.invoke([pixels(0, COUNT)]);
    expect(out.shape).toEqual([COUNT, 10]);
    const diff = maxRelDiff(out.data as Float32Array, tfjsLogits);
    console.log(`interpreter vs tfjs over ${COUNT} images: maxRelDiff ${diff.toExponential(2)}`);
    expect(diff).toBeLessThan(1e-5);
  });

  it('the official TFLite runtime loads the file and agrees with tfjs within 1e-5', async () => {
    const official = await loadOfficial(bytes, { name: 'exported MNIST CNN' });
    try {
      expect(official.inputs.map((i) => [i.shape, i.dtype])).toEqual([[[1, 28, 28], 'float32']]);
      const out = new Float32Array(COUNT * 10);
      for (let i = 0; i < COUNT; i++) out.set(official.run([pixels(i, 1)])[0].data as Float32Array, i * 10);
      const diff = maxRelDiff(out, tfjsLogits);
      console.log(`official runtime vs tfjs over ${COUNT} images: maxRelDiff ${diff.toExponential(2)}`);
      expect(diff).toBeLessThan(1e-5);
    } finally {
      official.delete();
    }
  });

  it('is fully static: the official runtime runs the whole graph as one XNNPACK partition', async () => {
    // (The converter's own file of this model is not: its SHAPE/PACK prologue keeps XNNPACK out.)
    const plan = await executionPlan(bytes, [pixels(0, 1)]);
    expect(plan.map((n) => n.nodeType)).toEqual(['TfLiteXNNPackDelegate']);
  });

  it('a wrong flatten order would be caught: permuting the dense weights to CHW order breaks agreement', () => {
    // Keras flattens [13,13,12] as (h, w, c); reading the same weights as (c, h, w) must not agree.
    const chw = new Float32Array(weights.denseKernel.length);
    for (let h = 0; h < 13; h++) for (let w = 0; w < 13; w++) for (let c = 0; c < 12; c++) {
      for (let o = 0; o < 10; o++) chw[((c * 13 + h) * 13 + w) * 10 + o] = weights.denseKernel[((h * 13 + w) * 12 + c) * 10 + o];
    }
    const interp = Interpreter.create(exportTflite({ ...weights, denseKernel: chw }));
    const [out] = interp.invoke([pixels(0, COUNT)]);
    expect(maxRelDiff(out.data as Float32Array, tfjsLogits)).toBeGreaterThan(1e-2);
  });
});
