// `npm run bench`: Quant Lab's speed figures, side by side, in one Node process.
//
//   tsx tools/bench/bench.ts [--rounds 3] [--limit 10000] [--data DIR] [--profile] [--json]
//
// Prints a table (ms total, ms/image, accuracy per engine; argmax agreement and the ours/official
// ratio per section; --profile adds our time per op type). With --json the LAST stdout line is one JSON object of numeric keys
// (evalFloatOursMs, evalFloatOfficialMs, ...); progress goes to stderr.
//
// Sections run in the order of SECTIONS below. Adding a figure = adding ONE entry there (its keys
// come from the section). A section that cannot measure yet returns { skipped: reason }: it is
// printed as skipped and writes no key. Numbers are never filled in by hand.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMnistTestSet } from '../../src/cli/commands/eval';
import { sliceSet } from '../../src/core/data/mnist';
import { evalSection } from './eval_section';
import { printTable } from './table';
import type { BenchContext, BenchSection, TableRow } from './types';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED_MODELS = process.env.QUANTLAB_MODELS ?? path.resolve(ROOT, '../shared/models');

// The trained tutorial CNN committed by the training work (input [1,28,28]); until it exists, the
// official tutorial's own float CNN from ../shared/models.
const FLOAT_CNN = [path.join(ROOT, 'e2e/fixtures/mnist_trained_float.tflite'), path.join(SHARED_MODELS, 'mnist_cnn_float.tflite')];
// The DRQ twin of the tutorial CNN (converter output). Our interpreter runs it once the hybrid
// kernels exist; until then this section reports why it is skipped.
const DRQ_CNN = [path.join(SHARED_MODELS, 'mnist_cnn_drq.tflite')];

// The converter's file of the same tutorial CNN: its SHAPE→STRIDED_SLICE→PACK→RESHAPE prologue
// makes XNNPACK refuse the graph, so the official runtime runs its builtin kernels there (slower).
const CONVERTER_FLOAT_CNN = [path.join(SHARED_MODELS, 'mnist_cnn_float.tflite')];

const SECTIONS: BenchSection[] = [
  evalSection({ title: 'float CNN', keyPrefix: 'evalFloat', models: FLOAT_CNN }), // evalFloatOursMs, evalFloatOfficialMs
  evalSection({ title: 'float CNN (converter file)', keyPrefix: 'evalFloatConverter', models: CONVERTER_FLOAT_CNN }),
  evalSection({ title: 'DRQ CNN', keyPrefix: 'evalDrq', models: DRQ_CNN }), // evalDrqOursMs, evalDrqOfficialMs
  // EXTENSION POINTS (one entry each when the feature lands; see types.ts BenchSection):
  //   quantizeSection(...)  → quantizeMBps, quantizePeakMB  (src/core/quantize apply + writeModel)
  //   trainSection(...)     → epochSeconds                  (src/core/train, one epoch, batch 32)
];

interface Args { rounds: number; limit: number; data?: string; json: boolean; profile: boolean }

function parseArgs(argv: string[]): Args {
  const args: Args = { rounds: 3, limit: 10000, json: false, profile: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--json') args.json = true;
    else if (a === '--profile') args.profile = true;
    else if (a === '--rounds') args.rounds = positiveInt(a, value());
    else if (a === '--limit') args.limit = positiveInt(a, value());
    else if (a === '--data') args.data = value();
    else throw new Error(`unknown option ${a} (use --rounds N, --limit N, --data DIR, --profile, --json)`);
  }
  return args;
}

function positiveInt(flag: string, v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got '${v}'`);
  return n;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const ctx: BenchContext = {
    testSet: sliceSet(loadMnistTestSet(args.data), args.limit),
    rounds: args.rounds,
    profile: args.profile,
    exists: existsSync,
    log,
  };
  log(`bench: ${ctx.testSet.count} MNIST test images, ${ctx.rounds} interleaved round(s) per engine, median reported`);
  const rows: TableRow[] = [];
  const summaries: string[] = [];
  const keys: Record<string, number> = {};
  for (const section of SECTIONS) {
    log(`${section.title}...`);
    const r = await section.run(ctx);
    if ('skipped' in r) {
      summaries.push(`${section.title}: skipped: ${r.skipped}`);
      continue;
    }
    rows.push(...r.rows);
    summaries.push(r.summary);
    Object.assign(keys, r.keys);
  }
  printTable(rows, (line) => process.stdout.write(`${line}\n`));
  for (const s of summaries) process.stdout.write(`${s}\n`);
  if (args.json) process.stdout.write(`${JSON.stringify({ images: ctx.testSet.count, rounds: ctx.rounds, ...keys })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
