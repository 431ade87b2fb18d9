import { describe, expect, it } from 'vitest';
import { buildModel, options } from '../testing/model_builder';
import { opCode } from '../tflite/op_names';
import { signatureVersion } from './op_versions';
import { describePolicy, effectiveRule, makePolicy, PolicyError, PRESETS } from './policy';
import { minRuntimeForModel, minRuntimeForOp, RUNTIME_VERSIONS } from './runtime_versions';

describe('policy', () => {
  it('defaults to the current converter (tf2.21) with the 1024-element rule', () => {
    const p = makePolicy();
    expect(p).toEqual({ preset: 'tf2.21', mode: 'int8', minElements: 1024, perChannel: true, ops: ['FULLY_CONNECTED', 'CONV_2D', 'DEPTHWISE_CONV_2D', 'GATHER'] });
    expect(effectiveRule(p, 'FULLY_CONNECTED')).toMatchObject({ axis: 0, kernel: 'hybrid', asymmetricInputs: true });
    expect(describePolicy(p)).toMatch(/^tf2\.21: per-channel FULLY_CONNECTED/);
  });

  it('per preset: FC granularity and asymmetric inputs as each generation wrote them', () => {
    const fc = (preset: 'tf2.4' | 'tf2.14' | 'tf2.21') => effectiveRule(makePolicy({ preset }), 'FULLY_CONNECTED');
    expect(fc('tf2.4')).toMatchObject({ axis: null, asymmetricInputs: false });
    expect(fc('tf2.14')).toMatchObject({ axis: null, asymmetricInputs: true });
    expect(fc('tf2.21')).toMatchObject({ axis: 0, asymmetricInputs: true });
    expect(effectiveRule(makePolicy({ preset: 'tf2.4' }), 'GATHER')).toBeNull();
    expect(PRESETS['tf2.4'].scaleMath).toBe('legacy-float');
  });

  it('rejects bad choices with a PolicyError', () => {
    expect(() => makePolicy({ minElements: -1 })).toThrow(PolicyError);
    expect(() => makePolicy({ minElements: 1.5 })).toThrow(PolicyError);
    expect(() => makePolicy({ preset: 'tf1.15' as never })).toThrow(/unknown preset "tf1.15"/);
    expect(() => makePolicy({ ops: ['LSTM' as never] })).toThrow(/not an op Quant Lab quantizes/);
  });
});

describe('runtime versions', () => {
  it('every op name of the table is a BuiltinOperator of our schema', () => {
    for (const name of Object.keys(RUNTIME_VERSIONS)) expect(opCode(name), name).toBeDefined();
  });

  it('looks up (op, version) and takes the highest over a model, skipping unknown pairs', () => {
    expect(minRuntimeForOp(opCode('FULLY_CONNECTED')!, 12)).toBe('2.17.0');
    expect(minRuntimeForOp(opCode('FULLY_CONNECTED')!, 9)).toBe('2.3.0');
    expect(minRuntimeForOp(opCode('DEQUANTIZE')!, 3)).toBe('1.15.0');
    expect(minRuntimeForOp(opCode('BROADCAST_TO')!, 1)).toBeNull();
    const m = buildModel({
      tensors: { x: { dtype: 'float32', shape: [1, 2] }, y: { dtype: 'float32', shape: [1, 2] }, z: { dtype: 'float32', shape: [1, 2] } },
      ops: [{ op: 'RELU', inputs: ['x'], outputs: ['y'] }, { op: 'SOFTMAX', version: 3, options: options('SoftmaxOptions'), inputs: ['y'], outputs: ['z'] }],
    });
    expect(minRuntimeForModel(m)).toBe('2.3.0'); // numeric compare: 2.3.0 > 1.5.0
  });
});

describe('op versions from signatures (op_version.cc)', () => {
  const fcModel = (weight: { dtype: 'float32' | 'int8'; scales?: number }, units: number, withBias: boolean, keepNumDims = false, asym = false) => buildModel({
    tensors: {
      x: { dtype: 'float32', shape: [1, 4] },
      w: {
        dtype: weight.dtype, shape: [units, 4], data: weight.dtype === 'int8' ? new Int8Array(units * 4) : new Float32Array(units * 4),
        quantization: weight.scales ? { scale: new Array(weight.scales).fill(0.1) } : null,
      },
      b: { dtype: 'float32', shape: [units], data: new Float32Array(units) },
      y: { dtype: 'float32', shape: [1, units] },
    },
    ops: [{
      op: 'FULLY_CONNECTED', options: options('FullyConnectedOptions', { keepNumDims, asymmetricQuantizeInputs: asym }),
      inputs: withBias ? ['x', 'w', 'b'] : ['x', 'w'], outputs: ['y'],
    }],
  });
  const v = (m: ReturnType<typeof fcModel>, v12 = true) => signatureVersion(m, m.subgraphs[0]!, m.subgraphs[0]!.operators[0]!, v12);

  it('FULLY_CONNECTED: 1 float, 3/9 hybrid per-tensor, 12 per-channel, 6 without bias, 5 keep_num_dims', () => {
    expect(v(fcModel({ dtype: 'float32' }, 3, true))).toBe(1);
    expect(v(fcModel({ dtype: 'int8', scales: 1 }, 3, true))).toBe(3);
    expect(v(fcModel({ dtype: 'int8', scales: 1 }, 3, true, false, true))).toBe(9);
    expect(v(fcModel({ dtype: 'int8', scales: 3 }, 3, true, false, true))).toBe(12);
    expect(v(fcModel({ dtype: 'int8', scales: 1 }, 3, false, false, true))).toBe(6);
    expect(v(fcModel({ dtype: 'int8', scales: 1 }, 3, true, true, true))).toBe(5);
    // Quirk: one output unit with one scale counts as per-channel for converters that know v12.
    expect(v(fcModel({ dtype: 'int8', scales: 1 }, 1, true, false, true))).toBe(12);
    expect(v(fcModel({ dtype: 'int8', scales: 1 }, 1, true, false, true), false)).toBe(9);
  });
});
