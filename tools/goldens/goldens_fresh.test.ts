// The committed goldens are current: running the official runtime again on every op case and
// every shared model gives exactly the stored results (same outputs bit for bit, same refusals,
// same execution plans). Fails when op_cases.ts, case.ts, the model builder or the writer changed
// what the runtime sees without `npm run goldens` being re-run.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MODEL_GOLDENS_DIR, OP_GOLDENS_DIR } from '../../src/core/testing/goldens/index';
import { SHARED_MODELS_SKIP_REASON, sharedModelsAvailable } from '../../src/core/testing/goldens/shared_models';
import type { ModelGoldensJson, OpGoldensJson } from '../../src/core/testing/goldens/format';
import { OP_CASES } from './op_cases';
import { opGoldensJson } from './op_goldens';
import { MODEL_SPECS, modelGoldensJson } from './model_goldens';
import { RUNTIME } from './official_runtime';

const stored = <T>(dir: string, name: string): T => JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as T;

describe('op goldens are current', () => {
  for (const op of Object.keys(OP_CASES)) {
    it(op, async () => {
      const { json, surprises } = await opGoldensJson(op, RUNTIME);
      expect(surprises).toEqual([]);
      // Through JSON, as the file was written (drops undefined fields).
      expect(JSON.parse(JSON.stringify(json.cases))).toEqual(stored<OpGoldensJson>(OP_GOLDENS_DIR, op).cases);
    });
  }
});

const have = sharedModelsAvailable();
describe.skipIf(!have)(`model goldens are current${have ? '' : ` (${SHARED_MODELS_SKIP_REASON})`}`, () => {
  for (const name of Object.keys(MODEL_SPECS)) {
    it(name, async () => {
      const json = await modelGoldensJson(name, RUNTIME);
      const old = stored<ModelGoldensJson>(MODEL_GOLDENS_DIR, name);
      expect(json.sha256).toBe(old.sha256);
      expect(json.skipped).toBe(old.skipped);
      expect(json.plan).toEqual(old.plan);
      expect(JSON.parse(JSON.stringify(json.cases))).toEqual(old.cases);
    });
  }
});
