import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempFolder } from '../test_support';
import { buildModel, options } from '../../core/testing/model_builder';
import { makeRng } from '../../core/util/rng';
import { SHARED_MODELS_DIR, SHARED_MODELS_SKIP_REASON, sharedModelsAvailable } from '../../core/testing/goldens/shared_models';
import { readModel } from '../../core/tflite/reader';
import { writeModel } from '../../core/tflite/writer';

const dir = tempFolder('quant-lab-quantize-');

// x [1,64] → FC(w [32,64] = 2048 elements, b [32]) → y; plus a small FC (w2 [4,32] = 128 elements).
const rng = makeRng(3);
const modelFile = path.join(dir, 'mlp.tflite');
writeFileSync(modelFile, writeModel(buildModel({
  tensors: {
    x: { dtype: 'float32', shape: [1, 64] },
    w: { dtype: 'float32', shape: [32, 64], data: rng.floats(2048, -1, 1) },
    b: { dtype: 'float32', shape: [32], data: rng.floats(32, -1, 1) },
    h: { dtype: 'float32', shape: [1, 32] },
    w2: { dtype: 'float32', shape: [4, 32], data: rng.floats(128, -1, 1) },
    y: { dtype: 'float32', shape: [1, 4] },
  },
  ops: [
    { op: 'FULLY_CONNECTED', options: options('FullyConnectedOptions'), inputs: ['x', 'w', 'b'], outputs: ['h'] },
    { op: 'FULLY_CONNECTED', options: options('FullyConnectedOptions'), inputs: ['h', 'w2', null], outputs: ['y'] },
  ],
})));

describe('quantize command', () => {
  it('writes the quantized file and prints the report', async () => {
    const out = path.join(dir, 'mlp_drq.tflite');
    const r = await cli('quantize', modelFile, out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^policy\s+tf2\.21: /);
    expect(r.out).toContain('int8 per-channel axis 0: FULLY_CONNECTED weight, 2,048 elements');
    expect(r.out).toContain('kept float: 128 elements < 1,024');
    expect(r.out).toContain('FULLY_CONNECTED 1→12');
    const m = readModel(new Uint8Array(readFileSync(out)));
    expect(m.subgraphs[0]!.tensors.find((t) => t.name === 'w')!.quantization!.scale).toHaveLength(32);
  });

  it('--json, --per-tensor, --min-elements, --preset', async () => {
    const out = path.join(dir, 'mlp_pt.tflite');
    const r = await cli('quantize', modelFile, out, '--preset', 'tf2.14', '--per-tensor', '--min-elements', '100', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.policy).toMatch(/^tf2\.14: .*\[min 100 elements, per-tensor\]$/);
    expect(report.tensors.filter((t: { kind: string }) => t.kind === 'int8').map((t: { name: string; channels: number }) => [t.name, t.channels]))
      .toEqual([['w', 1], ['w2', 1]]);
    expect(report.file.bytesAfter).toBe(readFileSync(out).length);
    expect(typeof report.totals.overallSqnrDb).toBe('number');
  });

  it('--float16', async () => {
    const r = await cli('quantize', modelFile, path.join(dir, 'mlp_f16.tflite'), '--float16', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).totals.float16Tensors).toBe(3);
  });

  it('refusals and bad arguments: one line on stderr, exit 1 or 2', async () => {
    const drq = path.join(dir, 'mlp_drq2.tflite');
    await cli('quantize', modelFile, drq);
    const again = await cli('quantize', drq, path.join(dir, 'x.tflite'));
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^quant-lab quantize: mlp_drq2\.tflite is already dynamic-range quantized/);
    expect(again.err.split('\n')).toHaveLength(1);
    expect((await cli('quantize', modelFile, path.join(dir, 'y.tflite'), '--preset', 'tf9')).code).toBe(2);
    expect((await cli('quantize', modelFile, path.join(dir, 'y.tflite'), '--min-elements', '-3')).code).toBe(2);
    expect((await cli('quantize', path.join(dir, 'missing.tflite'), path.join(dir, 'y.tflite'))).err).toMatch(/file not found/);
    expect(existsSync(path.join(dir, 'y.tflite'))).toBe(false);
  });
});

const available = sharedModelsAvailable();
if (!available) it.skip(SHARED_MODELS_SKIP_REASON, () => {});

describe.skipIf(!available)('quantize command on a real model', () => {
  it('pair A: mnist_cnn_float with tf2.4 is within 1% of the official mnist_cnn_drq', async () => {
    const out = path.join(dir, 'mnist_drq.tflite');
    const r = await cli('quantize', path.join(SHARED_MODELS_DIR, 'mnist_cnn_float.tflite'), out, '--preset', 'tf2.4');
    expect(r.code).toBe(0);
    const official = readFileSync(path.join(SHARED_MODELS_DIR, 'mnist_cnn_drq.tflite')).length;
    expect(Math.abs(readFileSync(out).length / official - 1)).toBeLessThan(0.01);
    expect(r.out).toContain('CONV_2D 1→2, FULLY_CONNECTED 1→3');
  });
});
