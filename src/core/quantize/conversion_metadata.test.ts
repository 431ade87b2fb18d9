import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../util/rng';
import { SHARED_MODELS_DIR, SHARED_MODELS_SKIP_REASON, sharedModelsAvailable } from '../testing/goldens/shared_models';
import { buildModel } from '../testing/model_builder';
import { metadataBytes } from '../tflite/metadata';
import { readModel } from '../tflite/reader';
import {
  CONVERSION_METADATA, decodeConversionMetadata, encodeConversionMetadata, modelHash, PTQ_DYNAMIC_RANGE,
  updatedConversionMetadata, type ConversionMetadata,
} from './conversion_metadata';

const sample: ConversionMetadata = {
  environment: { tensorflowVersion: '2.21.0', apiVersion: 2, modelType: 2, modelHash: 0xfedcba9876543210n },
  options: {
    modelOptimizationModes: [1002], allowCustomOps: true, enableSelectTfOps: false, forceSelectTfOps: false,
    sparsityBlockSizes: [[1, 4], []],
  },
};

describe('CONVERSION_METADATA encoding', () => {
  it('round-trips, including a uint64 hash above 2^63', () => {
    expect(decodeConversionMetadata(encodeConversionMetadata(sample))).toEqual(sample);
    const empty: ConversionMetadata = { environment: null, options: null };
    expect(decodeConversionMetadata(encodeConversionMetadata(empty))).toEqual(empty);
  });

  it('returns null, never throws, on truncated or corrupted bytes (seeded)', () => {
    const good = encodeConversionMetadata(sample);
    const rng = makeRng(5);
    for (let n = 0; n < good.length; n++) expect(() => decodeConversionMetadata(good.subarray(0, n))).not.toThrow();
    for (let k = 0; k < 500; k++) {
      const bad = good.slice();
      for (let f = 0; f < 3; f++) bad[rng.int(0, bad.length - 1)] = rng.int(0, 255);
      const r = decodeConversionMetadata(bad);
      if (r !== null) expect(r.options === null || Array.isArray(r.options.modelOptimizationModes)).toBe(true);
    }
    expect(decodeConversionMetadata(new Uint8Array([0xff, 0xff, 0xff, 0x7f]))).toBeNull();
  });

  it('update adds the mode once and rehashes the given model', () => {
    const m = buildModel({
      tensors: { x: { dtype: 'float32', shape: [1, 2] }, y: { dtype: 'float32', shape: [1, 2] } },
      ops: [{ op: 'RELU', inputs: ['x'], outputs: ['y'] }],
    });
    const once = decodeConversionMetadata(updatedConversionMetadata(encodeConversionMetadata(sample), m, PTQ_DYNAMIC_RANGE)!)!;
    expect(once.options!.modelOptimizationModes).toEqual([1002]);
    expect(once.environment).toEqual({ ...sample.environment, modelHash: modelHash(m) });
    expect(updatedConversionMetadata(new Uint8Array(3), m, PTQ_DYNAMIC_RANGE)).toBeNull();
  });
});

const available = sharedModelsAvailable();
if (!available) it.skip(SHARED_MODELS_SKIP_REASON, () => {});

describe.skipIf(!available)('model hash matches what the converter stored', () => {
  const load = (name: string) => readModel(new Uint8Array(readFileSync(path.join(SHARED_MODELS_DIR, `${name}.tflite`))));
  for (const name of ['har_mlp_float', 'har_mlp_drq', 'har_mlp_float16']) {
    it(name, () => {
      const m = load(name);
      const stored = decodeConversionMetadata(metadataBytes(m, CONVERSION_METADATA)!)!;
      expect(stored.environment!.modelHash).toBe(modelHash(m));
    });
  }

  it('an older converter wrote no hash, and an update keeps it absent', () => {
    const m = load('mobilenet_v2_035_96_embedder_drq');
    const bytes = metadataBytes(m, CONVERSION_METADATA)!;
    expect(decodeConversionMetadata(bytes)!.environment!.modelHash).toBe(0n);
    expect(decodeConversionMetadata(updatedConversionMetadata(bytes, m, PTQ_DYNAMIC_RANGE)!)!.environment!.modelHash).toBe(0n);
  });
});
