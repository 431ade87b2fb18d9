// Whole-model goldens: each shared model, 3 seeded random inputs of the model's own dtype/shape,
// each run on a fresh interpreter (LSTM state starts from zeros), outputs stored in full, or as a
// strided sample plus max/mean |output| when an output is large (deeplab: 257×257×21 floats).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readModel } from '../../src/core/tflite/reader';
import { operatorName } from '../../src/core/tflite/op_names';
import { drawModelInputs, type Gen } from '../../src/core/testing/goldens/case';
import { GOLDENS_FORMAT, toBase64, type ModelGoldensJson, type ModelOutputJson, type RuntimeInfo } from '../../src/core/testing/goldens/format';
import { SHARED_MODELS_DIR, sha256Hex } from '../../src/core/testing/goldens/shared_models';
import { errorText, executionPlan, loadOfficial } from './official_runtime';
import { stableJson } from './stable_json';
import type { TypedArray } from '../../src/core/interpreter/kernel';

export const SEEDS = [1, 2, 3];
/** Outputs with more elements than this are stored as a strided sample of about SAMPLE_SIZE. */
const FULL_LIMIT = 4096;
const SAMPLE_SIZE = 2048;

const image: Gen = { kind: 'uniform', lo: 0, hi: 1 };

/** How each model's inputs are drawn (one Gen per input), or why the model has no goldens. */
export const MODEL_SPECS: Record<string, (bytes: Uint8Array) => Gen[]> = {
  hello_world_dense_float: () => [{ kind: 'uniform', lo: 0, hi: 2 * Math.PI }], // x of sin(x)
  mnist_cnn_float: () => [image],
  mnist_cnn_drq: () => [image],
  mnist_codelab_dynrange: () => [image],
  mnist_autokeras_float: () => [{ kind: 'int', lo: 0, hi: 255 }], // raw uint8 pixels
  mnist_lstm_float: () => [image],
  har_mlp_float: () => [{ kind: 'uniform', lo: -1, hi: 1 }], // HAR features are scaled to [-1, 1]
  har_mlp_float16: () => [{ kind: 'uniform', lo: -1, hi: 1 }],
  har_mlp_drq: () => [{ kind: 'uniform', lo: -1, hi: 1 }],
  mobilenet_v1_025_96_gray_vww_float: () => [image],
  deeplabv3_mobilenet_v2_257_float: () => [image],
  mobilenet_v2_035_96_embedder_drq: () => [image],
  text_embedding_gather_mean_float: (bytes) => [{ kind: 'int', lo: 0, hi: gatherTableRows(bytes) - 1 }],
};

/** Files this runtime is known to refuse, and why (checked: the refusal must still happen). */
const KNOWN_REFUSALS: Record<string, string> = {
  har_mlp_drq: 'FULLY_CONNECTED v12 (per-channel hybrid FC, TF ≥ 2.17 converters) is newer than this runtime (TF ≈ 2.12 kernels)',
};

/** Token ids must index the GATHER table: its first dimension. */
function gatherTableRows(bytes: Uint8Array): number {
  const model = readModel(bytes);
  const sg = model.subgraphs[0];
  const op = sg.operators.find((o) => operatorName(model, o.opcodeIndex) === 'GATHER');
  if (!op) throw new Error('text embedding model has no GATHER');
  return sg.tensors[op.inputs[0]].shape[0];
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function storeOutput(dtype: ModelOutputJson['dtype'], shape: number[], data: TypedArray): ModelOutputJson {
  let maxAbs = 0;
  let sumAbs = 0;
  for (let i = 0; i < data.length; i++) {
    const a = Math.abs(Number(data[i]));
    if (a > maxAbs) maxAbs = a;
    sumAbs += a;
  }
  const stats = { maxAbs, meanAbs: data.length ? sumAbs / data.length : 0 };
  if (data.length <= FULL_LIMIT) {
    return { dtype, shape, base64: toBase64(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)), sample: null, ...stats };
  }
  // A stride coprime with the channel count, so the sample visits every channel.
  const channels = shape[shape.length - 1] ?? 1;
  let stride = Math.ceil(data.length / SAMPLE_SIZE);
  while (gcd(stride, channels) !== 1) stride++;
  const start = stride >> 1;
  const count = Math.floor((data.length - 1 - start) / stride) + 1;
  const picked = new (data.constructor as new (n: number) => TypedArray)(count);
  for (let k = 0; k < count; k++) picked[k] = data[start + k * stride];
  return {
    dtype, shape, base64: toBase64(new Uint8Array(picked.buffer)), sample: { start, stride, count }, ...stats,
  };
}

/** The golden file of one shared model (skipped, with the runtime's reason, if it refuses the file). */
export async function modelGoldensJson(name: string, runtime: RuntimeInfo): Promise<ModelGoldensJson> {
  const file = `${name}.tflite`;
  const bytes = new Uint8Array(readFileSync(path.join(SHARED_MODELS_DIR, file)));
  const head = { format: GOLDENS_FORMAT, name, file, sha256: sha256Hex(bytes), bytes: bytes.length, runtime };
  let probe;
  try {
    probe = await loadOfficial(bytes, { name });
  } catch (e) {
    const known = KNOWN_REFUSALS[name];
    return { ...head, skipped: known ? `${known}: ${errorText(e)}` : errorText(e), inputs: [], outputs: [], plan: null, cases: [] };
  }
  const { inputs: inInfo, outputs: outInfo } = probe;
  probe.delete();
  const gens = MODEL_SPECS[name](bytes);
  if (gens.length !== inInfo.length) throw new Error(`${name}: ${gens.length} input gens for ${inInfo.length} inputs`);
  const inputs = inInfo.map((t, k) => ({ name: t.name, dtype: t.dtype, shape: t.shape, gen: gens[k] }));
  const cases = [];
  for (const seed of SEEDS) {
    const drawn = drawModelInputs(seed, inputs);
    const m = await loadOfficial(bytes, { name }); // fresh interpreter: no state carried between seeds
    try {
      const outs = m.run(drawn.values);
      cases.push({ seed, checksum: drawn.checksum, outputs: outs.map((o) => storeOutput(o.dtype, o.shape, o.data)) });
    } finally {
      m.delete();
    }
  }
  const plan = await executionPlan(bytes, drawModelInputs(SEEDS[0], inputs).values, { name });
  return {
    ...head, skipped: null, inputs, outputs: outInfo.map((o) => ({ name: o.name, dtype: o.dtype, shape: o.shape })),
    plan: {
      xnnpackPartitions: plan.filter((p) => p.nodeType === 'TfLiteXNNPackDelegate').length,
      builtinNodes: plan.filter((p) => p.nodeType !== 'TfLiteXNNPackDelegate').map((p) => `${p.nodeType} ${p.nodeName}`),
    },
    cases,
  };
}

/** Writes models/<name>.json for each name; returns the unexpected results (refusals) as text. */
export function knownRefusal(name: string): string | null {
  return KNOWN_REFUSALS[name] ?? null;
}

export async function makeModelGoldens(names: string[], outDir: string, runtime: RuntimeInfo): Promise<string[]> {
  if (!existsSync(SHARED_MODELS_DIR)) {
    throw new Error(`model goldens need the shared models: ${SHARED_MODELS_DIR} not found (set QUANTLAB_MODELS=dir)`);
  }
  mkdirSync(outDir, { recursive: true });
  const surprises: string[] = [];
  for (const name of names) {
    if (!MODEL_SPECS[name]) throw new Error(`no model spec for ${name} (known: ${Object.keys(MODEL_SPECS).join(', ')})`);
    const json = await modelGoldensJson(name, runtime);
    const text = stableJson(json);
    writeFileSync(path.join(outDir, `${name}.json`), text);
    const what = json.skipped ? `SKIPPED: ${json.skipped}` : `${json.cases.length} cases, xnnpack partitions ${json.plan?.xnnpackPartitions}`;
    console.log(`models/${name}.json: ${what}, ${text.length} bytes`);
    if (json.skipped && !KNOWN_REFUSALS[name]) surprises.push(`${name}: ${json.skipped}`);
    if (!json.skipped && KNOWN_REFUSALS[name]) surprises.push(`${name}: expected a refusal, but the runtime ran it`);
  }
  return surprises;
}
