// Whole real models (../shared/models, made by Google's converter) that exercise the second batch
// of kernels, run by our Interpreter and compared with the official runtime's whole-model goldens
// (3 seeded inputs each; deeplab's output is compared at the goldens' strided sample):
//   mnist_lstm_float                  UNIDIRECTIONAL_SEQUENCE_LSTM
//   har_mlp_float16                   DEQUANTIZE (float16 weights)
//   text_embedding_gather_mean_float  GATHER, MEAN
//   mnist_autokeras_float             CAST (uint8 pixels), EXPAND_DIMS
//   deeplabv3_mobilenet_v2_257_float  ADD, CONCATENATION, RESIZE_BILINEAR, AVERAGE_POOL_2D
// Skipped, visibly, when ../shared/models is absent.

import { describe, expect, it } from 'vitest';
import { readModel } from '../../tflite/reader';
import { operatorCodeName } from '../../tflite/op_names';
import { atStoredIndices } from '../../testing/goldens/index';
import { SHARED_MODELS_SKIP_REASON, sharedModelsAvailable, sharedModelWithGoldens } from '../../testing/goldens/shared_models';
import { maxRelDiff } from '../../testing/tolerance';
import { Interpreter } from '../interpreter';

const MODELS: { name: string; ops: string[]; maxRel: number; probabilities: boolean }[] = [
  { name: 'mnist_lstm_float', ops: ['UNIDIRECTIONAL_SEQUENCE_LSTM'], maxRel: 2e-6, probabilities: true },
  { name: 'har_mlp_float16', ops: ['DEQUANTIZE'], maxRel: 2e-6, probabilities: true },
  { name: 'text_embedding_gather_mean_float', ops: ['GATHER', 'MEAN'], maxRel: 5e-6, probabilities: false },
  { name: 'mnist_autokeras_float', ops: ['CAST', 'EXPAND_DIMS'], maxRel: 2e-6, probabilities: true },
  { name: 'deeplabv3_mobilenet_v2_257_float', ops: ['ADD', 'CONCATENATION', 'RESIZE_BILINEAR', 'AVERAGE_POOL_2D'], maxRel: 5e-6, probabilities: false },
];

const available = sharedModelsAvailable();
if (!available) it.skip(SHARED_MODELS_SKIP_REASON, () => {});

describe.skipIf(!available)('real models using the second batch of kernels, vs the official runtime', () => {
  for (const m of MODELS) {
    it(`${m.name}: ${m.ops.join(', ')}`, () => {
      const { bytes, golden } = sharedModelWithGoldens(m.name);
      const model = readModel(bytes, m.name);
      const used = new Set(model.subgraphs[0].operators.map((op) => operatorCodeName(model.operatorCodes[op.opcodeIndex])));
      for (const op of m.ops) expect(used, `${m.name} uses ${op}`).toContain(op);
      expect(golden.cases.length).toBeGreaterThanOrEqual(3);
      const interp = Interpreter.create(model);
      for (const c of golden.cases) {
        interp.reset(); // the official goldens used a fresh interpreter per input (LSTM state)
        const outs = interp.invoke(c.inputs);
        expect(outs.length).toBe(c.outputs.length);
        c.outputs.forEach((o, i) => {
          const ours = outs[i];
          expect(ours.shape).toEqual(o.shape);
          const d = maxRelDiff(atStoredIndices(o, ours.data), o.values);
          expect(d, `seed ${c.seed} output ${i}: maxRelDiff ${d}`).toBeLessThanOrEqual(m.maxRel);
          let maxAbs = 0;
          for (const v of ours.data as Float32Array) maxAbs = Math.max(maxAbs, Math.abs(v));
          expect(Math.abs(maxAbs - o.maxAbs)).toBeLessThanOrEqual(1e-5 * o.maxAbs);
          if (m.probabilities) {
            const p = Array.from(ours.data as Float32Array);
            expect(Math.abs(p.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-5);
            const official = Array.from(o.values as Float32Array);
            expect(p.indexOf(Math.max(...p))).toBe(official.indexOf(Math.max(...official)));
          }
        });
      }
    });
  }
});
