// `run MODEL --input IN.json [--json]`: one inference on our interpreter.
// IN.json is the official-runtime oracle's input format ({"inputs":[{"shape","dtype","data"}]},
// data flat or nested, "NaN"/"Infinity" allowed, or a raw `file` relative to the JSON). --json
// prints {"outputs":[{"name","shape","dtype","data"}]} on one line (floats as the shortest decimal
// of the float32, so the numbers are exact); without it, a readable listing of the same values.

import path from 'node:path';
import type { TensorValue } from '../../core/interpreter/kernel';
import { Interpreter, type TensorInfo } from '../../core/interpreter/interpreter';
import { float32ToShortest, formatTensorJson, parseTensorJson, type NamedTensor } from '../../core/eval/tensor_json';
import { argmaxAt } from '../../core/eval/metrics';
import { readModel } from '../../core/tflite/reader';
import { CliError, readInputFile, stringFlag, type Command } from '../command';

export interface RunResult {
  outputs: NamedTensor[];
  /** Things the user should know (e.g. an input reshaped to the model's shape). */
  notes: string[];
}

/** The bad shape/dtype/count of one input, named the way the user wrote it. */
export class RunInputError extends Error {
  constructor(source: string, detail: string) {
    super(`${source}: ${detail}`);
    this.name = 'RunInputError';
  }
}

const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Matches a parsed input to the model's input `info`: same dtype; same shape, or a different batch
 * (first) dimension, or dynamic (-1) dimensions; or the same element count in another layout
 * (e.g. [1,28,28] for [1,28,28,1]), which is reshaped with a note, as the oracle does.
 */
function fitInput(v: TensorValue, info: TensorInfo, i: number, source: string, notes: string[]): TensorValue {
  const want = `'${info.name}' wants ${info.dtype} [${info.shape.join(',')}]`;
  if (v.dtype !== info.dtype) throw new RunInputError(source, `input ${i}: model input ${want}, got ${v.dtype}`);
  const sameRank = v.shape.length === info.shape.length;
  const fits = sameRank && v.shape.every((d, k) => k === 0 || d === info.shape[k] || info.shapeSignature?.[k] === -1);
  if (fits) return v;
  if (count(v.shape) === count(info.shape)) {
    notes.push(`input ${i}: shape [${v.shape.join(',')}] reshaped to the model's [${info.shape.join(',')}]`);
    return { ...v, shape: [...info.shape] };
  }
  throw new RunInputError(source, `input ${i}: model input ${want}, got [${v.shape.join(',')}] (${count(v.shape)} values)`);
}

/** Runs the model file on the inputs of the JSON file. */
export function runModelFile(modelPath: string, inputPath: string): RunResult {
  const source = path.basename(inputPath);
  const interpreter = Interpreter.create(readModel(readInputFile(modelPath), path.basename(modelPath)));
  const inputs = parseTensorJson(new TextDecoder().decode(readInputFile(inputPath)), {
    source,
    readFile: (p) => readInputFile(path.resolve(path.dirname(inputPath), p)),
  });
  return runParsed(interpreter, inputs, source);
}

/** Runs an interpreter on parsed inputs, checking them against the model's inputs first. */
export function runParsed(interpreter: Interpreter, inputs: TensorValue[], source: string): RunResult {
  if (inputs.length !== interpreter.inputs.length) {
    const names = interpreter.inputs.map((t) => `'${t.name}' ${t.dtype} [${t.shape.join(',')}]`).join(', ');
    throw new RunInputError(source, `the model takes ${interpreter.inputs.length} input(s) (${names}), got ${inputs.length}`);
  }
  const notes: string[] = [];
  const fitted = inputs.map((v, i) => fitInput(v, interpreter.inputs[i], i, source, notes));
  const values = interpreter.invoke(fitted);
  return { outputs: values.map((value, i) => ({ name: interpreter.outputs[i].name, value })), notes };
}

export function formatRunJson(r: RunResult): string {
  return formatTensorJson(r.outputs);
}

function valueText(v: TensorValue, i: number): string {
  const x = v.data[i];
  return typeof x === 'bigint' ? x.toString() : v.dtype === 'float32' ? float32ToShortest(x) : String(x);
}

/** Readable listing: a header per output, then its values in rows of the last dimension. */
export function formatRunText(r: RunResult): string[] {
  const lines: string[] = [];
  r.outputs.forEach(({ name, value }, k) => {
    const last = value.shape.length ? value.shape[value.shape.length - 1] : 1;
    const rows = last > 0 ? value.data.length / last : 0;
    const top = value.dtype === 'float32' && rows === 1 && last > 1 ? `, argmax ${argmaxAt(value.data as Float32Array, 0, last)}` : '';
    lines.push(`output ${k} '${name ?? ''}' ${value.dtype} [${value.shape.join(',')}]${top}`);
    for (let row = 0; row < rows; row++) {
      const cells: string[] = [];
      for (let c = 0; c < last; c++) cells.push(valueText(value, row * last + c));
      lines.push(`  ${cells.join(' ')}`);
    }
  });
  return lines;
}

export default {
  name: 'run',
  usage: 'run MODEL --input IN.json [--json]',
  summary: 'one inference on our interpreter; inputs/outputs in the official-runtime oracle JSON format',
  flags: { input: 'string', json: 'boolean' },
  positionals: { min: 1, max: 1 },
  run(args, io) {
    const input = stringFlag(args, 'input');
    if (input === undefined) throw new CliError('--input IN.json is required', 2);
    const result = runModelFile(args.positionals[0]!, input);
    for (const note of result.notes) io.err(`note: ${note}`);
    io.out(args.flags.json ? formatRunJson(result) : formatRunText(result).join('\n'));
  },
} satisfies Command;
