// The CLI in-process (runCli with captured output) and end to end through bin/quant-lab.mjs and
// `tsx src/cli/main.ts`: inspect (table and --json), rewrite, and one-line errors with exit codes
// 2 (usage) / 1 (missing or bad file), never a stack trace.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readModel } from '../core/tflite/reader';
import { sniffModel } from '../core/tflite/sniff';
import { expectSameModel, loadShared, SHARED_MODELS_DIR, SHARED_MODELS_PRESENT, reportMissingSharedModels, tinyModel } from '../core/tflite/test_support';
import { writeModel } from '../core/tflite/writer';
import type { InspectReport } from './commands/inspect';
import { cli, tempFolder } from './test_support';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const dir = tempFolder('quant-lab-cli-');
const tinyFile = path.join(dir, 'tiny.tflite');
writeFileSync(tinyFile, writeModel(tinyModel()));
const badFile = path.join(dir, 'bad.tflite');
writeFileSync(badFile, Uint8Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 0xff));

describe('inspect', () => {
  it('--json describes the model: kind, operators, tensors with quantization, metadata, signatures', async () => {
    const { code, out, err } = await cli('inspect', tinyFile, '--json');
    expect([code, err]).toEqual([0, '']);
    const r = JSON.parse(out) as InspectReport;
    expect(r.file).toBe('tiny.tflite');
    expect(r.size).toBe(readFileSync(tinyFile).length);
    expect(r.kind).toBe(sniffModel(tinyModel()).kind);
    expect([r.description, r.schemaVersion, r.minRuntimeVersion]).toEqual(['Quant Lab test model', 3, '2.17.0']);
    const sg = r.subgraphs[0]!;
    expect(sg.operators.map((o) => `${o.op} v${o.version}`)).toEqual(['FULLY_CONNECTED v12', 'SOFTMAX v1', 'GELU v1', 'CUSTOM(MyCustomOp) v1']);
    expect(sg.operators[0]!.inputs).toEqual([0, 1, 2]);
    expect(sg.tensors[1]).toMatchObject({
      name: 'dense/kernel', type: 'int8', shape: [3, 4], buffer: 1, bytes: 12, constantBytes: 12,
      quantization: { scale: [0.5, 0.25, 0.125], zeroPoint: [0, 0, 0], axis: 0 },
    });
    expect(sg.tensors[0]!.quantization).toBeNull();
    expect([sg.inputs, sg.outputs]).toEqual([[0], [5, 7]]);
    expect(r.metadata).toEqual([{ name: 'min_runtime_version', buffer: 4, bytes: 16, value: '2.17.0' }]);
    expect(r.signatureDefs).toEqual([{ key: 'serving_default', subgraph: 0, inputs: { x: 0 }, outputs: { y: 5 } }]);
  });

  it('prints a readable table without --json', async () => {
    const { code, out } = await cli('inspect', tinyFile);
    expect(code).toBe(0);
    expect(out).toMatch(/^file +tiny\.tflite \([\d,]+ bytes\)$/m);
    expect(out).toMatch(/^min runtime +2\.17\.0$/m);
    expect(out).toMatch(/^operators \(4\)$/m);
    expect(out).toMatch(/^ +0 +FULLY_CONNECTED +12 +0,1,2 +3$/m);
    expect(out).toMatch(/dense\/kernel +int8 +\[3,4\] +1 +12 +yes +axis 0: 3 scales 0\.125…0\.5, zp 0/);
  });

  reportMissingSharedModels(it);
  it.skipIf(!SHARED_MODELS_PRESENT)('on mnist_cnn_drq: the README facts', async () => {
    const { code, out } = await cli('inspect', path.join(SHARED_MODELS_DIR, 'mnist_cnn_drq.tflite'), '--json');
    expect(code).toBe(0);
    const r = JSON.parse(out) as InspectReport;
    expect([r.kind, r.size, r.minRuntimeVersion, r.appendedZipBytes]).toEqual(['dynamic-range', 23904, '1.11.0', 0]);
    const kernel = r.subgraphs[0]!.tensors.find((t) => t.name === 'sequential_3/dense_3/MatMul')!;
    expect([kernel.type, kernel.shape, kernel.quantization!.scale.length]).toEqual(['int8', [10, 2028], 1]);
  });
});

describe('rewrite', () => {
  it('writes a file that reads back to the same model', async () => {
    const out = path.join(dir, 'tiny_rewritten.tflite');
    const r = await cli('rewrite', tinyFile, out);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^wrote .*tiny_rewritten\.tflite: [\d,]+ bytes from [\d,]+$/);
    expectSameModel(readModel(new Uint8Array(readFileSync(out))), tinyModel(), expect);
  });

  it.skipIf(!SHARED_MODELS_PRESENT)('keeps the zip TFLite Support appended (text_embedding vocab)', async () => {
    const out = path.join(dir, 'text_rewritten.tflite');
    const r = await cli('rewrite', path.join(SHARED_MODELS_DIR, 'text_embedding_gather_mean_float.tflite'), out);
    expect(r.code).toBe(0);
    expect(r.out).toContain('131,015 bytes of appended zip kept');
    const bytes = new Uint8Array(readFileSync(out));
    expect(Buffer.from(bytes).includes(Buffer.from('vocab.txt'))).toBe(true);
    expectSameModel(readModel(bytes), readModel(loadShared('text_embedding_gather_mean_float.tflite')), expect);
  });

  it('reports an unwritable output in one line', async () => {
    const r = await cli('rewrite', tinyFile, path.join(dir, 'no', 'such', 'dir', 'x.tflite'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^quant-lab rewrite: .*x\.tflite: cannot write \(ENOENT\)$/);
  });
});

describe('errors: one line, exit code, no stack', () => {
  const oneLine = (err: string) => {
    expect(err.split('\n').filter((l) => !l.startsWith('usage:'))).toHaveLength(1);
    expect(err).not.toMatch(/\n\s+at /);
  };

  it('unknown command → 2', async () => {
    const r = await cli('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^quant-lab: unknown command 'frobnicate' \(commands: inspect, rewrite/);
    oneLine(r.err);
  });

  it('no command → usage on stderr, 2; help → usage on stdout, 0', async () => {
    const none = await cli();
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/^usage: quant-lab <command>/);
    const help = await cli('help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/inspect FILE \[--json\]/);
  });

  it('missing file → 1', async () => {
    const r = await cli('inspect', path.join(dir, 'nope.tflite'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^quant-lab inspect: .*nope\.tflite: file not found$/);
    oneLine(r.err);
  });

  it('bad file → 1, message names the file', async () => {
    const r = await cli('inspect', badFile);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^quant-lab inspect: bad\.tflite: not a TFLite model/);
    oneLine(r.err);
  });

  it('wrong arguments or unknown options → 2 with the usage line', async () => {
    for (const argv of [['inspect'], ['inspect', tinyFile, 'extra'], ['inspect', tinyFile, '--jsn'], ['rewrite', tinyFile], ['inspect', '--json=yes', tinyFile]]) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(/\nusage: quant-lab (inspect|rewrite) /);
      oneLine(r.err);
    }
  });
});

describe('as a process', () => {
  const node = (args: string[]) => spawnSync(process.execPath, args, { cwd: REPO, encoding: 'utf8', timeout: 60_000 });

  it('bin/quant-lab.mjs runs inspect --json and fails cleanly on a bad file', () => {
    const ok = node(['bin/quant-lab.mjs', 'inspect', tinyFile, '--json']);
    expect(ok.status).toBe(0);
    expect((JSON.parse(ok.stdout) as InspectReport).subgraphs[0]!.operators).toHaveLength(4);
    const bad = node(['bin/quant-lab.mjs', 'inspect', badFile]);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('tsx src/cli/main.ts (what `npm run cli` runs) exits 2 on an unknown command', () => {
    const r = node([path.join(REPO, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/main.ts', 'frobnicate']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(/^quant-lab: unknown command 'frobnicate'/);
  });
});
