// `npm run agreement`: our interpreter against the official TFLite runtime, model by model.
//
// For every model with whole-model goldens (src/core/testing/goldens/models, made by
// `npm run goldens` from the official runtime in @tensorflow/tfjs-tflite), runs our Interpreter on
// the same seeded inputs and prints the worst difference relative to the output's largest
// magnitude, how many output values are bit-identical, and whether the top class (argmax of the
// last dimension) agrees; with the default WebAssembly SIMD float kernels and with the scalar
// JavaScript ones (both sum in XNNPACK's order, so they should print the same). Needs the models
// in ../shared/models (or QUANTLAB_MODELS); says so and exits when they are absent.

import { Interpreter } from '../src/core/interpreter/interpreter';
import { setSimdEnabled } from '../src/core/interpreter/simd/kernels';
import { atStoredIndices, modelGoldenNames, type ModelGolden } from '../src/core/testing/goldens/index';
import {
  SHARED_MODELS_SKIP_REASON, sharedModelWithGoldens, sharedModelsAvailable,
} from '../src/core/testing/goldens/shared_models';
import { maxRelDiff } from '../src/core/testing/tolerance';

function argmaxRows(data: ArrayLike<number>, depth: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < data.length / depth; r++) {
    let best = 0;
    for (let c = 1; c < depth; c++) if (data[r * depth + c] > data[r * depth + best]) best = c;
    out.push(best);
  }
  return out;
}

function main(): void {
  if (!sharedModelsAvailable()) {
    console.log(SHARED_MODELS_SKIP_REASON);
    return;
  }
  console.log('model | kind | seeds | max rel diff (SIMD, default) | bit-identical values (SIMD) | max rel diff (scalar JS) | same argmax (SIMD)');
  console.log('---|---|---|---|---|---|---');
  for (const name of modelGoldenNames()) {
    const { bytes, golden } = sharedModelWithGoldens(name);
    if (golden.skipped) {
      console.log(`${name} | – | – | official runtime refused it (see src/core/testing/goldens/litert) | – | – | –`);
      continue;
    }
    const simd = compare(bytes, golden, true);
    const scalar = compare(bytes, golden, false);
    const kind = /drq|dynrange/.test(name) ? 'DRQ (hybrid)' : 'float';
    const argmax = simd.rows ? `${simd.same}/${simd.rows}` : 'sampled output';
    const identical = `${simd.identical}/${simd.values}`;
    console.log(`${name} | ${kind} | ${golden.cases.length} | ${simd.worst.toExponential(2)} | ${identical} | ${scalar.worst.toExponential(2)} | ${argmax}`);
  }
}

interface Agreement { worst: number; identical: number; values: number; same: number; rows: number }

function compare(bytes: Uint8Array, golden: ModelGolden, simd: boolean): Agreement {
  setSimdEnabled(simd);
  try {
    const interp = Interpreter.create(bytes, { fileName: golden.file });
    let worst = 0;
    let identical = 0;
    let values = 0;
    let same = 0;
    let rows = 0;
    for (const c of golden.cases) {
      interp.reset();
      const outs = interp.invoke(c.inputs);
      outs.forEach((o, i) => {
        const e = c.outputs[i];
        const ours = atStoredIndices(e, o.data) as Float32Array;
        const theirs = e.values as Float32Array;
        worst = Math.max(worst, maxRelDiff(ours, theirs));
        values += theirs.length;
        identical += theirs.filter((v, k) => Object.is(v, ours[k])).length;
        if (e.complete && e.dtype === 'float32') {
          const depth = e.shape[e.shape.length - 1];
          const a = argmaxRows(o.data as Float32Array, depth);
          const b = argmaxRows(e.values as Float32Array, depth);
          rows += a.length;
          same += a.filter((v, k) => v === b[k]).length;
        }
      });
    }
    return { worst, identical, values, same, rows };
  } finally {
    setSimdEnabled(true);
  }
}

main();
