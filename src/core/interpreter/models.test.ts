// Whole real models (../shared/models, made by Google's converter) through our Interpreter,
// compared with the official runtime's outputs stored as goldens (src/core/testing/goldens/models).
// Skipped, visibly, when ../shared/models is absent. (DRQ models are the hybrid kernels' tests.)

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FullIntegerModelError } from './errors';
import { Interpreter } from './interpreter';
import type { TensorValue } from './kernel';
import { atStoredIndices } from '../testing/goldens/index';
import { SHARED_MODELS_DIR, SHARED_MODELS_SKIP_REASON, sharedModelWithGoldens, sharedModelsAvailable } from '../testing/goldens/shared_models';
import { maxRelDiff } from '../testing/tolerance';

const available = sharedModelsAvailable();

/**
 * Float models our kernels cover, with the agreement each reaches. rel 0 = bit for bit: our
 * kernels add up as the official runtime's do, XNNPACK's or, for graphs it runs wholly on TFLite's
 * builtin kernels (mnist_cnn_float, the VWW MobileNet; the LSTM op everywhere), those kernels'.
 */
const FLOAT_MODELS: { name: string; rel: number; softmaxOutput: boolean }[] = [
  { name: 'mnist_cnn_float', rel: 0, softmaxOutput: false },
  { name: 'hello_world_dense_float', rel: 0, softmaxOutput: false },
  { name: 'har_mlp_float', rel: 0, softmaxOutput: true },
  { name: 'har_mlp_float16', rel: 0, softmaxOutput: true },
  { name: 'mobilenet_v1_025_96_gray_vww_float', rel: 0, softmaxOutput: true },
  { name: 'mnist_lstm_float', rel: 0, softmaxOutput: true },
  { name: 'mnist_autokeras_float', rel: 0, softmaxOutput: true },
  { name: 'text_embedding_gather_mean_float', rel: 0, softmaxOutput: false },
  { name: 'deeplabv3_mobilenet_v2_257_float', rel: 0, softmaxOutput: false },
];

function rowSums(v: TensorValue): number[] {
  const depth = v.shape[v.shape.length - 1];
  const d = v.data as Float32Array;
  const sums: number[] = [];
  for (let r = 0; r < d.length / depth; r++) {
    let s = 0;
    for (let c = 0; c < depth; c++) s += d[r * depth + c];
    sums.push(s);
  }
  return sums;
}

describe.skipIf(!available)('real float models vs the official runtime', () => {
  for (const m of FLOAT_MODELS) {
    it(`${m.name}: output shapes, sanity and agreement (${m.rel === 0 ? 'bit for bit' : `maxRelDiff ≤ ${m.rel}`})`, () => {
      const { bytes, golden } = sharedModelWithGoldens(m.name);
      expect(golden.skipped).toBeNull();
      const interp = Interpreter.create(bytes, { fileName: golden.file });
      for (const c of golden.cases) {
        interp.reset(); // stateful graphs (LSTM) start fresh, as the goldens did
        const outs = interp.invoke(c.inputs);
        expect(outs.length).toBe(c.outputs.length);
        outs.forEach((o, i) => {
          const e = c.outputs[i];
          expect(o.shape).toEqual(e.shape);
          const ours = atStoredIndices(e, o.data);
          const d = maxRelDiff(ours as Float32Array, e.values as Float32Array);
          expect(d, `${m.name} seed ${c.seed} output ${i}`).toBeLessThanOrEqual(m.rel);
          if (m.softmaxOutput) for (const s of rowSums(o)) expect(Math.abs(s - 1)).toBeLessThan(1e-5);
        });
      }
    });
  }

  it('mnist_cnn_float: a batch of 3 in one invoke equals 3 single invokes (dynamic batch through SHAPE/STRIDED_SLICE/PACK)', () => {
    const { bytes, golden } = sharedModelWithGoldens('mnist_cnn_float');
    const interp = Interpreter.create(bytes);
    const singles = golden.cases.map((c) => interp.invoke(c.inputs)[0]);
    const batch = new Float32Array(golden.cases.length * 784);
    golden.cases.forEach((c, k) => batch.set(c.inputs[0].data as Float32Array, k * 784));
    const [out] = interp.invoke([batch]); // bare typed array: [n, 28, 28] inferred from the length
    expect(out.shape).toEqual([golden.cases.length, 10]);
    singles.forEach((s, k) => expect(Array.from((out.data as Float32Array).subarray(k * 10, k * 10 + 10))).toEqual(Array.from(s.data as Float32Array)));
  });

  it('full-integer files are refused at create with the app message', () => {
    for (const name of ['hello_world_dense_int8', 'simple_add_model', 'person_detect', 'keyword_scrambled']) {
      const bytes = new Uint8Array(readFileSync(path.join(SHARED_MODELS_DIR, `${name}.tflite`)));
      expect(() => Interpreter.create(bytes), name).toThrow(FullIntegerModelError);
      expect(() => Interpreter.create(bytes), name).toThrow(/this app runs float and dynamic-range models; this is a full-integer model/);
    }
  });
});

describe.runIf(!available)('real float models', () => {
  it(SHARED_MODELS_SKIP_REASON, (ctx) => {
    console.log(SHARED_MODELS_SKIP_REASON);
    ctx.skip();
  });
});
