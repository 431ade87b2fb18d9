// Our wasm training kernels: hand-computed cases for the pure loops, then seeded random shapes
// through tfjs (wasm, our kernels) against tfjs-cpu (tfjs's reference kernels). The official TFLite
// runtime has no training ops, so there are no goldens from it here; the trained model's export is
// checked against it in export.test.ts.

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { makeRng } from '../util/rng';
import { maxRelDiff } from '../testing/tolerance';
import { initBackend } from './backend';
import { nodeWasmDir } from './node_wasm';
import { im2colTransposed, maxPoolGradImpl, type ConvGeometry, type PoolGeometry } from './wasm_kernels';

describe('im2colTransposed (hand cases)', () => {
  it('lays out a 3×3 input for a 2×2 filter as [taps, output pixels]', () => {
    // x [1, 3, 3, 1] = 1..9; VALID, stride 1 → 2×2 outputs; 4 taps.
    const x = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const g: ConvGeometry = {
      batch: 1, inH: 3, inW: 3, inC: 1, outH: 2, outW: 2, kH: 2, kW: 2, strideH: 1, strideW: 1,
      dilationH: 1, dilationW: 1, padTop: 0, padLeft: 0,
    };
    const p = new Float32Array(16).fill(NaN);
    im2colTransposed(x, g, p);
    // tap (0,0) sees 1 2 4 5; tap (0,1) sees 2 3 5 6; tap (1,0) 4 5 7 8; tap (1,1) 5 6 8 9.
    expect(Array.from(p)).toEqual([1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9]);
  });

  it('writes zeros where a tap falls in the padding (SAME, stride 2, two channels)', () => {
    // x [1, 2, 2, 2]: channel 0 = 1 2 3 4, channel 1 = 10 20 30 40. 3×3 filter, SAME, stride 2 →
    // 1×1 output, padding 1 on top/left (TF puts the odd padding at the bottom/right: total 1 → 0 + 1).
    const x = Float32Array.from([1, 10, 2, 20, 3, 30, 4, 40]);
    const g: ConvGeometry = {
      batch: 1, inH: 2, inW: 2, inC: 2, outH: 1, outW: 1, kH: 3, kW: 3, strideH: 2, strideW: 2,
      dilationH: 1, dilationW: 1, padTop: 0, padLeft: 0,
    };
    const p = new Float32Array(18).fill(NaN);
    im2colTransposed(x, g, p);
    // taps in [kh, kw, c] order; input rows/cols 0..1 are inside, row/col 2 is padding.
    expect(Array.from(p)).toEqual([1, 10, 2, 20, 0, 0, 3, 30, 4, 40, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('maxPoolGradImpl (hand cases)', () => {
  const g2x2: PoolGeometry = {
    batch: 1, inH: 4, inW: 4, channels: 1, outH: 2, outW: 2, filterH: 2, filterW: 2, strideH: 2,
    strideW: 2, padTop: 0, padLeft: 0,
  };

  it('sends each window gradient to its maximum', () => {
    const x = Float32Array.from([
      1, 5, 0, 2,
      3, 4, 9, 1,
      -1, -2, 7, 7,
      -3, -4, 6, 8,
    ]);
    const dy = Float32Array.from([10, 20, 30, 40]);
    const dx = new Float32Array(16).fill(NaN);
    maxPoolGradImpl(x, dy, g2x2, dx);
    expect(Array.from(dx)).toEqual([
      0, 10, 0, 0,
      0, 0, 20, 0,
      30, 0, 0, 0,
      0, 0, 0, 40,
    ]);
  });

  it('gives a tie to the first maximum in row-major order, also for all-zero and negative windows', () => {
    // Windows: all zeros (as after ReLU), all equal negatives, a tie on the second row, NaN-free.
    const x = Float32Array.from([
      0, 0, -2, -2,
      0, 0, -2, -2,
      1, 3, 5, 4,
      3, 2, 5, 5,
    ]);
    const dy = Float32Array.from([1, 2, 3, 4]);
    const dx = new Float32Array(16);
    maxPoolGradImpl(x, dy, g2x2, dx);
    expect(Array.from(dx)).toEqual([
      1, 0, 2, 0,
      0, 0, 0, 0,
      0, 3, 4, 0,
      0, 0, 0, 0,
    ]);
  });

  it('accumulates where windows overlap (3×3, stride 1, SAME padding)', () => {
    // x [1, 2, 2, 1] = [[1, 2], [3, 4]]: 4 is in every window, so it collects every dy.
    const g: PoolGeometry = {
      batch: 1, inH: 2, inW: 2, channels: 1, outH: 2, outW: 2, filterH: 3, filterW: 3, strideH: 1,
      strideW: 1, padTop: 1, padLeft: 1,
    };
    const dx = new Float32Array(4);
    maxPoolGradImpl(Float32Array.from([1, 2, 3, 4]), Float32Array.from([1, 2, 3, 4]), g, dx);
    expect(Array.from(dx)).toEqual([0, 0, 0, 10]);
  });
});

type Backend = 'cpu' | 'wasm';

async function onBackend<T>(name: Backend, f: () => T): Promise<T> {
  await tf.setBackend(name);
  return f();
}

describe('wasm kernels against tfjs-cpu (seeded random shapes)', () => {
  beforeAll(async () => {
    const info = await initBackend({ wasmPaths: nodeWasmDir(), order: ['wasm'] });
    expect(info.name).toBe('wasm');
  });

  const rng = makeRng(20260101);

  const convCases = Array.from({ length: 8 }, (_, i) => {
    const k = rng.int(1, 5);
    return {
      i, batch: rng.int(1, 4), h: rng.int(k, 12), w: rng.int(4, 12), inC: rng.int(1, 4), outC: rng.int(1, 6),
      k, kw: rng.int(1, 4), stride: rng.int(1, 3), pad: rng.next() < 0.5 ? 'valid' as const : 'same' as const,
    };
  });
  // The tutorial's own layer as well: [32, 28, 28, 1] → 12 filters 3×3 VALID.
  convCases.push({ i: 8, batch: 32, h: 28, w: 28, inC: 1, outC: 12, k: 3, kw: 3, stride: 1, pad: 'valid' });

  it.each(convCases)('Conv2DBackpropFilter case $i: [$batch,$h,$w,$inC] filter $k×$kw→$outC stride $stride $pad', async (c) => {
    const x = rng.floats(c.batch * c.h * c.w * c.inC, -1, 1);
    const filterShape: [number, number, number, number] = [c.k, c.kw, c.inC, c.outC];
    const f = rng.floats(filterShape.reduce((a, b) => a * b, 1), -1, 1);
    const outShape = tf.tidy(() => tf.conv2d(tf.tensor4d(x, [c.batch, c.h, c.w, c.inC]), tf.tensor4d(f, filterShape), c.stride, c.pad).shape);
    const rv = rng.floats(outShape.reduce((a, b) => a * b, 1), -1, 1);
    // d(sum(conv(x, f) * r))/df = Conv2DBackpropFilter(x, dy = r)
    const grad = (backend: Backend) => onBackend(backend, () => tf.tidy(() => {
      const xt = tf.tensor4d(x, [c.batch, c.h, c.w, c.inC]);
      const ft = tf.tensor4d(f, filterShape);
      const r = tf.tensor(rv, outShape);
      return tf.grad((filt: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xt, filt as tf.Tensor4D, c.stride, c.pad), r)))(ft).dataSync();
    }));
    const before = tf.memory().numTensors;
    const cpu = await grad('cpu');
    const wasm = await grad('wasm');
    expect(tf.memory().numTensors).toBe(before);
    expect(maxRelDiff(wasm, cpu)).toBeLessThan(1e-5);
  });

  const poolCases = Array.from({ length: 8 }, (_, i) => {
    const f = rng.int(1, 3);
    return {
      i, batch: rng.int(1, 3), h: rng.int(f, 11), w: rng.int(3, 11), c: rng.int(1, 5), f, fw: rng.int(1, 3),
      stride: rng.int(1, 3), pad: rng.next() < 0.5 ? 'valid' as const : 'same' as const,
    };
  });
  poolCases.push({ i: 8, batch: 32, h: 26, w: 26, c: 12, f: 2, fw: 2, stride: 2, pad: 'valid' });

  it.each(poolCases)('MaxPoolGrad case $i: [$batch,$h,$w,$c] window $f×$fw stride $stride $pad', async (c) => {
    // Values quantised to 1/8 in [-1, 1] so windows hold ties: tie-breaking is compared too.
    const x = rng.floats(c.batch * c.h * c.w * c.c, -1, 1).map((v) => Math.round(v * 8) / 8);
    const pool = (t: tf.Tensor4D) => tf.maxPool(t, [c.f, c.fw], c.stride, c.pad);
    const outShape = tf.tidy(() => pool(tf.tensor4d(x, [c.batch, c.h, c.w, c.c])).shape);
    const rv = rng.floats(outShape.reduce((a, b) => a * b, 1), -1, 1);
    const grad = (backend: Backend) => onBackend(backend, () => tf.tidy(() => {
      const xt = tf.tensor4d(x, [c.batch, c.h, c.w, c.c]);
      const r = tf.tensor(rv, outShape);
      return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(pool(t as tf.Tensor4D), r)))(xt).dataSync();
    }));
    const before = tf.memory().numTensors;
    const cpu = await grad('cpu');
    const wasm = await grad('wasm');
    expect(tf.memory().numTensors).toBe(before);
    expect(maxRelDiff(wasm, cpu)).toBeLessThan(1e-6);
  });
});
