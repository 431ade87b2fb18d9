import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSimdEnabled } from '../simd/kernels';
import type { Activation, FullyConnectedOptions } from '../../tflite/options';
import { constant, f32, prepareKernel, runKernel, runtime } from '../../testing/run_kernel';
import { refFullyConnected } from '../../testing/reference/fully_connected';
import { makeRng } from '../../util/rng';
import { expectClose, maxRelDiff } from '../../testing/tolerance';
import { checkOpGoldens } from '../../testing/golden_check';
import { opGoldens } from '../../testing/goldens/index';
import { Interpreter } from '../interpreter';
import { fullyConnected } from './fully_connected';

function opts(o: Partial<FullyConnectedOptions> = {}): FullyConnectedOptions {
  return {
    type: 'FullyConnectedOptions', fusedActivation: 'NONE', weightsFormat: 0, keepNumDims: false,
    asymmetricQuantizeInputs: false, quantizedBiasType: 'float32', ...o,
  };
}

describe.each([['SIMD', true], ['scalar JS', false]] as const)('FULLY_CONNECTED hand cases (tflite fully_connected_test.cc SimpleTest) (%s path)', (_path, simd) => {
  beforeAll(() => setSimdEnabled(simd));
  afterAll(() => setSimdEnabled(true));
  // weights: 3 units × 10 inputs, rows 1..10; bias 1,2,3; two batch rows.
  const weights = [...Array(3)].flatMap(() => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const input = [1, 2, 3, 4, 5, 6, 7, 8, -9, -10, 1, 2, 3, 4, 5, 6, 7, -8, 9, -10];

  it('computes [24, 25, 26, 58, 59, 60] and flattens a rank-3 input', () => {
    const [out] = runKernel(fullyConnected, {
      opName: 'FULLY_CONNECTED', options: opts({ fusedActivation: 'RELU' }),
      inputs: [runtime(f32([2, 1, 10], input)), constant(f32([3, 10], weights)), constant(f32([3], [1, 2, 3]))],
      outputs: [{ dtype: 'float32' }],
    });
    expect(out.shape).toEqual([2, 3]);
    expect(Array.from(out.data as Float32Array)).toEqual([24, 25, 26, 58, 59, 60]);
  });

  it('keep_num_dims keeps the leading dims; no bias (2 inputs or -1) means zero bias', () => {
    const [a] = runKernel(fullyConnected, {
      opName: 'FULLY_CONNECTED', options: opts({ keepNumDims: true }),
      inputs: [runtime(f32([2, 1, 10], input)), constant(f32([3, 10], weights))], outputs: [{ dtype: 'float32' }],
    });
    expect(a.shape).toEqual([2, 1, 3]);
    expect(Array.from(a.data as Float32Array)).toEqual([23, 23, 23, 57, 57, 57]);
    const [b] = runKernel(fullyConnected, {
      opName: 'FULLY_CONNECTED', options: opts(),
      inputs: [runtime(f32([2, 10], input)), constant(f32([3, 10], weights)), null], outputs: [{ dtype: 'float32' }],
    });
    expect(Array.from(b.data as Float32Array)).toEqual([23, 23, 23, 57, 57, 57]);
  });

  it('takes weights computed at run time', () => {
    const [out] = runKernel(fullyConnected, {
      opName: 'FULLY_CONNECTED', options: opts({ fusedActivation: 'RELU6' }),
      inputs: [runtime(f32([1, 2], [1, -1])), runtime(f32([2, 2], [3, 1, -1, 2])), constant(f32([2], [0, 1]))],
      outputs: [{ dtype: 'float32' }],
    });
    expect(Array.from(out.data as Float32Array)).toEqual([2, 0]);
  });
});

describe.each([['SIMD', true], ['scalar JS', false]] as const)('FULLY_CONNECTED seeded sweep vs the naive reference (%s path)', (_path, simd) => {
  beforeAll(() => setSimdEnabled(simd));
  afterAll(() => setSimdEnabled(true));
  it('matches on odd sizes, batches and activations', () => {
    const rng = makeRng(99);
    const acts: Activation[] = ['NONE', 'RELU', 'RELU6', 'RELU_N1_TO_1'];
    for (let t = 0; t < 40; t++) {
      const units = rng.int(1, 13);
      const inDepth = rng.int(1, 300);
      const batch = rng.int(1, 9);
      const act = acts[rng.int(0, 3)];
      const x = rng.floats(batch * inDepth);
      const w = rng.floats(units * inDepth);
      const bias = rng.next() < 0.7 ? rng.floats(units) : null;
      const [out] = runKernel(fullyConnected, {
        opName: 'FULLY_CONNECTED', options: opts({ fusedActivation: act }),
        inputs: [runtime(f32([batch, inDepth], x)), constant(f32([units, inDepth], w)), bias ? constant(f32([units], bias)) : null],
        outputs: [{ dtype: 'float32' }],
      });
      expect(out.shape).toEqual([batch, units]);
      expectClose(out.data as Float32Array, refFullyConnected(x, w, units, inDepth, bias, act), { rel: 1e-5, abs: 1e-5, what: `case ${t}` });
    }
  });

  it('handles a batch larger than one band of rows, at a new batch size', () => {
    const rng = makeRng(3);
    const w = rng.floats(10 * 2028);
    const k = prepareKernel(fullyConnected, {
      opName: 'FULLY_CONNECTED', options: opts(),
      inputs: [runtime(f32([1, 2028], rng.floats(2028))), constant(f32([10, 2028], w)), constant(f32([10], rng.floats(10)))],
      outputs: [{ dtype: 'float32' }],
    });
    const x = rng.floats(70 * 2028);
    const [out] = k.run([f32([70, 2028], x)]);
    expect(out.shape).toEqual([70, 10]);
    const bias = (k.ctx.inputs[2]!.constant!.data as Float32Array);
    // 2028-term sums of ±1 values cancel heavily: judge by the project's measure (max |diff| over
    // max |expected|) rather than element by element.
    expect(maxRelDiff(out.data as Float32Array, refFullyConnected(x, w, 10, 2028, bias, 'NONE'))).toBeLessThan(3e-6);
  });
});

describe('FULLY_CONNECTED errors', () => {
  const spec = (inShape: number[], wShape: number[], o = opts()) => ({
    opName: 'FULLY_CONNECTED', nodeIndex: 7, options: o,
    inputs: [
      runtime(f32(inShape, new Array(inShape.reduce((a, b) => a * b, 1)).fill(1))),
      constant(f32(wShape, new Array(wShape.reduce((a, b) => a * b, 1)).fill(1)), 'dense/kernel'),
    ],
    outputs: [{ dtype: 'float32' as const }],
  });
  it('refuses int8 weights without scales (hybrid path), naming the tensor', () => {
    const s = spec([1, 4], [2, 4]);
    s.inputs[1] = constant({ dtype: 'int8', shape: [2, 4], data: new Int8Array(8), quantization: null }, 'dense/kernel');
    expect(() => runKernel(fullyConnected, s))
      .toThrow(/FULLY_CONNECTED \(node 7\): weights \(tensor 1 'dense\/kernel'\) is int8 without quantization scales/);
  });
  it('refuses a non-divisible input, keep_num_dims mismatch, 3-D weights, shuffled format', () => {
    expect(() => runKernel(fullyConnected, spec([1, 5], [2, 4]))).toThrow(/\[1, 5\] \(5 values\) is not a whole number of rows of 4/);
    expect(() => runKernel(fullyConnected, spec([2, 2], [2, 4], opts({ keepNumDims: true })))).toThrow(/last dimension must be 4/);
    expect(() => runKernel(fullyConnected, spec([1, 4], [2, 2, 2]))).toThrow(/must be 2-D/);
    expect(() => runKernel(fullyConnected, spec([1, 4], [2, 4], opts({ weightsFormat: 1 })))).toThrow(/shuffled/);
  });
});

describe.each([['SIMD', true], ['scalar JS', false]] as const)('FULLY_CONNECTED vs the official runtime (goldens) (%s path)', (_path, simd) => {
  beforeAll(() => setSimdEnabled(simd));
  afterAll(() => setSimdEnabled(true));
  const isHybrid = (title: string) => title.includes('hybrid');
  it('float cases equal the official runtime (XNNPACK) bit for bit', () => {
    expect(checkOpGoldens('FULLY_CONNECTED', 0, (g) => !isHybrid(g.title)).length).toBeGreaterThanOrEqual(7);
  });
  it('hybrid cases (int8 weights) run on the hybrid path (numbers compared in hybrid/fully_connected.test.ts)', () => {
    const hybrid = opGoldens('FULLY_CONNECTED').filter((g) => isHybrid(g.title));
    expect(hybrid.length).toBeGreaterThan(0);
    for (const g of hybrid) expect(() => Interpreter.create(g.model).invoke(g.inputs)).not.toThrow();
  });
});
