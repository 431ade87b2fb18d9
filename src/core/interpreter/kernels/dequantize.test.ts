import { describe, expect, it } from 'vitest';
import type { Quantization } from '../../tflite/ir';
import { makeRng } from '../../util/rng';
import { constant, runKernel, runtime } from '../../testing/run_kernel';
import { refHalfToFloat } from '../../testing/reference/elementwise';
import type { TensorValue } from '../kernel';
import { dequantize, halfBitsToFloat32 } from './dequantize';
import { describeOpGoldens } from '../../testing/reference/op_goldens';

const quant = (scale: number[], zeroPoint: number[], quantizedDimension = 0): Quantization =>
  ({ scale, zeroPoint, quantizedDimension, min: null, max: null, custom: null });
const run = (x: TensorValue, isConst = false, nodeIndex = 0): TensorValue =>
  runKernel(dequantize, { opName: 'DEQUANTIZE', nodeIndex, inputs: [isConst ? constant(x) : runtime(x)], outputs: [{ dtype: 'float32' }] })[0];
const nums = (v: TensorValue): number[] => Array.from(v.data as ArrayLike<number>);

describe('DEQUANTIZE kernel', () => {
  it('uint8 and int8 per-tensor (TFLite dequantize_test Uint8, Int8)', () => {
    const want = [-63.5, -63, -62.5, -62, -61.5, 62, 62.5, 63, 63.5, 64];
    const u8: TensorValue = { dtype: 'uint8', shape: [2, 5], data: new Uint8Array([0, 1, 2, 3, 4, 251, 252, 253, 254, 255]), quantization: quant([0.5], [127]) };
    const out = run(u8);
    expect(out.shape).toEqual([2, 5]);
    expect(nums(out)).toEqual(want);
    const i8: TensorValue = { dtype: 'int8', shape: [2, 5], data: new Int8Array([-128, -127, -126, -125, -124, 123, 124, 125, 126, 127]), quantization: quant([0.5], [-1]) };
    expect(nums(run(i8, true))).toEqual(want);
    const i16: TensorValue = { dtype: 'int16', shape: [3], data: new Int16Array([-32768, 0, 32767]), quantization: quant([0.25], [4]) };
    expect(nums(run(i16))).toEqual([-8193, -1, 8190.75]);
  });

  it('per-channel int8 along quantized_dimension 0 and 3 (hand-computed)', () => {
    const w: TensorValue = { dtype: 'int8', shape: [2, 3], data: new Int8Array([1, -2, 127, 4, 5, -127]), quantization: quant([0.5, 2], [0, 1]) };
    expect(nums(run(w, true))).toEqual([0.5, -1, 63.5, 6, 8, -256]);
    // Depthwise layout [1, H, W, C] with one scale per C (axis 3).
    const dw: TensorValue = { dtype: 'int8', shape: [1, 2, 1, 2], data: new Int8Array([10, 10, -20, -20]), quantization: quant([0.1, 0.01], [0, 0], 3) };
    expect(nums(run(dw))).toEqual([0.1 * 10, 0.01 * 10, 0.1 * -20, 0.01 * -20].map(Math.fround));
  });

  it('float16 → float32 exactly (TFLite dequantize_test Float16), from raw bits or pre-widened values', () => {
    // Half bits of -535.5, -100, -1, 0, 1, 0.01 (→ 0.01000213623046875), 3, 100, 65504, -0, +inf.
    const bits = new Uint16Array([0xe02f, 0xd640, 0xbc00, 0x0000, 0x3c00, 0x211f, 0x4200, 0x5640, 0x7bff, 0x8000, 0x7c00]);
    const want = [-535.5, -100, -1, 0, 1, 0.01000213623046875, 3, 100, 65504, -0, Infinity];
    expect(nums(run({ dtype: 'float16', shape: [11], data: bits, quantization: null }, true))).toEqual(want);
    expect(nums(run({ dtype: 'float16', shape: [11], data: Float32Array.from(want), quantization: null }))).toEqual(want);
  });

  it('half → float agrees with the IEEE bit layout on all 65,536 patterns', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const out = new Float32Array(65536);
    halfBitsToFloat32(all, out);
    const bits32 = new Uint32Array(out.buffer);
    for (let h = 0; h < 65536; h++) {
      const exp = (h >> 10) & 0x1f;
      const frac = h & 0x3ff;
      if (exp === 31 && frac !== 0) { expect(Number.isNaN(out[h])).toBe(true); continue; }
      if (exp === 0) { expect(out[h]).toBe(refHalfToFloat(h)); continue; }
      // Normal or infinity: same sign, exponent rebiased 15 → 127, mantissa shifted left by 13.
      const want = ((h & 0x8000) << 16) | ((exp === 31 ? 255 : exp - 15 + 127) << 23) | (frac << 13);
      if (bits32[h] !== want >>> 0) expect(`${h}: ${bits32[h].toString(16)}`).toBe(`${h}: ${(want >>> 0).toString(16)}`);
    }
  });

  it('agrees with q × scale on seeded random per-tensor and per-channel int8 tensors', () => {
    const rng = makeRng(3141);
    for (let trial = 0; trial < 30; trial++) {
      const shape = Array.from({ length: rng.int(1, 4) }, () => rng.int(1, 5));
      const n = shape.reduce((p, d) => p * d, 1);
      const q = Int8Array.from({ length: n }, () => rng.int(-127, 127));
      const axis = rng.int(0, shape.length - 1);
      const perChannel = rng.next() < 0.5;
      const scales = Array.from({ length: perChannel ? shape[axis] : 1 }, () => Math.fround(rng.uniform(1e-4, 0.1)));
      const zps = scales.map(() => rng.int(-5, 5));
      const out = run({ dtype: 'int8', shape, data: q, quantization: quant(scales, zps, axis) }, rng.next() < 0.5);
      let inner = 1;
      for (let d = axis + 1; d < shape.length; d++) inner *= shape[d];
      const want = Array.from(q, (v, i) => {
        const c = perChannel ? Math.floor(i / inner) % shape[axis] : 0;
        return Math.fround(scales[c] * (v - zps[c]));
      });
      expect(nums(out)).toEqual(want);
    }
  });

  it('refuses float32 input, missing quantization and mismatched per-channel scales', () => {
    expect(() => run({ dtype: 'float32', shape: [1], data: new Float32Array(1), quantization: null }, false, 6))
      .toThrow(/DEQUANTIZE \(node 6\).*has type float32/);
    expect(() => run({ dtype: 'int8', shape: [1], data: new Int8Array(1), quantization: null })).toThrow(/no quantization parameters/);
    expect(() => run({ dtype: 'int8', shape: [2, 3], data: new Int8Array(6), quantization: quant([1, 1, 1], [0, 0, 0], 0) }, true))
      .toThrow(/3 scales on axis 0, but the input shape is \[2,3\]/);
  });
});

describeOpGoldens('DEQUANTIZE', dequantize, { exact: true });
