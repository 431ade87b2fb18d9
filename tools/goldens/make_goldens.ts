// Regenerates every golden: runs the op cases (op_cases.ts) and the shared models through the
// official TFLite runtime and writes src/core/testing/goldens/{ops,models}/*.json.
//
//   npm run goldens                       # everything (needs ../shared/models or QUANTLAB_MODELS)
//   npm run goldens -- --ops [OP ...]     # op goldens only (optionally some ops)
//   npm run goldens -- --models [NAME ...]

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeModel } from '../../src/core/tflite/writer';
import { materialiseOpCase } from '../../src/core/testing/goldens/case';
import { GOLDENS_FORMAT, toBase64, type OpGoldenCaseJson, type OpGoldensJson, type RuntimeInfo } from '../../src/core/testing/goldens/format';
import { OP_CASES, opCasesFor } from './op_cases';
import { executionPlan, loadOfficial, OfficialRuntimeError } from './official_runtime';
import { makeModelGoldens, MODEL_SPECS } from './model_goldens';
import { stableJson } from './stable_json';
import type { TypedArray } from '../../src/core/interpreter/kernel';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const GOLDENS_DIR = path.resolve(HERE, '../../src/core/testing/goldens');

export const RUNTIME: RuntimeInfo = {
  package: '@tensorflow/tfjs-tflite@0.0.1-alpha.10',
  wasm: 'tflite_web_api_cc_simd.wasm',
  engine: `node ${process.version}`,
  xnnpack: 'default XNNPACK delegate, always on (the web API cannot disable it)',
};

export function bytesOfArray(a: TypedArray): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function errorText(e: unknown): string {
  if (e instanceof OfficialRuntimeError) return [e.message.split('\n')[0], ...e.log].join(' | ');
  return e instanceof Error ? e.message : String(e);
}

async function runOpCase(c: ReturnType<typeof opCasesFor>[number]): Promise<OpGoldenCaseJson> {
  const { expectError = false, ...desc } = c;
  const m = materialiseOpCase(desc);
  const bytes = writeModel(m.model);
  const name = `${c.op}/${c.name}`;
  const inputs = m.inputs.map((v) => v.data);
  const base = { name: desc.name, op: desc.op, ...desc, expectError, checksum: m.checksum };
  let official;
  try {
    official = await loadOfficial(bytes, { name });
  } catch (e) {
    return { ...base, xnnpack: null, expected: [], error: errorText(e) };
  }
  try {
    const outs = official.run(inputs);
    const plan = await executionPlan(bytes, inputs, { name });
    return {
      ...base,
      xnnpack: plan.some((p) => p.nodeType === 'TfLiteXNNPackDelegate'),
      expected: outs.map((o) => ({ dtype: o.dtype, shape: o.shape, base64: toBase64(bytesOfArray(o.data)) })),
      error: null,
    };
  } catch (e) {
    return { ...base, xnnpack: null, expected: [], error: errorText(e) };
  } finally {
    official.delete();
  }
}

async function makeOpGoldens(ops: string[]): Promise<string[]> {
  const dir = path.join(GOLDENS_DIR, 'ops');
  mkdirSync(dir, { recursive: true });
  const surprises: string[] = [];
  for (const op of ops) {
    const cases: OpGoldenCaseJson[] = [];
    for (const c of opCasesFor(op)) {
      const g = await runOpCase(c);
      if (g.error && !g.expectError) surprises.push(`${op}/${c.name}: refused: ${g.error}`);
      if (!g.error && g.expectError) surprises.push(`${op}/${c.name}: expected a refusal, but the runtime ran it`);
      g.expected.forEach((e, k) => {
        const declared = c.outputs[k].shape;
        if (e.shape.join(',') !== declared.join(',')) surprises.push(`${op}/${c.name}: output ${k} is [${e.shape}], the case declares [${declared}]`);
      });
      cases.push(g);
    }
    const json: OpGoldensJson = { format: GOLDENS_FORMAT, op, runtime: RUNTIME, cases };
    const file = path.join(dir, `${op}.json`);
    const text = stableJson(json);
    writeFileSync(file, text);
    const refused = cases.filter((g) => g.error).length;
    console.log(`ops/${op}.json: ${cases.length} cases (${refused} refused), ${text.length} bytes`);
  }
  return surprises;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = args[0] === '--ops' || args[0] === '--models' ? args[0] : null;
  const names = only ? args.slice(1) : [];
  const surprises: string[] = [];
  if (only !== '--models') surprises.push(...(await makeOpGoldens(only === '--ops' && names.length ? names : Object.keys(OP_CASES))));
  if (only !== '--ops') {
    const chosen = only === '--models' && names.length ? names : Object.keys(MODEL_SPECS);
    surprises.push(...(await makeModelGoldens(chosen, path.join(GOLDENS_DIR, 'models'), RUNTIME)));
  }
  if (surprises.length) {
    console.log(`\n${surprises.length} unexpected result(s):\n  ${surprises.join('\n  ')}`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(`goldens: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
});
