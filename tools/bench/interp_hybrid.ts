// Micro benchmark of the hybrid (dynamic-range) kernels next to the float path, same weights:
//   mnist_cnn_float vs mnist_cnn_drq (tutorial CNN; only the Dense layer is hybrid), 10,000 images
//   in batches of 1,000; and mnist_codelab_dynrange (hybrid 3×3×32→64 CONV_2D), 500 images.
// Each hybrid model runs with the WebAssembly SIMD kernels and with the JavaScript ones. Prints CPU
// ms and the ratio to the float model. Run: npx tsx tools/bench/interp_hybrid.ts
// Needs ../shared/models (or QUANTLAB_MODELS=dir).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Interpreter } from '../../src/core/interpreter/interpreter';
import { setHybridSimdEnabled } from '../../src/core/interpreter/hybrid/simd';
import { makeRng } from '../../src/core/util/rng';

const dir = process.env.QUANTLAB_MODELS ?? join(process.cwd(), '..', 'shared', 'models');
if (!existsSync(join(dir, 'mnist_cnn_drq.tflite'))) {
  console.error(`skipped: ${dir} not found (set QUANTLAB_MODELS=dir)`);
  process.exit(2);
}

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function bench(file: string, shape: number[], images: Float32Array, n: number, chunk: number): number {
  const interp = Interpreter.create(new Uint8Array(readFileSync(join(dir, file))), { fileName: file });
  const per = shape.reduce((a, b) => a * b, 1);
  const run = (): number => {
    const c0 = cpuMs();
    for (let i = 0; i < n; i += chunk) {
      const k = Math.min(chunk, n - i);
      interp.invoke([{ dtype: 'float32', shape: [k, ...shape], data: images.subarray(i * per, (i + k) * per), quantization: null }]);
    }
    return cpuMs() - c0;
  };
  run(); // warm-up (JIT, buffer pools, wasm memory)
  return Math.min(run(), run(), run());
}

const rng = makeRng(1);
const N = 10_000;
const images = rng.floats(N * 784, 0, 1);
const rows: [string, number][] = [];
const float = bench('mnist_cnn_float.tflite', [28, 28], images, N, 1000);
rows.push(['mnist_cnn_float (float)', float]);
for (const simd of [true, false]) {
  setHybridSimdEnabled(simd);
  rows.push([`mnist_cnn_drq (hybrid FC, ${simd ? 'SIMD' : 'JS'})`, bench('mnist_cnn_drq.tflite', [28, 28], images, N, 1000)]);
}
for (const [name, ms] of rows) console.log(`${name.padEnd(40)} ${ms.toFixed(0).padStart(6)} ms CPU / ${N} images   ×${(ms / float).toFixed(2)} of float`);
const M = 500;
for (const simd of [true, false]) {
  setHybridSimdEnabled(simd);
  const ms = bench('mnist_codelab_dynrange.tflite', [28, 28, 1], images, M, 100);
  console.log(`${`mnist_codelab_dynrange (hybrid conv, ${simd ? 'SIMD' : 'JS'})`.padEnd(40)} ${(ms / M).toFixed(2).padStart(6)} ms CPU / image`);
}
