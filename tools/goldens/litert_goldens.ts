// LiteRT.js goldens for shared models the tfjs-tflite runtime cannot load (FULLY_CONNECTED v12:
// per-channel hybrid FC, written by TF ≥ 2.17 converters). Runs the shared oracle's `--litert` engine
// (@litertjs/core, its 'wasm' CPU accelerator, in headless Chromium) on seeded inputs drawn exactly
// as the model goldens draw them (makeRng(seed), uniform [-1, 1]), one browser launch per variant via
// the oracle's batch mode, and writes src/core/testing/goldens/litert/<name>.json.
//
//   cp -rL ../shared/oracle /tmp/oracle && (cd /tmp/oracle && npm ci)     # once
//   npx tsx tools/goldens/litert_goldens.ts [--oracle /tmp/oracle]
//
// LiteRT.js runs hybrid FULLY_CONNECTED through XNNPACK's dynamic-quantization (QD8) kernels, a
// different algorithm from TFLite's builtin hybrid kernel (which our interpreter reproduces), so these
// goldens are compared with a tolerance. Both LiteRT.js builds are recorded: the default one (relaxed
// SIMD, whose FMA use may vary by CPU) and the compat one (plain SIMD).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drawModelInputs } from '../../src/core/testing/goldens/case';
import { readModel } from '../../src/core/tflite/reader';
import { writeModel } from '../../src/core/tflite/writer';
import { truncateModel } from '../../src/core/testing/goldens/litert/index';
import { toBase64 } from '../../src/core/testing/goldens/format';
import { SHARED_MODELS_DIR, sha256Hex } from '../../src/core/testing/goldens/shared_models';
import { stableJson } from './stable_json';

const OUT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/core/testing/goldens/litert');

interface Spec { file: string; shape: number[]; seeds: number[]; keepOps?: number }
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const SPECS: Record<string, Spec> = {
  har_mlp_drq: { file: 'har_mlp_drq.tflite', shape: [1, 561], seeds: SEEDS },
  // The same file cut short (written by our writer, see truncateModel): after its first hybrid
  // FULLY_CONNECTED (561 → 256, RELU), and after all three hybrid layers (→ 64), before the float
  // FULLY_CONNECTED and SOFTMAX (which LiteRT.js runs on XNNPACK's float kernels).
  har_mlp_drq_fc1: { file: 'har_mlp_drq.tflite', shape: [1, 561], seeds: SEEDS, keepOps: 1 },
  har_mlp_drq_fc3: { file: 'har_mlp_drq.tflite', shape: [1, 561], seeds: SEEDS, keepOps: 3 },
};

function runOracle(oracle: string, model: string, batchFile: string, count: number, shape: number[], variant: string): { data: number[]; shape: number[]; runtime: unknown } {
  const args = [path.join(oracle, 'run-tflite.mjs'), model, '--batch-file', batchFile, '--count', String(count),
    '--shape', shape.join(','), '--litert-variant', variant, '--no-plan'];
  const text = execFileSync('node', args, { cwd: oracle, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 300_000 });
  const json = JSON.parse(text) as { outputs: { shape: number[]; data: number[] }[]; runtime: Record<string, unknown> };
  const { log: _log, ...runtime } = json.runtime;
  return { data: json.outputs[0].data, shape: json.outputs[0].shape, runtime };
}

function main(): void {
  const i = process.argv.indexOf('--oracle');
  const oracle = i >= 0 ? process.argv[i + 1] : '/tmp/oracle';
  mkdirSync(OUT_DIR, { recursive: true });
  for (const [name, spec] of Object.entries(SPECS)) {
    const sharedPath = path.join(SHARED_MODELS_DIR, spec.file);
    const bytes = new Uint8Array(readFileSync(sharedPath));
    const gen = { dtype: 'float32' as const, shape: spec.shape, gen: { kind: 'uniform' as const, lo: -1, hi: 1 } };
    const drawn = spec.seeds.map((seed) => drawModelInputs(seed, [gen]));
    const per = spec.shape.reduce((a, b) => a * b, 1);
    const all = new Float32Array(per * spec.seeds.length);
    drawn.forEach((d, k) => all.set(d.values[0] as Float32Array, k * per));
    const dir = mkdtempSync(path.join(tmpdir(), 'litert-goldens-'));
    try {
      let modelPath = sharedPath;
      if (spec.keepOps !== undefined) {
        modelPath = path.join(dir, `${name}.tflite`);
        writeFileSync(modelPath, writeModel(truncateModel(readModel(bytes, spec.file), spec.keepOps)));
      }
      const batchFile = path.join(dir, 'inputs.f32');
      writeFileSync(batchFile, new Uint8Array(all.buffer));
      const variants = ['default', 'compat'].map((variant) => {
        const r = runOracle(oracle, modelPath, batchFile, spec.seeds.length, spec.shape, variant);
        const data = Float32Array.from(r.data);
        const outPer = data.length / spec.seeds.length;
        return {
          variant, runtime: r.runtime,
          cases: spec.seeds.map((seed, k) => ({
            seed, checksum: drawn[k].checksum,
            output: { dtype: 'float32', shape: [1, outPer], base64: toBase64(new Uint8Array(data.buffer, k * outPer * 4, outPer * 4)) },
          })),
        };
      });
      const json = {
        format: 'quant-lab litert goldens v1', name, file: spec.file, sha256: sha256Hex(bytes), keepOps: spec.keepOps ?? null,
        note: 'Made by tools/goldens/litert_goldens.ts with the shared oracle (run-tflite.mjs --litert-variant default|compat, batch mode: '
          + 'one inference per item). Inputs: makeRng(seed), uniform [-1, 1], drawn as drawModelInputs does. LiteRT.js runs the hybrid '
          + 'FULLY_CONNECTED v12 layers on XNNPACK QD8 kernels (float32 input quantization parameters, its own zero-point choice and '
          + 'rounding), not TFLite\'s builtin hybrid kernel: compare with a tolerance.',
        input: gen, variants,
      };
      writeFileSync(path.join(OUT_DIR, `${name}.json`), stableJson(json));
      console.log(`litert/${name}.json: ${spec.seeds.length} cases × ${variants.length} variants`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

main();
