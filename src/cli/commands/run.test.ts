import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempFolder } from '../test_support';
import { SHARED_MODELS_DIR, SHARED_MODELS_SKIP_REASON, sharedModelsAvailable } from '../../core/testing/goldens/shared_models';
import { buildModel, options } from '../../core/testing/model_builder';
import { writeModel } from '../../core/tflite/writer';
import { makeRng } from '../../core/util/rng';
import { maxRelDiff } from '../../core/testing/tolerance';
import { loadOfficial } from '../../../tools/goldens/official_runtime';

const SHARED = SHARED_MODELS_DIR;
const HAVE_SHARED = sharedModelsAvailable();
const SKIP = SHARED_MODELS_SKIP_REASON;

const dir = tempFolder('quant-lab-run-');

function file(name: string, content: string | Uint8Array): string {
  const p = path.join(dir, name);
  writeFileSync(p, content);
  return p;
}

// y = x + [0.5, -1, 2], x: float32 [1,3] with a dynamic batch.
const addModel = file('add.tflite', writeModel(buildModel({
  tensors: {
    x: { dtype: 'float32', shape: [1, 3], shapeSignature: [-1, 3] },
    b: { dtype: 'float32', shape: [3], data: [0.5, -1, 2] },
    y: { dtype: 'float32', shape: [1, 3] },
  },
  ops: [{ op: 'ADD', options: options('AddOptions'), inputs: ['x', 'b'], outputs: ['y'] }],
  inputs: ['x'],
  outputs: ['y'],
})));

describe('run (hand-made model)', () => {
  it('prints the outputs as oracle JSON, exact shortest float32 decimals', async () => {
    const input = file('in.json', JSON.stringify({ inputs: [{ shape: [1, 3], dtype: 'float32', data: [[0.1, 'NaN', 1]] }] }));
    const r = await cli('run', addModel, '--input', input, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    // 0.1f + 0.5f = 0.6f (float32 sum), NaN + -1 = NaN, 1 + 2 = 3
    expect(r.out).toBe('{"outputs":[{"name":"y","shape":[1,3],"dtype":"float32","data":[0.6,"NaN",3]}]}');
    const back = JSON.parse(r.out) as { outputs: { data: (number | string)[] }[] };
    expect(Math.fround(back.outputs[0].data[0] as number)).toBe(Math.fround(Math.fround(0.1) + 0.5));
  });

  it('takes another batch size, and reshapes a same-size layout with a note', async () => {
    const batch = file('b2.json', JSON.stringify({ inputs: [{ shape: [2, 3], data: [0, 0, 0, 1, 1, 1] }] }));
    const r = await cli('run', addModel, '--input', batch, '--json');
    expect(JSON.parse(r.out).outputs[0]).toMatchObject({ shape: [2, 3], data: [0.5, -1, 2, 1.5, 0, 3] });
    const flat = file('flat.json', JSON.stringify({ inputs: [{ shape: [3], data: [1, 2, 3] }] }));
    const f = await cli('run', addModel, '--input', flat, '--json');
    expect(f.code).toBe(0);
    expect(f.err).toMatch(/note: input 0: shape \[3\] reshaped to the model's \[1,3\]/);
    expect(JSON.parse(f.out).outputs[0].data).toEqual([1.5, 1, 5]);
  });

  it('prints a readable listing without --json', async () => {
    const input = file('in2.json', '{"inputs":[{"shape":[1,3],"data":[1,2,3]}]}');
    const r = await cli('run', addModel, '--input', input);
    expect(r.out.split('\n')).toEqual(["output 0 'y' float32 [1,3], argmax 2", '  1.5 1 5']);
  });

  it('reads a raw input file named in the JSON', async () => {
    file('x.f32', new Uint8Array(new Float32Array([1, 1, 1]).buffer));
    const input = file('raw.json', '{"inputs":[{"shape":[1,3],"dtype":"float32","file":"x.f32"}]}');
    const r = await cli('run', addModel, '--input', input, '--json');
    expect(JSON.parse(r.out).outputs[0].data).toEqual([1.5, 0, 3]);
  });

  it('names what is wrong in one line', async () => {
    const cases: [string, string, RegExp, number][] = [
      ['bad.json', '{"inputs": [', /^quant-lab run: bad\.json: not valid JSON/, 1],
      ['shape.json', '{"inputs":[{"shape":[1,4],"data":[1,2,3,4]}]}', /shape\.json: input 0: model input 'x' wants float32 \[1,3\], got \[1,4\] \(4 values\)/, 1],
      ['count.json', '{"inputs":[{"shape":[1,3],"data":[1,2]}]}', /count\.json: input 0: shape \[1,3\] needs 3 values, got 2/, 1],
      ['two.json', '{"inputs":[{"shape":[1,3],"data":[1,2,3]},{"shape":[1],"data":[1]}]}', /the model takes 1 input\(s\) \('x' float32 \[1,3\]\), got 2/, 1],
      ['dtype.json', '{"inputs":[{"shape":[1,3],"dtype":"int32","data":[1,2,3]}]}', /wants float32 \[1,3\], got int32/, 1],
    ];
    for (const [name, text, re, code] of cases) {
      const r = await cli('run', addModel, '--input', file(name, text));
      expect(r.code, name).toBe(code);
      expect(r.err, name).toMatch(re);
      expect(r.err.split('\n').length, name).toBe(1);
    }
    const missing = await cli('run', addModel);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--input IN\.json is required/);
    const noFile = await cli('run', path.join(dir, 'nope.tflite'), '--input', file('ok.json', '{"inputs":[]}'));
    expect(noFile.code).toBe(1);
    expect(noFile.err).toMatch(/nope\.tflite: file not found/);
  });
});

describe.skipIf(!HAVE_SHARED)(HAVE_SHARED ? 'run on shared models agrees with the official runtime' : SKIP, () => {
  // Float models our float kernels cover; seeded inputs in the model's own shape.
  for (const name of ['hello_world_dense_float', 'har_mlp_float']) {
    it(name, async () => {
      const bytes = new Uint8Array(readFileSync(path.join(SHARED, `${name}.tflite`)));
      const official = await loadOfficial(bytes, { name });
      const info = official.inputs[0];
      const n = info.shape.reduce((a, b) => a * b, 1);
      const x = makeRng(17).floats(n, -1, 1);
      const input = file(`${name}.json`, JSON.stringify({ inputs: [{ shape: info.shape, dtype: 'float32', data: Array.from(x) }] }));
      const r = await cli('run', path.join(SHARED, `${name}.tflite`), '--input', input, '--json');
      expect(r.err).toBe('');
      const ours = JSON.parse(r.out).outputs[0] as { shape: number[]; data: number[] };
      const [theirs] = official.run([x]);
      official.delete();
      expect(ours.shape).toEqual(theirs.shape);
      expect(maxRelDiff(ours.data.map(Math.fround), theirs.data as Float32Array)).toBeLessThan(1e-5);
    });
  }
});
if (!HAVE_SHARED) console.log(`run.test.ts: ${SKIP}`);
