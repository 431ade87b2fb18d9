import { describe, expect, it } from 'vitest';
import { fixtureBytes, fixtureModel } from './test_fixture';
import { quantizableWeights, quantizeWithThreshold, thresholdOutcome, thresholdStops } from './threshold';

const choices = { preset: 'tf2.21', perChannel: true } as const;

describe('the minimum-elements threshold on the MNIST CNN', () => {
  it('two weights can be quantized: the 108-element conv filter and the 20,280-element Dense weight', () => {
    const w = quantizableWeights(fixtureModel(), choices);
    expect(w.map((x) => [x.opName, x.shape, x.elements])).toEqual([
      ['CONV_2D', [12, 3, 3, 1], 108],
      ['FULLY_CONNECTED', [10, 2028], 20280],
    ]);
  });

  it('slider stops: 0, powers of two past the largest weight, and where each weight flips', () => {
    const stops = thresholdStops(quantizableWeights(fixtureModel(), choices));
    expect(stops[0]).toBe(0);
    expect(stops[stops.length - 1]).toBe(32768);
    for (const s of [1, 2, 64, 108, 109, 128, 1024, 20280, 20281]) expect(stops).toContain(s);
    expect([...stops].sort((a, b) => a - b)).toEqual(stops);
    expect(new Set(stops).size).toBe(stops.length);
    expect(thresholdStops([])).toEqual([0, 1]);
  });

  it('the default 1024 keeps the conv filter float, with the plan\'s reason', () => {
    const o = thresholdOutcome(fixtureModel(), choices, 1024);
    expect(o.rows.map((r) => [r.opName, r.quantized, r.reason])).toEqual([
      ['CONV_2D', false, 'kept float: 108 elements < 1,024'],
      ['FULLY_CONNECTED', true, 'int8 per-channel axis 0: FULLY_CONNECTED weight, 20,280 elements'],
    ]);
    expect([o.key, o.refusal]).toEqual(['int8:5', null]);
  });

  it('108 quantizes both (1024 itself would be quantized: "fewer than"), 109 only the Dense weight', () => {
    const m = fixtureModel();
    expect(thresholdOutcome(m, choices, 108).key).toBe('int8:2,5');
    expect(thresholdOutcome(m, choices, 109).key).toBe('int8:5');
    expect(thresholdOutcome(m, choices, 20280).key).toBe('int8:5');
  });

  it('above every weight nothing is quantized: the quantizer refuses and the file stays float', async () => {
    const o = thresholdOutcome(fixtureModel(), choices, 20281, 'fixture.tflite');
    expect(o.key).toBe('none');
    expect(o.rows.every((r) => !r.quantized)).toBe(true);
    expect(o.rows[1].reason).toBe('kept float: 20,280 elements < 20,281');
    expect(o.refusal).toMatch(/^Nothing to quantize in fixture\.tflite/);
    expect(await quantizeWithThreshold(fixtureModel(), fixtureBytes().length, choices, 20281)).toBeNull();
  });

  it('the files: smaller as more is quantized', async () => {
    const m = fixtureModel();
    const n = fixtureBytes().length;
    const both = await quantizeWithThreshold(m, n, choices, 0);
    const dense = await quantizeWithThreshold(m, n, choices, 1024);
    expect(both!.report.totals.int8Tensors).toBe(2);
    expect(dense!.report.totals.int8Tensors).toBe(1);
    expect(both!.bytes.length).toBeLessThan(dense!.bytes.length);
    expect(dense!.bytes.length).toBeLessThan(n);
  });
});
