// `npm run bench`: Quant Lab's speed figures, side by side, in one Node process (the quantize
// section measures in a child process of its own).
//
//   tsx tools/bench/bench.ts [--rounds 3] [--limit 10000] [--data DIR] [--chunk N]
//                            [--only SECTION]... [--skip-train] [--profile] [--json]
//
// Sections (ids for --only): float, float-converter, drq, drq-converter, quantize, train.
// Prints a table (ms total and CPU ms per engine, ms/image, accuracy), then one summary per
// section (agreement, ratios against the goals, memory). --profile adds our time per op type.
// --chunk N: images per invoke for our interpreter (default: evaluate.ts's, what the app runs).
// With --json the LAST stdout line is one JSON object of numeric keys (evalFloatOursMs,
// evalDrqOursMs, quantizeMBps, epochSeconds, ...); progress goes to stderr.
//
// Adding a figure = adding ONE entry to SECTIONS (its keys come from the section). A section that
// cannot measure returns { skipped: reason }; one that fails is reported as failed and the bench
// exits with code 1 after printing the rest. Numbers are never filled in by hand.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMnistTestSet } from '../../src/cli/commands/eval';
import { sliceSet } from '../../src/core/data/mnist';
import { parseArgs, selectSections } from './args';
import { drqSection } from './drq_section';
import { evalSection } from './eval_section';
import { quantizeSection } from './quantize_section';
import { printTable } from './table';
import { trainSection } from './train_section';
import type { BenchContext, BenchSection, TableRow } from './types';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED_MODELS = process.env.QUANTLAB_MODELS ?? path.resolve(ROOT, '../shared/models');

// The tutorial CNN as trained by `quant-lab train` (the e2e fixture, input [1,28,28]); without
// it, the official tutorial's own float CNN from ../shared/models.
const FLOAT_CNN = [path.join(ROOT, 'e2e/fixtures/mnist_trained_float.tflite'), path.join(SHARED_MODELS, 'mnist_cnn_float.tflite')];
// The converter's files of the tutorial CNN: their SHAPE→STRIDED_SLICE→PACK→RESHAPE prologue
// makes XNNPACK refuse the graph, so the official runtime runs its builtin kernels there (slower).
const CONVERTER_FLOAT_CNN = [path.join(SHARED_MODELS, 'mnist_cnn_float.tflite')];
const CONVERTER_DRQ_CNN = [path.join(SHARED_MODELS, 'mnist_cnn_drq.tflite')];

const SECTIONS: BenchSection[] = [
  evalSection({ id: 'float', title: 'float CNN', keyPrefix: 'evalFloat', models: FLOAT_CNN }), // evalFloatOursMs, evalFloatOfficialMs
  evalSection({ id: 'float-converter', title: 'float CNN (converter file)', keyPrefix: 'evalFloatConverter', models: CONVERTER_FLOAT_CNN }),
  // Our quantizer's DRQ of FLOAT_CNN: evalDrqOursMs, evalDrqOfficialMs (tf2.14 file), evalDrqOursV12Ms (tf2.21 file)
  drqSection({ id: 'drq', title: 'DRQ CNN (our quantizer)', keyPrefix: 'evalDrq', floatModels: FLOAT_CNN }),
  evalSection({ id: 'drq-converter', title: 'DRQ CNN (converter file)', keyPrefix: 'evalDrqConverter', models: CONVERTER_DRQ_CNN }),
  quantizeSection(), // quantizeMBps, quantizePeakMB, quantizePeakRatio
  trainSection(), // epochSeconds, epochSecondsSingleThread, epochSecondsNode (+ test accuracy)
];

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const sections = selectSections(SECTIONS, args);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const ctx: BenchContext = {
    testSet: sliceSet(loadMnistTestSet(args.data), args.limit),
    rounds: args.rounds,
    profile: args.profile,
    chunkSize: args.chunk,
    exists: existsSync,
    log,
  };
  log(`bench: ${ctx.testSet.count} MNIST test images, ${ctx.rounds} interleaved round(s) per engine, median reported; ` +
    `our chunk size ${ctx.chunkSize ?? 'default (evaluate.ts)'}; sections: ${sections.map((s) => s.id).join(', ')}`);
  const rows: TableRow[] = [];
  const summaries: string[] = [];
  const keys: Record<string, number> = {};
  let failed = false;
  for (const section of sections) {
    log(`${section.title}...`);
    try {
      const r = await section.run(ctx);
      if ('skipped' in r) {
        summaries.push(`${section.title}: skipped: ${r.skipped}`);
        continue;
      }
      rows.push(...r.rows);
      summaries.push(r.summary);
      Object.assign(keys, r.keys);
    } catch (e) {
      failed = true;
      summaries.push(`${section.title}: FAILED: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (rows.length > 0) printTable(rows, (line) => process.stdout.write(`${line}\n`));
  for (const s of summaries) process.stdout.write(`${s}\n`);
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ images: ctx.testSet.count, rounds: ctx.rounds, ...(ctx.chunkSize ? { chunk: ctx.chunkSize } : {}), ...keys })}\n`);
  }
  if (failed) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
