// Regenerates every golden: runs the op cases (op_cases.ts) and the shared models through the
// official TFLite runtime and writes src/core/testing/goldens/{ops,models}/*.json.
//
//   npm run goldens                       # everything (needs ../shared/models or QUANTLAB_MODELS)
//   npm run goldens -- --ops [OP ...]     # op goldens only (optionally some ops)
//   npm run goldens -- --models [NAME ...]
// Exit code 1 when a result was not the intended one (a refusal, a shape), 2 on an error.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { OP_CASES } from './op_cases';
import { makeOpGoldens } from './op_goldens';
import { makeModelGoldens, MODEL_SPECS } from './model_goldens';
import { RUNTIME } from './official_runtime';

const GOLDENS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/core/testing/goldens');

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = args[0] === '--ops' || args[0] === '--models' ? args[0] : null;
  const names = only ? args.slice(1) : [];
  const surprises: string[] = [];
  if (only !== '--models') {
    const ops = only === '--ops' && names.length ? names : Object.keys(OP_CASES);
    surprises.push(...(await makeOpGoldens(ops, path.join(GOLDENS_DIR, 'ops'), RUNTIME)));
  }
  if (only !== '--ops') {
    const models = only === '--models' && names.length ? names : Object.keys(MODEL_SPECS);
    surprises.push(...(await makeModelGoldens(models, path.join(GOLDENS_DIR, 'models'), RUNTIME)));
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
