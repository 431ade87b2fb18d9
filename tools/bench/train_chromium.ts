// Benchmark: one training run of the tutorial model in headless Chromium, in a dedicated Web
// Worker, on the app's code path (chromium_training.ts). Prints every epoch event, the Chromium
// CPU seconds per epoch and the final result; asserts nothing.
//
//   npx tsx tools/bench/train_chromium.ts [--batch 32] [--lr 0.001] [--epochs 1] [--seed 1] [--isolated] [--threads N]
//
// --isolated: cross-origin isolated page, so tfjs uses its threaded-SIMD wasm binary.
// --threads N: XNNPACK threads for that binary (default: tfjs's, hardwareConcurrency / 2).

import { trainInChromium } from './chromium_training';

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};

const result = await trainInChromium({
  isolated: args.includes('--isolated'),
  batchSize: Number(opt('batch', '32')), learningRate: Number(opt('lr', '0.001')), epochs: Number(opt('epochs', '1')),
  seed: Number(opt('seed', '1')),
  threads: args.includes('--threads') ? Number(opt('threads', '')) : undefined,
  onLine: (line) => console.log(`  ${line}`),
});
result.cpuSeconds.forEach((s, i) => console.log(`  Chromium CPU seconds, epoch ${i + 1} (all processes): ${s.toFixed(1)}`));
console.log(JSON.stringify(result, null, 1));
