// `quantize IN OUT [--preset tf2.4|tf2.14|tf2.21] [--min-elements N] [--per-tensor] [--float16] [--json]`:
// post-training dynamic range quantization of a float32 .tflite, as the official converter of the
// chosen generation does it (src/core/quantize). Prints the report: per constant tensor what was
// done and why, bytes before/after, SQNR; op version changes; file sizes. --json prints the report
// as JSON (SQNR of an exact tensor is the string "Infinity"). A model that cannot be quantized
// (full-integer, already quantized, no eligible weights) is a one-line error, exit code 1.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { quantizeFile } from '../../core/quantize/pipeline';
import { QuantizeRefusal } from '../../core/quantize/plan';
import { isPresetName, makePolicy, PRESET_NAMES, type QuantPolicy } from '../../core/quantize/policy';
import type { QuantReport } from '../../core/quantize/report';
import { CliError, readInputFile, stringFlag, type Command, type ParsedArgs } from '../command';
import { formatTable, thousands } from '../table';

function policyFromArgs(args: ParsedArgs): QuantPolicy {
  const preset = stringFlag(args, 'preset') ?? 'tf2.21';
  if (!isPresetName(preset)) throw new CliError(`--preset must be one of ${PRESET_NAMES.join(', ')}, got '${preset}'`, 2);
  const min = stringFlag(args, 'min-elements');
  if (min !== undefined && !/^\d+$/.test(min)) throw new CliError(`--min-elements must be a non-negative integer, got '${min}'`, 2);
  return makePolicy({
    preset,
    mode: args.flags.float16 ? 'float16' : 'int8',
    minElements: min === undefined ? undefined : Number(min),
    perChannel: !args.flags['per-tensor'],
  });
}

const short = (name: string, max = 44): string =>
  name.length <= max ? name : `${name.slice(0, max / 2 - 1)}…${name.slice(name.length - max / 2)}`;
const db = (x: number | null): string => (x === null ? '' : Number.isFinite(x) ? x.toFixed(1) : x > 0 ? 'exact' : '-inf');

export function formatReport(r: QuantReport, input: string, output: string): string[] {
  const t = r.totals;
  const lines = [
    `policy       ${r.policy}`,
    `file         ${input} ${thousands(r.file.bytesBefore)} B → ${output} ${thousands(r.file.bytesAfter)} B (${(100 * r.file.ratio).toFixed(1)} %)`,
    `constants    ${thousands(t.constantBytesBefore)} B → ${thousands(t.constantBytesAfter)} B; ${t.int8Tensors} int8, ${t.float16Tensors} float16, ${t.keptTensors} kept`,
    `SQNR         ${db(t.overallSqnrDb)} dB over ${thousands(t.quantizedElements)} converted elements`,
    `min runtime  ${r.minRuntimeVersion.before ?? '(none)'} → ${r.minRuntimeVersion.after ?? '(none)'}`,
  ];
  if (r.opVersions.length > 0) lines.push(`op versions  ${r.opVersions.map((v) => `${v.op} ${v.before ?? 'new'}→${v.after}`).join(', ')}`);
  if (r.dequantizeOpsAdded > 0) lines.push(`DEQUANTIZE   ${r.dequantizeOpsAdded} op(s) added`);
  lines.push('', 'constant tensors');
  lines.push(...formatTable(['#', 'name', 'shape', 'bytes', 'after', 'SQNR dB', 'what and why'],
    r.tensors.map((x) => [x.index, short(x.name), `[${x.shape.join(',')}]`, x.bytesBefore, x.bytesAfter, db(x.sqnrDb), x.reason])));
  return lines;
}

const jsonNumbers = (_key: string, v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);

export default {
  name: 'quantize',
  usage: 'quantize IN OUT [--preset tf2.4|tf2.14|tf2.21] [--min-elements N] [--per-tensor] [--float16] [--json]',
  summary: 'dynamic range (int8) or float16 quantization of a float32 .tflite, as the official converter does it',
  flags: { preset: 'string', 'min-elements': 'string', 'per-tensor': 'boolean', float16: 'boolean', json: 'boolean' },
  positionals: { min: 2, max: 2 },
  async run(args, io) {
    const [input, output] = args.positionals as [string, string];
    const policy = policyFromArgs(args);
    const bytes = readInputFile(input);
    let result;
    try {
      result = await quantizeFile(bytes, policy, { fileName: path.basename(input) });
    } catch (e) {
      if (e instanceof QuantizeRefusal) throw new CliError(e.message);
      throw e;
    }
    try {
      writeFileSync(output, result.bytes);
    } catch (e) {
      throw new CliError(`${output}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    io.out(args.flags.json
      ? JSON.stringify({ input, output, ...result.report }, jsonNumbers, 2)
      : formatReport(result.report, input, output).join('\n'));
  },
} satisfies Command;
