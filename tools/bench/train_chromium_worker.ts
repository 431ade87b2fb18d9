// Worker side of tools/bench/train_chromium.ts: the app's training path (backend.ts → train.ts) in a
// Chromium Web Worker. Posts every epoch event, every 200th batch event and a final 'done'.

import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { imageSetFromIdx } from '../../src/core/data/mnist';
import { initBackend } from '../../src/core/train/backend';
import { train, type TrainOptions } from '../../src/core/train/train';

async function gunzipFetch(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await new Response(res.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
}

self.onmessage = async (e: MessageEvent<{ wasmDir: string; dataDir: string; opts: TrainOptions; threads?: number }>) => {
  try {
    const { wasmDir, dataDir, opts, threads } = e.data;
    // An experiment only (the app keeps tfjs's default, hardwareConcurrency / 2): must precede the backend's start.
    if (threads !== undefined) setThreadsCount(threads);
    const backend = await initBackend({ wasmPaths: wasmDir });
    const [ti, tl, vi, vl] = await Promise.all([
      'train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte',
    ].map((f) => gunzipFetch(`${dataDir}${f}.gz`)));
    const trainSet = imageSetFromIdx(ti, tl, 'train');
    const testSet = imageSetFromIdx(vi, vl, 'test');
    const result = await train(trainSet, testSet, opts, (ev) => {
      if (ev.type !== 'batch' || ev.batch % 200 === 0) postMessage(ev);
    });
    postMessage({ type: 'done', backend, crossOriginIsolated: self.crossOriginIsolated, epochs: result.epochs });
  } catch (err) {
    postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
