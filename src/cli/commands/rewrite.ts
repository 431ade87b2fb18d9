// `rewrite IN OUT`: read a .tflite into the IR and write it back unchanged, through the same
// reader and writer the app uses. Proves (and lets anyone check) that a model survives our
// round trip. A zip of TFLite Support associated files appended to IN is appended to OUT too.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { appendedZip, readModel } from '../../core/tflite/reader';
import { writeModel } from '../../core/tflite/writer';
import { CliError, readInputFile, type Command } from '../command';
import { thousands } from '../table';

export default {
  name: 'rewrite',
  usage: 'rewrite IN OUT',
  summary: 'read a .tflite and write it back through the Quant Lab reader/writer',
  flags: {},
  positionals: { min: 2, max: 2 },
  run(args, io) {
    const [input, output] = args.positionals as [string, string];
    const bytes = readInputFile(input);
    const name = path.basename(input);
    const flat = writeModel(readModel(bytes, name));
    const zip = appendedZip(bytes, name);
    const out = zip ? new Uint8Array(flat.length + zip.length) : flat;
    if (zip) {
      out.set(flat);
      out.set(zip, flat.length);
    }
    try {
      writeFileSync(output, out);
    } catch (e) {
      throw new CliError(`${output}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const extra = zip ? ` (+ ${thousands(zip.length)} bytes of appended zip kept)` : '';
    io.out(`wrote ${output}: ${thousands(out.length)} bytes from ${thousands(bytes.length)}${extra}`);
  },
} satisfies Command;
