import { describe, expect, it } from 'vitest';
import { quantizeModel } from '../quantize/pipeline';
import { makePolicy, type PresetName } from '../quantize/policy';
import { SHARED_MODELS_SKIP_REASON, sharedModelsAvailable, sharedModelWithGoldens } from '../testing/goldens/shared_models';
import { buildSingleOpModel, options } from '../testing/model_builder';
import { makeRng } from '../util/rng';
import { readModel } from '../tflite/reader';
import { findFloatDense, findHybridDense } from './dense_layer';
import { LearnError } from './errors';
import { DenseProbe } from './probe';
import { fixtureBytes, fixtureModel } from './test_fixture';
import { quantizeDenseInput, typicalActivation, unitTerms, workUnit } from './walkthrough';

describe('quantizeDenseInput', () => {
  it('hand case, asymmetric: a non-negative row maps [0, max] onto −128..127 with zero point −128', () => {
    const x = Float32Array.of(0, 1, 2.55, 0);
    const r = quantizeDenseInput(x, true);
    expect([r.rangeLo, r.rangeHi, r.zeroPoint, r.zeros]).toEqual([0, Math.fround(2.55), -128, 2]);
    expect(r.scale).toBe(Math.fround(Math.fround(2.55) / 255));
    expect(Array.from(r.q)).toEqual([-128, -28, 127, -128]);
    expect(r.maxError).toBeLessThanOrEqual(r.scale / 2 * 1.0001);
  });

  it('hand case, symmetric: ±max|x| onto −127..127, zero point 0', () => {
    const r = quantizeDenseInput(Float32Array.of(-1.27, 0.635, 0), false);
    expect([r.rangeLo, r.rangeHi, r.zeroPoint]).toEqual([Math.fround(-1.27), Math.fround(1.27), 0]);
    expect(Array.from(r.q)).toEqual([-127, 64, 0]);
  });
});

describe('typicalActivation', () => {
  it('the non-zero value nearest the median of the non-zero ones', () => {
    expect(typicalActivation(quantizeDenseInput(Float32Array.of(0, 5, 1, 0, 2, 9), true))).toBe(4); // median of 5, 1, 2, 9 → 2
    expect(typicalActivation(quantizeDenseInput(Float32Array.of(0, 0), true))).toBe(0);
  });
});

describe('workUnit', () => {
  it('hand case: 2 units × 3 inputs, per-channel weights, asymmetric input', () => {
    // weights int8 [[10, −20, 30], [1, 2, 3]], scales [0.5, 0.25], bias [1, −1]; x = [0, 1.275, 2.55].
    const model = buildSingleOpModel({
      op: 'FULLY_CONNECTED', version: 12, options: options('FullyConnectedOptions', { asymmetricQuantizeInputs: true }),
      inputs: [
        { dtype: 'float32', shape: [1, 3] },
        { dtype: 'int8', shape: [2, 3], data: Int8Array.of(10, -20, 30, 1, 2, 3), quantization: { scale: [0.5, 0.25] } },
        { dtype: 'float32', shape: [2], data: [1, -1] },
      ],
      outputs: [{ dtype: 'float32', shape: [1, 2] }],
    });
    const layer = findHybridDense(model);
    const x = Float32Array.of(0, 1, 2.55);
    const input = quantizeDenseInput(x, true); // scale ≈ 0.01: 0 → −128, 1 → −28, 2.55 → 127
    expect([input.zeroPoint, Array.from(input.q)]).toEqual([-128, [-128, -28, 127]]);
    const u = workUnit(layer, input, 0);
    // raw = 10·(−128) − 20·(−28) + 30·127 = 3090; rowSum = 20; dot = 3090 − 20·(−128) = 5650 = Σ w·(q + 128)
    expect([u.raw, u.rowSum, u.correction, u.dot]).toEqual([3090, 20, -2560, 5650]);
    expect(u.combinedScale).toBe(Math.fround(input.scale * Math.fround(0.5)));
    expect(u.output).toBe(Math.fround(1 + Math.fround(Math.fround(5650) * u.combinedScale)));
    // ≈ 1 + 5650 · 0.01 · 0.5 = 29.25, the float answer 1 + (5·0 − 10·1 + 15·2.55)
    expect(u.output).toBeCloseTo(29.25, 3);
    expect(u.topTerms.map((t) => [t.input, t.code, t.shifted, t.product])).toEqual([[2, 127, 255, 7650], [1, -28, 100, -2000]]);
    expect(u.nonZeroTerms).toBe(2);
    const run = new DenseProbe(model, layer).run([{ dtype: 'float32', shape: [1, 3], data: x, quantization: null }]);
    expect(Array.from(run.denseOutput)).toEqual([u.output, workUnit(layer, input, 1).output]);
    expect(() => workUnit(layer, input, 2)).toThrow(LearnError);
  });

  // The worked numbers must be the interpreter's numbers, bit for bit, for every unit.
  for (const preset of ['tf2.4', 'tf2.14', 'tf2.21'] as PresetName[]) {
    it(`on the fixture quantized with ${preset}: every unit equals the interpreter's hybrid output exactly`, async () => {
      const float = fixtureModel();
      const dense = findFloatDense(float);
      const r = await quantizeModel(float, fixtureBytes().length, makePolicy({ preset }));
      const layer = findHybridDense(r.model, preset, dense.outputName);
      const probe = new DenseProbe(r.model, layer);
      const rng = makeRng(21);
      for (let k = 0; k < 4; k++) {
        const pixels = k === 0 ? new Uint8Array(784) : Uint8Array.from({ length: 784 }, () => (rng.next() < 0.25 ? rng.int(1, 255) : 0));
        const run = probe.runImage(pixels);
        const input = quantizeDenseInput(run.denseInput, layer.asymmetric);
        for (let unit = 0; unit < layer.units; unit++) {
          const u = workUnit(layer, input, unit);
          expect(Object.is(u.output, run.denseOutput[unit]), `${preset} image ${k} unit ${unit}: ${u.output} vs ${run.denseOutput[unit]}`).toBe(true);
          const terms = unitTerms(layer.weights.subarray(unit * 2028, (unit + 1) * 2028), input.q, input.zeroPoint);
          expect(terms.reduce((s, t) => s + t.product, 0)).toBe(u.dot);
        }
      }
    });
  }

  it.skipIf(!sharedModelsAvailable())('on the official DRQ file mnist_cnn_drq: equals our interpreter exactly and the official runtime within 1e-5', () => {
    const { bytes, golden } = sharedModelWithGoldens('mnist_cnn_drq');
    const model = readModel(bytes, 'mnist_cnn_drq.tflite');
    const layer = findHybridDense(model, 'mnist_cnn_drq.tflite');
    const probe = new DenseProbe(model, layer);
    for (const c of golden.cases) {
      const run = probe.run(c.inputs);
      const input = quantizeDenseInput(run.denseInput, layer.asymmetric);
      const official = c.outputs[0];
      for (let k = 0; k < official.indices.length; k++) {
        const u = workUnit(layer, input, official.indices[k]);
        expect(Object.is(u.output, run.denseOutput[u.unit])).toBe(true);
        expect(Math.abs(u.output - Number(official.values[k]))).toBeLessThanOrEqual(1e-5 * Math.max(1, official.maxAbs));
      }
    }
  });
  if (!sharedModelsAvailable()) it.skip(SHARED_MODELS_SKIP_REASON, () => {});
});
