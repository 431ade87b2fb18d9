// One training run of the tutorial model in headless Chromium (system /usr/bin/chromium or
// CHROMIUM_PATH), in a dedicated Web Worker, on the app's code path (backend.ts → train.ts; the
// worker is train_chromium_worker.ts). Used by the bench's training section and the
// train_chromium.ts command.
//
// isolated: serve COOP/COEP/CORP headers, so the page is cross-origin isolated and tfjs picks its
// threaded-SIMD wasm binary (its thread count is capped at hardwareConcurrency / 2); otherwise the
// single-threaded SIMD binary. Also measures the CPU seconds the whole Chromium process tree spent
// between the worker's 'start' and 'epoch' events (from /proc; the steadier figure on a shared
// machine). Bundles the worker with esbuild (a devDependency, not used by the app).

import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../../e2e/chromium';
import type { BackendInfo } from '../../src/core/train/backend';
import type { EpochEvent, TrainOptions } from '../../src/core/train/train';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ChromiumTrainOptions {
  isolated: boolean;
  batchSize?: number;
  learningRate?: number;
  epochs?: number;
  seed?: number;
  /** XNNPACK threads for tfjs's threaded wasm (an experiment; default: tfjs's, hardwareConcurrency / 2). */
  threads?: number;
  /** Every event line from the worker (JSON text), as it arrives. */
  onLine?: (line: string) => void;
}

export interface ChromiumTrainResult {
  backend: BackendInfo;
  crossOriginIsolated: boolean;
  epochs: EpochEvent[];
  /** Per epoch: CPU seconds of all Chromium processes (start → epoch event, then epoch → epoch). */
  cpuSeconds: number[];
}

const PAGE = `<!doctype html><meta charset="utf-8"><title>train bench</title><script>
window.runTraining = (opts, threads) => new Promise((resolve, reject) => {
  const w = new Worker('/worker.js');
  w.onmessage = (e) => {
    if (e.data.type === 'done') resolve(e.data);
    else if (e.data.type === 'error') reject(new Error(e.data.message));
    else console.log(JSON.stringify(e.data));
  };
  w.postMessage({ wasmDir: '/wasm/', dataDir: '/data/', opts, threads });
});
</script>`;

const TYPES: Record<string, string> = { '.wasm': 'application/wasm', '.gz': 'application/octet-stream' };
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin',
};

async function workerBundle(): Promise<string> {
  const bundle = await build({
    entryPoints: [path.join(ROOT, 'tools/bench/train_chromium_worker.ts')], bundle: true, format: 'iife',
    platform: 'browser', target: 'es2022', write: false, minify: false, logLevel: 'error',
  });
  return bundle.outputFiles[0].text;
}

/** Serves the page, the worker bundle, tfjs's wasm files and the packed MNIST data on 127.0.0.1. */
async function serve(workerJs: string, isolated: boolean): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const headers: Record<string, string> = isolated ? { ...ISOLATION_HEADERS } : {};
    try {
      let body: string | Buffer;
      if (url === '/') [body, headers['Content-Type']] = [PAGE, 'text/html'];
      else if (url === '/worker.js') [body, headers['Content-Type']] = [workerJs, 'text/javascript'];
      else if (url.startsWith('/wasm/')) body = readFileSync(path.join(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist', path.basename(url)));
      else if (url.startsWith('/data/')) body = readFileSync(path.join(ROOT, 'public/data/mnist', path.basename(url)));
      else throw new Error('not found');
      headers['Content-Type'] ??= TYPES[path.extname(url)] ?? 'application/octet-stream';
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** utime + stime (seconds) of `root` and all its descendants, from /proc. */
export function treeCpuSeconds(root: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const text = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = text.slice(text.lastIndexOf(')') + 2).split(' '); // fields from 3 (state) on
      stats.set(Number(d), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch { /* the process ended */ }
  }
  let ticks = 0;
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    ticks += stats.get(pid)?.ticks ?? 0;
    for (const [child, s] of stats) if (s.ppid === pid) stack.push(child);
  }
  return ticks / 100; // USER_HZ
}

export async function trainInChromium(o: ChromiumTrainOptions): Promise<ChromiumTrainResult> {
  const opts: TrainOptions = {
    batchSize: o.batchSize ?? 32, learningRate: o.learningRate ?? 0.001, epochs: o.epochs ?? 1, seed: o.seed ?? 1,
  };
  const { server, port } = await serve(await workerBundle(), o.isolated);
  const browserServer = await chromium.launchServer({
    executablePath: chromiumPath(), headless: true,
    args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const pid = browserServer.process().pid!;
  const browser = await chromium.connect(browserServer.wsEndpoint());
  try {
    const tab = await browser.newPage();
    const cpuSeconds: number[] = [];
    let cpuMark = 0;
    tab.on('console', (m) => {
      const text = m.text();
      if (text.startsWith('{"type":"start"')) cpuMark = treeCpuSeconds(pid);
      if (text.startsWith('{"type":"epoch"')) {
        const now = treeCpuSeconds(pid);
        cpuSeconds.push(now - cpuMark);
        cpuMark = now;
      }
      o.onLine?.(text);
    });
    await tab.goto(`http://127.0.0.1:${port}/`);
    const done = await tab.evaluate(
      ([t, n]) => (window as unknown as { runTraining(t: unknown, n?: number): Promise<unknown> }).runTraining(t, n), [opts, o.threads] as const,
    ) as { backend: BackendInfo; crossOriginIsolated: boolean; epochs: EpochEvent[] };
    return { backend: done.backend, crossOriginIsolated: done.crossOriginIsolated, epochs: done.epochs, cpuSeconds };
  } finally {
    await browser.close();
    await browserServer.close();
    server.close();
  }
}
