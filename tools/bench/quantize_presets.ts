// Node-only benchmark script (not imported by the app):
//
//   npx tsx src/core/quantize/bench_quantize.ts [--mb 128] [--rounds 3]
//
// Builds a float32 model with one big FULLY_CONNECTED weight of about --mb megabytes (plus a
// CONV_2D and a DEPTHWISE_CONV_2D), writes it, then times each preset through the whole pipeline
// (readModel → plan → apply → writeModel) and the quantize step alone (apply). Prints MB of float32
// weights per second, wall clock and CPU time side by side (CPU time is the steadier figure on a
// shared machine), and the peak memory seen during the pipeline as a multiple of the file size
// (peak RSS minus the RSS before the run, sampled at every progress callback and at the end).

import { buildModel, options } from '../testing/model_builder';
import { makeRng } from '../testing/rng';
import { readModel } from '../tflite/reader';
import { writeModel } from '../tflite/writer';
import { applyPlan } from './apply';
import { quantizeFile } from './pipeline';
import { planQuantization } from './plan';
import { makePolicy, type QuantPolicy } from './policy';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

function syntheticModel(megabytes: number): Uint8Array {
  const inputs = 4096;
  const units = Math.max(1, Math.round((megabytes * 1e6) / 4 / inputs));
  const rng = makeRng(42);
  return writeModel(buildModel({
    tensors: {
      x: { dtype: 'float32', shape: [1, 16, 16, 32] },
      cw: { dtype: 'float32', shape: [64, 3, 3, 32], data: rng.floats(64 * 9 * 32, -0.3, 0.3) },
      c: { dtype: 'float32', shape: [1, 16, 16, 64] },
      dw: { dtype: 'float32', shape: [1, 4, 4, 64], data: rng.floats(1024, -0.3, 0.3) },
      d: { dtype: 'float32', shape: [1, 16, 16, 64] },
      shape: { dtype: 'int32', shape: [2], data: [1, inputs] },
      flat: { dtype: 'float32', shape: [1, inputs] },
      w: { dtype: 'float32', shape: [units, inputs], data: rng.floats(units * inputs, -0.1, 0.1) },
      b: { dtype: 'float32', shape: [units], data: rng.floats(units, -0.1, 0.1) },
      y: { dtype: 'float32', shape: [1, units] },
    },
    ops: [
      { op: 'CONV_2D', options: options('Conv2DOptions', { padding: 'SAME' }), inputs: ['x', 'cw', null], outputs: ['c'] },
      { op: 'DEPTHWISE_CONV_2D', options: options('DepthwiseConv2DOptions', { padding: 'SAME' }), inputs: ['c', 'dw', null], outputs: ['d'] },
      { op: 'RESHAPE', inputs: ['d', 'shape'], outputs: ['flat'] },
      { op: 'FULLY_CONNECTED', options: options('FullyConnectedOptions'), inputs: ['flat', 'w', 'b'], outputs: ['y'] },
    ],
  })).slice();
}

interface Timing { wallMs: number; cpuMs: number }

async function timed(f: () => Promise<unknown>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  await f();
  const d = process.cpuUsage(cpu);
  return { wallMs: performance.now() - t, cpuMs: (d.user + d.system) / 1000 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const megabytes = arg('mb', 128);
  const rounds = arg('rounds', 3);
  const gc = (globalThis as { gc?: () => void }).gc;
  const file = syntheticModel(megabytes);
  const model = readModel(file);
  const weightMB = model.subgraphs[0]!.tensors.reduce((n, t) => n + (t.dtype === 'float32' ? model.buffers[t.buffer]!.length : 0), 0) / 1e6;
  console.log(`file ${(file.length / 1e6).toFixed(1)} MB, float32 weights ${weightMB.toFixed(1)} MB${gc ? '' : ' (run node with --expose-gc for steadier memory figures)'}`);
  console.log('policy            pipeline MB/s (wall / cpu)   apply MB/s (wall / cpu)   peak memory × file');
  const policies: [string, QuantPolicy][] = [
    ['tf2.21', makePolicy()], ['tf2.14', makePolicy({ preset: 'tf2.14' })], ['tf2.4', makePolicy({ preset: 'tf2.4' })],
    ['float16', makePolicy({ mode: 'float16' })],
  ];
  for (const [name, policy] of policies) {
    const pipe: Timing[] = [];
    const apply: Timing[] = [];
    let peak = 0;
    for (let r = 0; r < rounds; r++) {
      gc?.();
      const base = process.memoryUsage().rss;
      const sample = () => { peak = Math.max(peak, process.memoryUsage().rss - base); };
      pipe.push(await timed(async () => {
        const out = await quantizeFile(file, policy, { onProgress: sample });
        sample();
        return out;
      }));
      const plan = planQuantization(model, policy);
      apply.push(await timed(() => applyPlan(model, plan)));
    }
    const rate = (ts: Timing[], k: keyof Timing) => (weightMB / (median(ts.map((t) => t[k])) / 1000)).toFixed(0);
    console.log(`${name.padEnd(18)}${`${rate(pipe, 'wallMs')} / ${rate(pipe, 'cpuMs')}`.padEnd(29)}${`${rate(apply, 'wallMs')} / ${rate(apply, 'cpuMs')}`.padEnd(26)}${(peak / file.length).toFixed(2)}`);
  }
}

await main();
