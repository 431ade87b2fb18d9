// Benchmark: one training run of the tutorial model in headless Chromium (system /usr/bin/chromium
// or CHROMIUM_PATH), in a dedicated Web Worker, on the app's code path (backend.ts → train.ts).
// Prints the epoch time and test accuracy; asserts nothing.
//
//   npx tsx tools/bench/train_chromium.ts [--batch 32] [--lr 0.001] [--epochs 1] [--seed 1] [--isolated]
//
// Also prints the CPU seconds the whole Chromium process tree spent between the worker's 'start'
// and 'epoch' events (from /proc; the steadier figure on a shared machine).
//
// --isolated serves COOP/COEP/CORP headers, so tfjs picks its threaded-SIMD wasm binary (its thread
// count is capped at hardwareConcurrency / 2). Bundles the worker with esbuild (a dependency of
// tsx/vite, not of the app).

import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../../e2e/chromium';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const isolated = args.includes('--isolated');
const opts = {
  batchSize: Number(opt('batch', '32')), learningRate: Number(opt('lr', '0.001')), epochs: Number(opt('epochs', '1')),
  seed: Number(opt('seed', '1')),
};

const bundle = await build({
  entryPoints: [path.join(ROOT, 'tools/bench/train_chromium_worker.ts')], bundle: true, format: 'iife',
  platform: 'browser', target: 'es2022', write: false, minify: false, logLevel: 'error',
});
const workerJs = bundle.outputFiles[0].text;
const page = `<!doctype html><meta charset="utf-8"><title>train bench</title><script>
window.runTraining = (opts) => new Promise((resolve, reject) => {
  const w = new Worker('/worker.js');
  w.onmessage = (e) => {
    if (e.data.type === 'done') resolve(e.data);
    else if (e.data.type === 'error') reject(new Error(e.data.message));
    else console.log(JSON.stringify(e.data));
  };
  w.postMessage({ wasmDir: '/wasm/', dataDir: '/data/', opts });
});
</script>`;

const TYPES: Record<string, string> = { '.wasm': 'application/wasm', '.gz': 'application/octet-stream' };
const server = createServer((req, res) => {
  const url = req.url ?? '/';
  const headers: Record<string, string> = isolated
    ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp', 'Cross-Origin-Resource-Policy': 'same-origin' }
    : {};
  try {
    let body: string | Buffer;
    if (url === '/') [body, headers['Content-Type']] = [page, 'text/html'];
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
const port = (server.address() as AddressInfo).port;

/** utime + stime (seconds) of `root` and all its descendants, from /proc. */
function treeCpuSeconds(root: number): number {
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

const server2 = await chromium.launchServer({
  executablePath: chromiumPath(), headless: true,
  args: ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const pid = server2.process().pid!;
const browser = await chromium.connect(server2.wsEndpoint());
try {
  const tab = await browser.newPage();
  let cpuAtStart = 0;
  tab.on('console', (m) => {
    const text = m.text();
    if (text.startsWith('{"type":"start"')) cpuAtStart = treeCpuSeconds(pid);
    if (text.startsWith('{"type":"epoch"')) console.log(`  Chromium CPU seconds this epoch (all processes): ${(treeCpuSeconds(pid) - cpuAtStart).toFixed(1)}`);
    console.log(`  ${text}`);
    if (text.startsWith('{"type":"epoch"')) cpuAtStart = treeCpuSeconds(pid);
  });
  await tab.goto(`http://127.0.0.1:${port}/`);
  const result = await tab.evaluate((o) => (window as unknown as { runTraining(o: unknown): Promise<unknown> }).runTraining(o), opts);
  console.log(JSON.stringify(result, null, 1));
} finally {
  await browser.close();
  await server2.close();
  server.close();
}
