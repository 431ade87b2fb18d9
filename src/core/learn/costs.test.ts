import { describe, expect, it } from 'vitest';
import { quantizeModel } from '../quantize/pipeline';
import { makePolicy } from '../quantize/policy';
import { buildSingleOpModel, options } from '../testing/model_builder';
import { int8MacShare, opCosts } from './costs';
import { fixtureBytes, fixtureModel } from './test_fixture';

describe('opCosts', () => {
  it('the MNIST CNN: the conv does 26·26·12·9 multiply-adds, the Dense layer 10·2028', async () => {
    const float = opCosts(fixtureModel());
    expect(float.map((c) => [c.opName, c.weightDtype, c.weightElements, c.macs])).toEqual([
      ['CONV_2D', 'float32', 108, 26 * 26 * 12 * 9],
      ['FULLY_CONNECTED', 'float32', 20280, 20280],
    ]);
    expect(int8MacShare(float)).toBe(0);
    const r = await quantizeModel(fixtureModel(), fixtureBytes().length, makePolicy());
    const drq = opCosts(r.model);
    expect(drq.map((c) => c.weightDtype)).toEqual(['float32', 'int8']);
    expect(int8MacShare(drq)).toBeCloseTo(20280 / (73008 + 20280), 12);
  });

  it('depthwise: out [1,4,4,6], filter [1,3,3,6] → 4·4·6·9', () => {
    const m = buildSingleOpModel({
      op: 'DEPTHWISE_CONV_2D', options: options('DepthwiseConv2DOptions', { padding: 'SAME' }),
      inputs: [{ dtype: 'float32', shape: [1, 4, 4, 6] }, { dtype: 'float32', shape: [1, 3, 3, 6], data: new Float32Array(54) }, { dtype: 'float32', shape: [6], data: new Float32Array(6) }],
      outputs: [{ dtype: 'float32', shape: [1, 4, 4, 6] }],
    });
    expect(opCosts(m).map((c) => c.macs)).toEqual([4 * 4 * 6 * 9]);
  });
});
