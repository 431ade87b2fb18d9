// Picks and starts the tfjs backend for training, in the order measured fastest on a no-GPU laptop
// (see the training notes): wasm (SIMD; threaded when the page is cross-origin isolated) → webgl →
// cpu. wasm gets our Conv2DBackpropFilter kernel first, or it cannot train a Conv2D model.
//
// Runs in Node (CLI, tests) and in a Web Worker. The caller says where the three .wasm files are:
// Node passes the dist/ folder of @tensorflow/tfjs-backend-wasm (see node_wasm.ts); the app passes
// URLs it serves from its own origin.

import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmTrainingKernels } from './wasm_kernels';

export type BackendName = 'wasm' | 'webgl' | 'cpu';

export type WasmBinaryName =
  | 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

export interface BackendOptions {
  /** Folder holding the three .wasm files (with a trailing '/'), or one URL/path per file. */
  wasmPaths?: string | Record<WasmBinaryName, string>;
  /** Backends to try, in order. Default: wasm, webgl, cpu. */
  order?: BackendName[];
}

/** What runs the training; plain JSON, shown in the UI and the CLI. */
export interface BackendInfo {
  name: BackendName;
  /** wasm only: the SIMD binary is in use (null for other backends). */
  simd: boolean | null;
  /** wasm only: the threaded binary is in use (needs crossOriginIsolated). */
  multithreaded: boolean | null;
  /** XNNPACK threads for wasm; 1 for cpu; 0 for webgl (the GPU does the work). */
  threads: number;
  /** Backends tried before this one, with why each failed. */
  skipped: { name: BackendName; reason: string }[];
}

export class BackendUnavailableError extends Error {
  constructor(readonly skipped: BackendInfo['skipped']) {
    super(`no tfjs backend could start: ${skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}`);
    this.name = 'BackendUnavailableError';
  }
}

const DEFAULT_ORDER: BackendName[] = ['wasm', 'webgl', 'cpu'];

let wasmPathsSet = false;

function prepareWasm(paths: BackendOptions['wasmPaths']): void {
  registerWasmTrainingKernels();
  // setWasmPaths throws once the wasm backend has started; the paths then no longer matter.
  if (wasmPathsSet || tf.findBackend('wasm')) return;
  if (paths === undefined) throw new Error('no wasmPaths given (where are the .wasm files?)');
  setWasmPaths(paths);
  wasmPathsSet = true;
}

async function describe(name: BackendName, skipped: BackendInfo['skipped']): Promise<BackendInfo> {
  if (name !== 'wasm') return { name, simd: null, multithreaded: null, threads: name === 'cpu' ? 1 : 0, skipped };
  const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
  const multithreaded = simd && Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
  return { name, simd, multithreaded, threads: getThreadsCount(), skipped };
}

/**
 * Starts the first backend of `order` that works and makes it tfjs's current backend.
 * Throws BackendUnavailableError naming every failure when none does.
 */
export async function initBackend(opts: BackendOptions = {}): Promise<BackendInfo> {
  const skipped: BackendInfo['skipped'] = [];
  for (const name of opts.order ?? DEFAULT_ORDER) {
    try {
      if (name === 'wasm') prepareWasm(opts.wasmPaths);
      if (await tf.setBackend(name)) {
        await tf.ready();
        return await describe(name, skipped);
      }
      skipped.push({ name, reason: 'backend failed to initialise' });
    } catch (e) {
      skipped.push({ name, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  throw new BackendUnavailableError(skipped);
}
