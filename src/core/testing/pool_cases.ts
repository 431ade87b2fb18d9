// Shared helpers of the two pool kernel tests (MAX_POOL_2D, AVERAGE_POOL_2D).

import type { Activation, Padding, Pool2DOptions } from '../tflite/options';
import type { Kernel, TensorValue } from '../interpreter/kernel';
import { f32, runKernel, runtime } from './run_kernel';
import { refPool } from './reference/pool';
import { makeRng } from '../util/rng';
import { expectClose } from './tolerance';

export function poolOpts(o: Partial<Pool2DOptions> = {}): Pool2DOptions {
  return {
    type: 'Pool2DOptions', padding: 'VALID', strideH: 2, strideW: 2, filterHeight: 2, filterWidth: 2, fusedActivation: 'NONE', ...o,
  };
}

export function runPool(kernel: Kernel<never>, opName: string, shape: number[], data: ArrayLike<number>, o: Pool2DOptions): TensorValue {
  return runKernel(kernel, { opName, options: o, inputs: [runtime(f32(shape, data))], outputs: [{ dtype: 'float32' }] })[0];
}

/** 60 seeded cases (odd sizes, strides, SAME/VALID, activations, batch > 1) against refPool. */
export function sweepPool(kernel: Kernel<never>, opName: string, kind: 'max' | 'avg', seed: number): void {
  const rng = makeRng(seed);
  const acts: Activation[] = ['NONE', 'RELU', 'RELU6', 'RELU_N1_TO_1'];
  for (let t = 0; t < 60; t++) {
    const filterH = rng.int(1, 4);
    const filterW = rng.int(1, 4);
    const shape = [rng.int(1, 3), rng.int(filterH, 11), rng.int(filterW, 11), rng.int(1, 9)];
    const o = poolOpts({
      padding: (rng.next() < 0.5 ? 'SAME' : 'VALID') as Padding, strideH: rng.int(1, 3), strideW: rng.int(1, 3),
      filterHeight: filterH, filterWidth: filterW, fusedActivation: acts[rng.int(0, 3)],
    });
    const x = rng.floats(shape.reduce((a, b) => a * b, 1), -3, 3);
    const got = runPool(kernel, opName, shape, x, o);
    const want = refPool(kind, x, shape, {
      padding: o.padding, strideH: o.strideH, strideW: o.strideW, filterH, filterW, activation: o.fusedActivation,
    });
    if (got.shape.join() !== want.shape.join()) throw new Error(`case ${t}: shape [${got.shape}] vs [${want.shape}]`);
    expectClose(got.data as Float32Array, want.data, { rel: 1e-6, abs: 1e-7, what: `case ${t}` });
  }
}
