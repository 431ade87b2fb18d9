// `train [--epochs 1] [--batch 32] [--lr 0.001] [--seed N] [--data DIR] [--limit N] --out FILE [--json]`:
// trains the tutorial's MNIST CNN with tfjs on the wasm backend (src/core/train, the same code the
// app's worker runs) and writes it as a float32 .tflite. --data takes any folder of MNIST-format idx
// files with the standard names (e.g. Fashion-MNIST); --limit trains on the first N images only.
// --json prints one JSON line per epoch and ends with a summary line (testAccuracy, epochSeconds, ...).

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sliceSet } from '../../core/data/mnist';
import { initBackend } from '../../core/train/backend';
import { exportTflite } from '../../core/train/export';
import { loadIdxFolder, mnistDataDir } from '../../core/train/node_data';
import { nodeWasmDir } from '../../core/train/node_wasm';
import { train, type TrainEvent } from '../../core/train/train';
import { CliError, stringFlag, type Command } from '../command';

function numberFlag(v: string | undefined, name: string, integer: boolean): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  const ok = integer ? Number.isInteger(n) && n >= 1 : Number.isFinite(n) && n > 0;
  if (!ok) throw new CliError(`--${name} must be a ${integer ? 'positive integer' : 'positive number'}, got '${v}'`, 2);
  return n;
}

function seedFlag(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n >= 2 ** 31) throw new CliError(`--seed must be an integer in [0, 2^31), got '${v}'`, 2);
  return n;
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

export default {
  name: 'train',
  usage: 'train [--epochs 1] [--batch 32] [--lr 0.001] [--seed N] [--data DIR] [--limit N] --out FILE [--json]',
  summary: 'train the tutorial MNIST CNN with tfjs (wasm) and write it as a float .tflite',
  flags: { epochs: 'string', batch: 'string', lr: 'string', seed: 'string', data: 'string', limit: 'string', out: 'string', json: 'boolean' },
  positionals: { min: 0, max: 0 },
  async run(args, io) {
    const out = stringFlag(args, 'out');
    if (out === undefined) throw new CliError('--out FILE is required (where to write the .tflite)', 2);
    const epochs = numberFlag(stringFlag(args, 'epochs'), 'epochs', true);
    const batchSize = numberFlag(stringFlag(args, 'batch'), 'batch', true);
    const learningRate = numberFlag(stringFlag(args, 'lr'), 'lr', false);
    const limit = numberFlag(stringFlag(args, 'limit'), 'limit', true);
    const seed = seedFlag(stringFlag(args, 'seed'));
    const json = args.flags.json === true;
    const dataDir = stringFlag(args, 'data') ?? mnistDataDir();

    const data = loadIdxFolder(dataDir);
    const trainSet = limit === undefined ? data.train : sliceSet(data.train, limit);
    const backend = await initBackend({ wasmPaths: nodeWasmDir(), order: ['wasm', 'cpu'] });
    if (backend.name !== 'wasm') {
      io.err(`warning: wasm backend unavailable (${backend.skipped.map((s) => s.reason).join('; ')}); training on cpu is very slow`);
    }

    let nextReport = 0;
    const onEvent = (e: TrainEvent) => {
      if (json) {
        if (e.type === 'epoch') io.out(JSON.stringify(e));
        return;
      }
      if (e.type === 'start') {
        io.out(`training on ${e.trainCount} images from ${dataDir} (test: ${e.testCount}); backend ${backend.name}` +
          `${backend.simd ? ' SIMD' : ''}, ${backend.threads} thread(s); batch ${e.batchSize}, lr ${e.learningRate}, seed ${e.seed}`);
      } else if (e.type === 'batch') {
        const done = (e.batch + 1) / e.batchesPerEpoch;
        if (e.batch === 0) nextReport = 0.1;
        if (done >= nextReport || e.batch + 1 === e.batchesPerEpoch) {
          nextReport = Math.floor(done * 10 + 1) / 10;
          io.out(`  epoch ${e.epoch + 1}  ${String(e.batch + 1).padStart(5)}/${e.batchesPerEpoch}  loss ${e.meanLoss.toFixed(4)}` +
            `  accuracy ${pct(e.meanAccuracy)}  ${Math.round(e.imagesPerSecond)} images/s`);
        }
      } else {
        io.out(`epoch ${e.epoch + 1}: test accuracy ${pct(e.testAccuracy)}, ${e.epochSeconds.toFixed(1)} s training` +
          ` + ${e.evalSeconds.toFixed(1)} s test`);
      }
    };
    const t0 = performance.now();
    const result = await train(trainSet, data.test, { epochs, batchSize, learningRate, seed }, onEvent);
    const totalSeconds = (performance.now() - t0) / 1000;

    const bytes = exportTflite(result.weights);
    mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    writeFileSync(out, bytes);
    const last = result.epochs.at(-1)!;
    if (json) {
      io.out(JSON.stringify({
        out, bytes: bytes.length, data: dataDir, backend: backend.name, simd: backend.simd, threads: backend.threads,
        seed: result.seed, epochs: result.epochs.length, batchSize: batchSize ?? 32, learningRate: learningRate ?? 0.001,
        trainCount: trainSet.count, testCount: data.test.count, testAccuracy: last.testAccuracy,
        epochSeconds: last.epochSeconds, totalSeconds,
      }));
    } else {
      io.out(`wrote ${out} (${bytes.length} bytes, float32); test accuracy ${pct(last.testAccuracy)}`);
    }
  },
} satisfies Command;
