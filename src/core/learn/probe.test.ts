import { describe, expect, it } from 'vitest';
import { Interpreter } from '../interpreter/interpreter';
import { buildModel, options } from '../testing/model_builder';
import { makeRng } from '../util/rng';
import { findFloatDense } from './dense_layer';
import { LearnError } from './errors';
import { DenseProbe, greyLevels, withExtraOutputs } from './probe';
import { fixtureModel } from './test_fixture';

/** x [1,2,2,1] → RESHAPE [1,4] → FC (w [2,4], b) → y [1,2]. */
function tinyModel() {
  return buildModel({
    tensors: {
      x: { dtype: 'float32', shape: [1, 2, 2, 1] },
      shape: { dtype: 'int32', shape: [2], data: [1, 4] },
      flat: { dtype: 'float32', shape: [1, 4] },
      w: { dtype: 'float32', shape: [2, 4], data: [1, 2, 3, 4, -1, 0, 0, 1] },
      b: { dtype: 'float32', shape: [2], data: [0.5, -0.5] },
      y: { dtype: 'float32', shape: [1, 2] },
    },
    ops: [
      { op: 'RESHAPE', options: options('ReshapeOptions'), inputs: ['x', 'shape'], outputs: ['flat'] },
      { op: 'FULLY_CONNECTED', inputs: ['flat', 'w', 'b'], outputs: ['y'] },
    ],
  });
}

describe('withExtraOutputs', () => {
  it('adds outputs to a copy and leaves the model alone', () => {
    const m = tinyModel();
    const before = JSON.stringify(m.subgraphs[0].outputs);
    const p = withExtraOutputs(m, [2, 5, 2]);
    expect(p.subgraphs[0].outputs).toEqual([5, 2]);
    expect(JSON.stringify(m.subgraphs[0].outputs)).toBe(before);
    expect(p.subgraphs[0].tensors).toBe(m.subgraphs[0].tensors);
    expect(p.buffers).toBe(m.buffers);
    expect(() => withExtraOutputs(m, [99])).toThrow(LearnError);
  });
});

describe('DenseProbe', () => {
  it('hands back the Dense input and output of a hand-computed case', () => {
    const m = tinyModel();
    const probe = new DenseProbe(m, findFloatDense(m));
    const r = probe.run([{ dtype: 'float32', shape: [1, 2, 2, 1], data: Float32Array.of(1, 0.5, -1, 2), quantization: null }]);
    expect(Array.from(r.denseInput)).toEqual([1, 0.5, -1, 2]);
    // unit 0: 1 + 1 − 3 + 8 + 0.5 = 7.5; unit 1: −1 + 2 − 0.5 = 0.5
    expect(Array.from(r.denseOutput)).toEqual([7.5, 0.5]);
    expect(Array.from(r.modelOutput)).toEqual([7.5, 0.5]);
  });

  it('computes exactly what the plain interpreter computes (the extra outputs change nothing)', () => {
    const m = fixtureModel();
    const probe = new DenseProbe(m, findFloatDense(m));
    const plain = Interpreter.create(m);
    const rng = makeRng(11);
    for (let k = 0; k < 3; k++) {
      const pixels = Uint8Array.from({ length: 784 }, () => (rng.next() < 0.2 ? rng.int(0, 255) : 0));
      const r = probe.runImage(pixels);
      const x = Float32Array.from(pixels, (p) => p / 255);
      const [want] = plain.invoke([{ dtype: 'float32', shape: [1, 28, 28], data: x, quantization: null }]);
      expect(Array.from(r.modelOutput)).toEqual(Array.from(want.data as Float32Array));
      expect(Array.from(r.denseOutput)).toEqual(Array.from(want.data as Float32Array));
      expect(r.denseInput.length).toBe(2028);
      expect(r.denseInput.every((v) => v >= 0)).toBe(true); // ReLU then max-pool: never negative
    }
    expect(() => probe.runImage(new Uint8Array(10))).toThrow(/784 pixels/);
  });
});

describe('greyLevels', () => {
  it('rounds 0..1 to 0..255 and clamps, as the lab worker does for drawings', () => {
    expect(Array.from(greyLevels(Float32Array.of(0, 0.5, 1, 1.5, -0.2, 0.002)))).toEqual([0, 128, 255, 255, 0, 1]);
  });
});
