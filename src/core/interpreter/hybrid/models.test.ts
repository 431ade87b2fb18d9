// Whole dynamic-range models (../shared/models, made by Google's converter) through our Interpreter,
// against the official runtimes: tfjs-tflite (TFLite ≈ 2.12 builtin hybrid kernels; goldens in
// src/core/testing/goldens/models) and, for FULLY_CONNECTED v12 which that runtime cannot load,
// LiteRT.js (goldens in src/core/testing/goldens/litert). Skipped, visibly, without ../shared/models.
//
// Why the float kernels matter here: a hybrid op quantizes each input row (or image) with a scale
// taken from the row's min and max. One ulp of difference in an upstream float op can move that
// min/max, change the scale, and flip single int8 codes, each flip moving outputs by about input
// scale × weight scale × |w|. Our float CONV_2D / DEPTHWISE_CONV_2D / FULLY_CONNECTED therefore sum
// in XNNPACK's order (util/xnnpack_order.ts), on the SIMD and the JavaScript paths alike.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TensorValue } from '../kernel';
import { Interpreter } from '../interpreter';
import { setSimdEnabled } from '../simd/kernels';
import { atStoredIndices } from '../../testing/goldens/index';
import { litertGoldens, truncateModel } from '../../testing/goldens/litert/index';
import { SHARED_MODELS_DIR, SHARED_MODELS_SKIP_REASON, sha256Hex, sharedModelWithGoldens, sharedModelsAvailable } from '../../testing/goldens/shared_models';
import { refXnnpackQd8FullyConnected } from '../../testing/reference/hybrid_xnnpack';
import { maxRelDiff } from '../../testing/tolerance';
import { readModel } from '../../tflite/reader';
import { constantData } from '../../tflite/tensor_data';
import type { FullyConnectedOptions } from '../../tflite/options';

const available = sharedModelsAvailable();

const DRQ_MODELS = ['mnist_cnn_drq', 'mnist_codelab_dynrange', 'mobilenet_v2_035_96_embedder_drq'];

/** Our outputs vs the stored official ones: maxRelDiff per output, and whether every value is equal. */
function compare(name: string, simd: boolean): { seed: number; rel: number; exact: boolean }[] {
  setSimdEnabled(simd);
  const { bytes, golden } = sharedModelWithGoldens(name);
  const interp = Interpreter.create(bytes, { fileName: golden.file });
  return golden.cases.map((c) => {
    const [out] = interp.invoke(c.inputs);
    const e = c.outputs[0];
    expect(out.shape).toEqual(e.shape);
    const ours = atStoredIndices(e, out.data) as Float32Array;
    return { seed: c.seed, rel: maxRelDiff(ours, e.values as Float32Array), exact: ours.every((v, i) => v === (e.values as Float32Array)[i]) };
  });
}

describe.skipIf(!available)('DRQ models vs the official runtime (tfjs-tflite, builtin hybrid kernels)', () => {
  afterAll(() => setSimdEnabled(true));

  for (const name of DRQ_MODELS) {
    it(`${name}: every seed within 1e-6 of max |output| (float kernels on their JavaScript paths)`, () => {
      const r = compare(name, false);
      expect(r.length).toBe(3);
      for (const c of r) expect(c.rel, `${name} seed ${c.seed}`).toBeLessThanOrEqual(1e-6);
    });
  }

  it('mnist_codelab_dynrange: 3 images in one invoke equal 3 single invokes (per-image quantization)', () => {
    setSimdEnabled(true);
    const { bytes, golden } = sharedModelWithGoldens('mnist_codelab_dynrange');
    const interp = Interpreter.create(bytes);
    const singles = golden.cases.map((c) => interp.invoke(c.inputs)[0].data as Float32Array);
    const batch = new Float32Array(3 * 784);
    golden.cases.forEach((c, k) => batch.set(c.inputs[0].data as Float32Array, k * 784));
    const [out] = interp.invoke([{ dtype: 'float32', shape: [3, 28, 28, 1], data: batch, quantization: null } as TensorValue]);
    singles.forEach((s, k) => expect(Array.from((out.data as Float32Array).subarray(k * 10, k * 10 + 10))).toEqual(Array.from(s)));
  });

  it('with the float SIMD kernels too: every model and seed within 1e-6, and the same numbers as the JavaScript paths', () => {
    for (const name of DRQ_MODELS) {
      const simd = compare(name, true);
      const js = compare(name, false);
      simd.forEach((c, k) => {
        expect(c.rel, `${name} seed ${c.seed}`).toBeLessThanOrEqual(1e-6);
        expect(c.rel, `${name} seed ${c.seed}: SIMD vs JS`).toBe(js[k].rel);
        // Our float ops add up as the official runtime's (XNNPACK's, or Eigen's in the builtin
        // kernels that run all of mnist_cnn_drq): bit for bit.
        expect(c.exact, `${name} seed ${c.seed} bit for bit`).toBe(true);
      });
    }
    setSimdEnabled(true);
  });
});

describe.skipIf(!available)('har_mlp_drq (FULLY_CONNECTED v12, per-channel) vs LiteRT.js', () => {
  const bytes = available ? new Uint8Array(readFileSync(path.join(SHARED_MODELS_DIR, 'har_mlp_drq.tflite'))) : new Uint8Array(0);
  const model = available ? readModel(bytes, 'har_mlp_drq.tflite') : null;

  for (const name of ['har_mlp_drq', 'har_mlp_drq_fc1', 'har_mlp_drq_fc3']) {
    it(`${name}: ours within 1e-6 of max |output| of LiteRT.js (default and compat builds)`, () => {
      const g = litertGoldens(name);
      expect(g.sha256).toBe(sha256Hex(bytes));
      const interp = Interpreter.create(g.keepOps === null ? model! : truncateModel(model!, g.keepOps));
      for (const v of g.variants) {
        for (const c of v.cases) {
          const [y] = interp.invoke([c.input]);
          expect(maxRelDiff(y.data as Float32Array, c.expected), `${v.variant} seed ${c.seed}`).toBeLessThanOrEqual(1e-6);
        }
      }
    });
  }

  it('LiteRT.js runs XNNPACK\'s QD8 algorithm: the naive QD8 reference reproduces its first and third hybrid layer bit for bit, ours (TFLite\'s builtin algorithm) does not', () => {
    const sg = model!.subgraphs[0];
    const layers = sg.operators.slice(0, 3).map((op) => {
      const wt = sg.tensors[op.inputs[1]];
      return {
        w: { q: constantData(model!, wt) as Int8Array, scales: wt.quantization!.scale }, units: wt.shape[0], inDepth: wt.shape[1],
        bias: constantData(model!, sg.tensors[op.inputs[2]]) as Float32Array, act: (op.options as FullyConnectedOptions).fusedActivation,
      };
    });
    for (const [name, k] of [['har_mlp_drq_fc1', 1], ['har_mlp_drq_fc3', 3]] as const) {
      const g = litertGoldens(name);
      const ours = Interpreter.create(truncateModel(model!, k));
      let ourMismatches = 0;
      for (const v of g.variants) {
        for (const c of v.cases) {
          let x = c.input.data as Float32Array;
          for (const l of layers.slice(0, k)) x = refXnnpackQd8FullyConnected(x, l.w, l.units, l.inDepth, l.bias, l.act);
          expect(Array.from(x), `${name} ${v.variant} seed ${c.seed}`).toEqual(Array.from(c.expected));
          const y = ours.invoke([c.input])[0].data as Float32Array;
          ourMismatches += y.filter((val, i) => val !== c.expected[i]).length;
        }
      }
      expect(ourMismatches, name).toBeGreaterThan(0);
    }
  });
});

describe.runIf(!available)('DRQ models', () => {
  it(SHARED_MODELS_SKIP_REASON, (ctx) => {
    console.log(SHARED_MODELS_SKIP_REASON);
    ctx.skip();
  });
});
