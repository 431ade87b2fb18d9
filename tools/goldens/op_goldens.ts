// Op goldens: each case of op_cases.ts is materialised (model + seeded inputs), written to a
// .tflite with our writer, run once through the official runtime, and stored with the outputs it
// printed, the runtime's error if it refused, and whether XNNPACK took the op.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeModel } from '../../src/core/tflite/writer';
import { materialiseOpCase } from '../../src/core/testing/goldens/case';
import { GOLDENS_FORMAT, toBase64, type OpGoldenCaseJson, type OpGoldensJson, type RuntimeInfo } from '../../src/core/testing/goldens/format';
import { opCasesFor } from './op_cases';
import { errorText, executionPlan, loadOfficial } from './official_runtime';
import { stableJson } from './stable_json';

export async function runOpCase(c: ReturnType<typeof opCasesFor>[number]): Promise<OpGoldenCaseJson> {
  const { expectError = false, name: caseName, op, ...rest } = c;
  const desc = { name: caseName, op, ...rest };
  const m = materialiseOpCase(desc);
  const bytes = writeModel(m.model);
  const name = `${c.op}/${c.name}`;
  const inputs = m.inputs.map((v) => v.data);
  const base = { ...desc, expectError, checksum: m.checksum };
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
      expected: outs.map((o) => ({ dtype: o.dtype, shape: o.shape, base64: toBase64(new Uint8Array(o.data.buffer, o.data.byteOffset, o.data.byteLength)) })),
      error: null,
    };
  } catch (e) {
    return { ...base, xnnpack: null, expected: [], error: errorText(e) };
  } finally {
    official.delete();
  }
}

/** The golden file of one op, plus the results nobody intended (as text). */
export async function opGoldensJson(op: string, runtime: RuntimeInfo): Promise<{ json: OpGoldensJson; surprises: string[] }> {
  const surprises: string[] = [];
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
  return { json: { format: GOLDENS_FORMAT, op, runtime, cases }, surprises };
}

export async function makeOpGoldens(ops: string[], outDir: string, runtime: RuntimeInfo): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  const surprises: string[] = [];
  for (const op of ops) {
    const r = await opGoldensJson(op, runtime);
    surprises.push(...r.surprises);
    const text = stableJson(r.json);
    writeFileSync(path.join(outDir, `${op}.json`), text);
    const refused = r.json.cases.filter((g) => g.error).length;
    console.log(`ops/${op}.json: ${r.json.cases.length} cases (${refused} refused), ${text.length} bytes`);
  }
  return surprises;
}
