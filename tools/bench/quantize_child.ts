// Child process of the quantize bench section (and of quantize_presets.ts): measures the quantizer
// on one .tflite file in a FRESH Node process, so the resident-set high-water mark it reports
// belongs to this quantization alone (see quantize_measure.ts). Started by runQuantizeChild() as
//
//   node --expose-gc --import tsx tools/bench/quantize_child.ts FILE [--preset tf2.21] [--float16] [--rounds 3]
//
// Prints one JSON line (a QuantizeMeasurement) on stdout.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makePolicy, type PresetName } from '../../src/core/quantize';
import { measureQuantize } from './quantize_measure';

const argv = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const file = argv[0];
if (!file || file.startsWith('--')) throw new Error('usage: quantize_child.ts FILE [--preset P] [--float16] [--rounds N]');
const rounds = Number(flag('rounds') ?? '3');
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive integer`);
const policy = makePolicy({ preset: (flag('preset') ?? 'tf2.21') as PresetName, ...(argv.includes('--float16') ? { mode: 'float16' as const } : {}) });

// readFileSync of a large file returns a Buffer with its own ArrayBuffer: view it, do not copy it.
const buf = readFileSync(file);
const input = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
const m = await measureQuantize(input, policy, rounds, path.basename(file));
process.stdout.write(`${JSON.stringify(m)}\n`);
