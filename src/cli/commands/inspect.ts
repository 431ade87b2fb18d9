// `inspect FILE [--json]`: what is in a .tflite: kind, size, description, schema version,
// operators, tensors (type, shape, buffer, bytes, quantization), inputs/outputs, metadata,
// signature defs. --json prints src/core/tflite/summary.ts's ModelSummary (plus the file name and
// the size of any zip TFLite Support appended after the flatbuffer).

import path from 'node:path';
import { appendedZip, readModel } from '../../core/tflite/reader';
import { summarizeModel, type ModelSummary, type TensorSummary } from '../../core/tflite/summary';
import { readInputFile, type Command } from '../command';
import { formatTable, thousands } from '../table';

export interface InspectReport extends ModelSummary {
  file: string;
  /** Bytes of the zip archive appended after the flatbuffer (0 when none). */
  appendedZipBytes: number;
}

export function inspectFile(file: string): InspectReport {
  const bytes = readInputFile(file);
  const name = path.basename(file);
  const model = readModel(bytes, name);
  return { file: name, ...summarizeModel(model, bytes.length), appendedZipBytes: appendedZip(bytes, name)?.length ?? 0 };
}

/** Long fused names ("a/b/Relu;a/b/BiasAdd;...") shortened in the middle; --json keeps them whole. */
const short = (name: string, max = 48): string =>
  name.length <= max ? name : `${name.slice(0, max / 2 - 1)}…${name.slice(name.length - max / 2)}`;

const g = (x: number): string => Number(x.toPrecision(6)).toString();

function quantText(q: TensorSummary['quantization']): string {
  if (!q) return '';
  if (q.scale.length === 0) return 'min/max only';
  if (q.scale.length === 1) return `scale ${g(q.scale[0]!)} zp ${q.zeroPoint[0]}`;
  const zps = new Set(q.zeroPoint);
  const zp = zps.size === 1 ? `zp ${q.zeroPoint[0]}` : `${zps.size} distinct zp`;
  return `axis ${q.axis}: ${q.scale.length} scales ${g(Math.min(...q.scale))}…${g(Math.max(...q.scale))}, ${zp}`;
}

export function formatInspect(r: InspectReport): string[] {
  const lines = [
    `file         ${r.file} (${thousands(r.size ?? 0)} bytes)`,
    `kind         ${r.kind}: ${r.kindReason}`,
    `description  ${r.description || '(none)'}`,
    `schema       version ${r.schemaVersion}`,
    `min runtime  ${r.minRuntimeVersion ?? '(not recorded)'}`,
  ];
  if (r.appendedZipBytes > 0) lines.push(`appended zip ${thousands(r.appendedZipBytes)} bytes (TFLite Support associated files)`);
  for (const sg of r.subgraphs) {
    const io = (list: number[]): string => list.map((i) => `${i} '${sg.tensors[i]?.name ?? '?'}'`).join(', ');
    lines.push('', `subgraph ${sg.index}${sg.name ? ` '${sg.name}'` : ''}`, `  inputs   ${io(sg.inputs)}`, `  outputs  ${io(sg.outputs)}`);
    lines.push('', `operators (${sg.operators.length})`);
    lines.push(...formatTable(['#', 'op', 'version', 'inputs', 'outputs'],
      sg.operators.map((o) => [o.index, o.op, o.version, o.inputs.join(','), o.outputs.join(',')])));
    lines.push('', `tensors (${sg.tensors.length})`);
    lines.push(...formatTable(['#', 'name', 'type', 'shape', 'buffer', 'bytes', 'const', 'quantization'],
      sg.tensors.map((t) => [t.index, short(t.name), t.type, `[${t.shape.join(',')}]`, t.buffer, t.bytes ?? '?',
        t.constantBytes > 0 ? 'yes' : '', quantText(t.quantization)])));
  }
  if (r.metadata.length > 0) {
    lines.push('', 'metadata');
    lines.push(...formatTable(['name', 'buffer', 'bytes', 'value'], r.metadata.map((m) => [m.name, m.buffer, m.bytes, m.value ?? ''])));
  }
  for (const s of r.signatureDefs) {
    const maps = (m: Record<string, number>): string => Object.entries(m).map(([k, v]) => `${k}=${v}`).join(', ');
    lines.push('', `signature '${s.key}' (subgraph ${s.subgraph})`, `  inputs   ${maps(s.inputs)}`, `  outputs  ${maps(s.outputs)}`);
  }
  return lines;
}

export default {
  name: 'inspect',
  usage: 'inspect FILE [--json]',
  summary: 'show what a .tflite contains: kind, operators, tensors, quantization, metadata',
  flags: { json: 'boolean' },
  positionals: { min: 1, max: 1 },
  run(args, io) {
    const report = inspectFile(args.positionals[0]!);
    io.out(args.flags.json ? JSON.stringify(report, null, 2) : formatInspect(report).join('\n'));
  },
} satisfies Command;
