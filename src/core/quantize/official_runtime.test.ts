// The official TFLite runtime (tfjs-tflite's wasm build, tools/goldens/official_runtime.ts) loads
// the files we write and computes exactly what it computes on the official converter's files.
// Its TFLite is older than FULLY_CONNECTED v12 (it refuses har_mlp_drq itself), so the tf2.21
// output is checked for that refusal only; tf2.14's v9 FC is the compatible choice for it.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOfficial } from '../../../tools/goldens/official_runtime';
import { SHARED_MODELS_DIR, SHARED_MODELS_SKIP_REASON, sharedModelsAvailable } from '../testing/goldens/shared_models';
import { makeRng } from '../util/rng';
import { quantizeFile } from './pipeline';
import { makePolicy, type QuantPolicy } from './policy';

const available = sharedModelsAvailable();
if (!available) it.skip(SHARED_MODELS_SKIP_REASON, () => {});
const load = (name: string) => new Uint8Array(readFileSync(path.join(SHARED_MODELS_DIR, `${name}.tflite`)));

/** Runs a file on `n` seeded random inputs (uniform in [lo, hi)) and returns every output value. */
async function outputs(bytes: Uint8Array, name: string, n: number, lo: number, hi: number): Promise<Float32Array[]> {
  const m = await loadOfficial(bytes, { name });
  try {
    const rng = makeRng(11);
    const size = m.inputs[0]!.shape.reduce((a, b) => a * b, 1);
    const out: Float32Array[] = [];
    for (let k = 0; k < n; k++) out.push(m.run([rng.floats(size, lo, hi)])[0]!.data as Float32Array);
    return out;
  } finally {
    m.delete();
  }
}

async function expectSameAsOfficial(floatName: string, officialName: string, policy: QuantPolicy, lo = 0, hi = 1): Promise<void> {
  const ours = await quantizeFile(load(floatName), policy);
  const a = await outputs(ours.bytes, `ours(${floatName})`, 5, lo, hi);
  const b = await outputs(load(officialName), officialName, 5, lo, hi);
  expect(a.map((x) => Array.from(x))).toEqual(b.map((x) => Array.from(x)));
}

describe.skipIf(!available)('official runtime on our quantized files', () => {
  it('pair A (tf2.4): bit-identical outputs to mnist_cnn_drq', async () => {
    await expectSameAsOfficial('mnist_cnn_float', 'mnist_cnn_drq', makePolicy({ preset: 'tf2.4' }));
  });

  it('float16 mode: bit-identical outputs to har_mlp_float16', async () => {
    await expectSameAsOfficial('har_mlp_float', 'har_mlp_float16', makePolicy({ mode: 'float16' }), -1, 1);
  });

  it('tf2.14 loads (FC v9) and stays close to the float model', async () => {
    const ours = await quantizeFile(load('har_mlp_float'), makePolicy({ preset: 'tf2.14' }));
    const q = await outputs(ours.bytes, 'ours(har tf2.14)', 5, -1, 1);
    const f = await outputs(load('har_mlp_float'), 'har_mlp_float', 5, -1, 1);
    for (let k = 0; k < q.length; k++) {
      for (let i = 0; i < q[k]!.length; i++) expect(Math.abs(q[k]![i]! - f[k]![i]!)).toBeLessThan(0.05);
    }
  });

  it('a CNN (CONV_2D + DEPTHWISE_CONV_2D) quantized by every policy loads and stays close to the float model', async () => {
    // tf2.4 exercises the legacy weight-only DEPTHWISE path (7 DEQUANTIZE ops), float16 56 of them.
    const name = 'mobilenet_v1_025_96_gray_vww_float';
    const f = await outputs(load(name), name, 2, 0, 1);
    for (const policy of [makePolicy({ preset: 'tf2.4' }), makePolicy({ preset: 'tf2.14' }), makePolicy(), makePolicy({ mode: 'float16' })]) {
      const ours = await quantizeFile(load(name), policy);
      expect(ours.report.dequantizeOpsAdded).toBe(policy.mode === 'float16' ? 56 : policy.preset === 'tf2.4' ? 7 : 0);
      const q = await outputs(ours.bytes, `ours(${name} ${policy.preset} ${policy.mode})`, 2, 0, 1);
      for (let k = 0; k < q.length; k++) {
        for (let i = 0; i < q[k]!.length; i++) expect(Math.abs(q[k]![i]! - f[k]![i]!)).toBeLessThan(0.01);
      }
    }
  });

  it('tf2.21 (FC v12) is refused by this older runtime, exactly like the official har_mlp_drq', async () => {
    const ours = await quantizeFile(load('har_mlp_float'), makePolicy());
    await expect(loadOfficial(ours.bytes, { name: 'ours' })).rejects.toThrow(/FULLY_CONNECTED' version '12'/);
    await expect(loadOfficial(load('har_mlp_drq'), { name: 'har_mlp_drq' })).rejects.toThrow(/FULLY_CONNECTED' version '12'/);
  });
});
