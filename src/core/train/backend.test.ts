// Backend choice in Node: no WebGL here, so the fallback path is real, not mocked.

import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { BackendUnavailableError, initBackend } from './backend';
import { nodeWasmDir } from './node_wasm';

describe('initBackend', () => {
  it('refuses wasm without a wasm path, names why, and falls back to the next backend', async () => {
    const info = await initBackend({ order: ['wasm', 'cpu'] });
    expect(info.name).toBe('cpu');
    expect(info.skipped).toEqual([{ name: 'wasm', reason: expect.stringMatching(/no wasmPaths given/) }]);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('throws BackendUnavailableError listing every failure when nothing starts', async () => {
    const run = initBackend({ order: ['webgl'] });
    await expect(run).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(initBackend({ order: ['webgl'] })).rejects.toThrow(/no tfjs backend could start: webgl \(/);
  });

  it('starts wasm with SIMD from the package folder, with our training kernels registered', async () => {
    const info = await initBackend({ wasmPaths: nodeWasmDir(), order: ['wasm', 'cpu'] });
    // Node: tfjs disables wasm threads, so XNNPACK runs on one thread.
    expect(info).toEqual({ name: 'wasm', simd: true, multithreaded: false, threads: 1, skipped: [] });
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    // A second call keeps the running backend (setWasmPaths may not be called again).
    expect((await initBackend({ wasmPaths: nodeWasmDir() })).name).toBe('wasm');
  });
});
