import { describe, expect, it } from 'vitest';
import { quantizeModel } from '../quantize/pipeline';
import { makePolicy } from '../quantize/policy';
import { buildModel, buildSingleOpModel, options } from '../testing/model_builder';
import { findFloatDense, findHybridDense, inputPosition } from './dense_layer';
import { LearnError } from './errors';
import { fixtureBytes, fixtureModel } from './test_fixture';

describe('findFloatDense', () => {
  it('finds the MNIST CNN Dense layer: [10, 2028] weights fed by the flattened 13×13×12 pooled map', () => {
    const d = findFloatDense(fixtureModel(), 'fixture');
    expect([d.units, d.inDepth, d.weights.length]).toEqual([10, 2028, 20280]);
    expect(d.weightName).toBe('sequential/dense/MatMul');
    expect(d.inputMap).toEqual([13, 13, 12]);
    expect(d.bias?.length).toBe(10);
    expect(d.activation).toBe('NONE');
    expect(inputPosition(d, 0)).toEqual({ row: 0, col: 0, channel: 0 });
    expect(inputPosition(d, 12 * 13 + 12 + 5)).toEqual({ row: 1, col: 1, channel: 5 });
    expect(inputPosition(d, 2027)).toEqual({ row: 12, col: 12, channel: 11 });
  });

  it('picks the largest of several FULLY_CONNECTED weights', () => {
    const m = buildModel({
      tensors: {
        x: { dtype: 'float32', shape: [1, 4] },
        w1: { dtype: 'float32', shape: [6, 4], data: new Float32Array(24).fill(0.5) },
        h: { dtype: 'float32', shape: [1, 6] },
        w2: { dtype: 'float32', shape: [2, 6], data: new Float32Array(12).fill(0.25) },
        y: { dtype: 'float32', shape: [1, 2] },
      },
      ops: [
        { op: 'FULLY_CONNECTED', options: options('FullyConnectedOptions', { fusedActivation: 'RELU' }), inputs: ['x', 'w1', null], outputs: ['h'] },
        { op: 'FULLY_CONNECTED', inputs: ['h', 'w2', null], outputs: ['y'] },
      ],
    });
    const d = findFloatDense(m);
    expect([d.opIndex, d.units, d.inDepth, d.bias, d.activation, d.inputMap]).toEqual([0, 6, 4, null, 'RELU', null]);
  });

  it('says which file has no Dense layer', () => {
    const conv = buildSingleOpModel({
      op: 'CONV_2D', options: options('Conv2DOptions'),
      inputs: [{ dtype: 'float32', shape: [1, 3, 3, 1] }, { dtype: 'float32', shape: [1, 1, 1, 1], data: [1] }, { dtype: 'float32', shape: [1], data: [0] }],
      outputs: [{ dtype: 'float32', shape: [1, 3, 3, 1] }],
    });
    expect(() => findFloatDense(conv, 'conv.tflite')).toThrow(LearnError);
    expect(() => findFloatDense(conv, 'conv.tflite')).toThrow(/conv\.tflite has no FULLY_CONNECTED/);
  });
});

describe('findHybridDense', () => {
  it('finds the int8 twin by output name, with one scale per unit (tf2.21) or one in all (tf2.14)', async () => {
    const float = fixtureModel();
    const dense = findFloatDense(float);
    for (const [preset, scales, asym] of [['tf2.21', 10, true], ['tf2.14', 1, true], ['tf2.4', 1, false]] as const) {
      const r = await quantizeModel(float, fixtureBytes().length, makePolicy({ preset }));
      const h = findHybridDense(r.model, preset, dense.outputName);
      expect([h.units, h.inDepth, h.scales.length, h.asymmetric, h.weights.constructor.name], preset).toEqual([10, 2028, scales, asym, 'Int8Array']);
      expect(Array.from(h.bias!)).toEqual(Array.from(dense.bias!));
    }
  });

  it('refuses a float model (its Dense weight was kept float)', () => {
    expect(() => findHybridDense(fixtureModel(), 'float.tflite')).toThrow(/float\.tflite has no FULLY_CONNECTED with int8 weights/);
  });
});
