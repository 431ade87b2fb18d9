import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { quantizeInt8 } from '../quantize/math';
import { makeRng } from '../util/rng';
import { SHARED_MODELS_DIR, SHARED_MODELS_SKIP_REASON, sharedModelsAvailable } from '../testing/goldens/shared_models';
import { readModel } from '../tflite/reader';
import { compareGranularity } from './channels';
import { findFloatDense, findHybridDense } from './dense_layer';
import { denseUnderPresets } from './generations';
import { fixtureBytes, fixtureModel } from './test_fixture';

const f32bits = (xs: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(xs).buffer));

describe('compareGranularity', () => {
  it('hand case: a unit of small weights gets a finer scale of its own', () => {
    // unit 0 spans ±1.27, unit 1 only ±0.0254: under the shared scale 0.01 it reaches code 3 of 127.
    const w = Float32Array.of(1.27, -0.5, 0.0254, -0.0127);
    const c = compareGranularity(w, 2, 2);
    expect(c.sharedScale).toBe(Math.fround(Math.fround(1.27) / 127));
    expect(Array.from(c.ownScales)).toEqual([c.sharedScale, Math.fround(Math.fround(0.0254) / 127)]);
    expect(Array.from(c.sharedQ)).toEqual([127, -50, 3, -1]);
    expect(Array.from(c.ownQ)).toEqual([127, -50, 127, -64]); // −63.5 → −64, away from zero
    expect(c.perUnit.map((u) => u.codesUsedShared)).toEqual([127, 3]);
    expect(c.perUnit[1].own.sqnrDb).toBeGreaterThan(c.perUnit[1].shared.sqnrDb + 20);
    expect(c.perUnit[0].own).toEqual(c.perUnit[0].shared);
    expect(c.rangeSpread).toBeCloseTo(50, 4);
  });

  it('seeded sweep: totals agree with the quantizer\'s SQNR, errors stay within half a step', () => {
    const rng = makeRng(9);
    for (let k = 0; k < 12; k++) {
      const units = rng.int(1, 12), inDepth = rng.int(1, 300);
      const w = new Float32Array(units * inDepth);
      for (let u = 0; u < units; u++) {
        const spread = 10 ** rng.uniform(-3, 0);
        for (let i = 0; i < inDepth; i++) w[u * inDepth + i] = rng.normal() * spread;
      }
      const c = compareGranularity(w, units, inDepth);
      expect(c.shared.sqnrDb).toBeCloseTo(quantizeInt8(w, [units, inDepth], null).sqnrDb, 6);
      expect(c.own.sqnrDb).toBeCloseTo(quantizeInt8(w, [units, inDepth], 0).sqnrDb, 6);
      expect(c.shared.maxAbsError).toBeLessThanOrEqual(c.sharedScale / 2 * (1 + 1e-6));
      for (const u of c.perUnit) {
        expect(u.own.maxAbsError).toBeLessThanOrEqual(u.ownScale / 2 * (1 + 1e-6));
        expect(u.ownScale).toBeLessThanOrEqual(c.sharedScale);
      }
    }
  });

  it('on the fixture, per-channel is at least as accurate overall', () => {
    const d = findFloatDense(fixtureModel());
    const c = compareGranularity(d.weights, d.units, d.inDepth);
    expect(c.perUnit).toHaveLength(10);
    expect(c.own.sqnrDb).toBeGreaterThanOrEqual(c.shared.sqnrDb);
    expect(Math.max(...c.perUnit.map((u) => u.codesUsedShared))).toBe(127);
  });

  it.skipIf(!sharedModelsAvailable())('per-channel scales equal the official converter\'s (har_mlp_float → har_mlp_drq, TF 2.21)', () => {
    const load = (n: string) => readModel(new Uint8Array(readFileSync(path.join(SHARED_MODELS_DIR, `${n}.tflite`))), n);
    const float = load('har_mlp_float');
    const d = findFloatDense(float, 'har_mlp_float');
    const official = findHybridDense(load('har_mlp_drq'), 'har_mlp_drq', d.outputName);
    const c = compareGranularity(d.weights, d.units, d.inDepth);
    expect(official.scales.length).toBe(d.units);
    expect(f32bits(c.ownScales)).toEqual(f32bits(official.scales));
    expect(Array.from(c.ownQ)).toEqual(Array.from(official.weights));
  });
  if (!sharedModelsAvailable()) it.skip(SHARED_MODELS_SKIP_REASON, () => {});
});

describe('denseUnderPresets', () => {
  it('per-tensor FC v3 / v9 before TF 2.17, per-channel FC v12 after, computed on the fixture', async () => {
    const float = fixtureModel();
    const d = findFloatDense(float);
    const g = await denseUnderPresets(float, fixtureBytes().length, d.outputName);
    expect(g.map((x) => [x.preset, x.fcVersion, x.scaleCount, x.asymmetricInputs, x.minRuntime])).toEqual([
      ['tf2.4', 3, 1, false, '1.5.0'],
      ['tf2.14', 9, 1, true, '2.3.0'],
      ['tf2.21', 12, 10, true, '2.17.0'],
    ]);
    // Nine more float32 scales and int64 zero points: 9 · (4 + 8) bytes more, plus table padding at most.
    expect(g[2].fileBytes - g[1].fileBytes).toBeGreaterThanOrEqual(9 * 12);
  });
});
