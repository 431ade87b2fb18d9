import { describe, expect, it } from 'vitest';
import { quantizeModel } from '../quantize/pipeline';
import { makePolicy } from '../quantize/policy';
import { buildModel } from '../testing/model_builder';
import { makeRng } from '../util/rng';
import { writeModel } from '../tflite/writer';
import { readModel } from '../tflite/reader';
import { sizeArithmetic } from './size_arithmetic';
import { fixtureBytes, fixtureModel } from './test_fixture';

describe('sizeArithmetic', () => {
  it('the fixture: 20,280 weights from 4 to 1 byte, 10 scales and 10 zero points, against the real file', async () => {
    const r = await quantizeModel(fixtureModel(), fixtureBytes().length, makePolicy({ preset: 'tf2.21' }));
    const s = sizeArithmetic(r.report, r.model);
    expect(s.lines.map((l) => [l.name, l.elements, l.bytesBefore, l.bytesAfter, l.scales, l.zeroPoints, l.paramBytes])).toEqual([
      ['sequential/dense/MatMul', 20280, 81120, 20280, 10, 10, 120],
    ]);
    expect(s.fileBefore).toBe(fixtureBytes().length);
    expect(s.savedWeightBytes).toBe(60840);
    expect(s.predicted).toBe(fixtureBytes().length - 60840 + 120);
    expect(s.real).toBe(r.bytes.length);
    expect(s.structureDelta).toBe(r.bytes.length - s.predicted);
    // The parts add up to both files.
    for (const c of [s.before, s.after]) expect(c.convertedWeights + c.keptConstants + c.quantParams + c.structure).toBe(c.total);
    expect([s.before.convertedWeights, s.after.convertedWeights, s.before.keptConstants]).toEqual([81120, 20280, 544]);
    expect(s.after.keptConstants).toBe(s.before.keptConstants);
  });

  it('per-tensor: one scale and one zero point (12 bytes)', async () => {
    const r = await quantizeModel(fixtureModel(), fixtureBytes().length, makePolicy({ preset: 'tf2.14' }));
    const s = sizeArithmetic(r.report, r.model);
    expect(s.lines.map((l) => [l.scales, l.zeroPoints, l.paramBytes])).toEqual([[1, 1, 12]]);
    expect(s.real).toBe(r.bytes.length);
  });

  it('a small model: prediction and real file, and the measured structure delta stays small', async () => {
    const rng = makeRng(3);
    const model = buildModel({
      tensors: {
        x: { dtype: 'float32', shape: [1, 64] },
        w: { dtype: 'float32', shape: [32, 64], data: rng.floats(2048) },
        b: { dtype: 'float32', shape: [32], data: rng.floats(32) },
        y: { dtype: 'float32', shape: [1, 32] },
      },
      ops: [{ op: 'FULLY_CONNECTED', inputs: ['x', 'w', 'b'], outputs: ['y'] }],
    });
    const bytes = writeModel(model);
    const r = await quantizeModel(readModel(bytes), bytes.length, makePolicy({ preset: 'tf2.21' }));
    const s = sizeArithmetic(r.report, r.model);
    expect(s.lines[0]).toMatchObject({ elements: 2048, bytesBefore: 8192, bytesAfter: 2048, scales: 32, zeroPoints: 32, paramBytes: 384 });
    expect(s.predicted).toBe(bytes.length - 6144 + 384);
    expect(s.real).toBe(r.bytes.length);
    expect(Math.abs(s.structureDelta)).toBeLessThan(200);
  });
});
