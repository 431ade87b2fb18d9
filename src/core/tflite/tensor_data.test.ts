// Tensor data helpers: decoding per dtype (hand-computed values), float16, unaligned bytes,
// dequantization per channel, byte sizes, min_runtime_version, op names, and a check that the
// verifier's schema table has the field counts of the generated code.

import { describe, expect, it } from 'vitest';
import { TfliteFormatError } from './errors';
import * as fb from './generated/tflite_generated';
import type { TypedArray } from '../interpreter/kernel';
import type { Model, Tensor } from './ir';
import { compareVersions, encodeMinRuntimeVersion, minRuntimeVersion } from './metadata';
import { MAX_KNOWN_BUILTIN_CODE, opCode, opName } from './op_names';
import { constantAsFloat32, constantData, decodeBytes, encodeBytes, halfToFloat, tensorByteSize } from './tensor_data';
import { tinyModel } from './test_support';
import { BUILTIN_OPTIONS_TABLES, MODEL, type TableSpec } from './verify_schema';

const tensor = (dtype: Tensor['dtype'], shape: number[], buffer = 1, quantization: Tensor['quantization'] = null): Tensor => ({
  name: 't', dtype, shape, shapeSignature: null, buffer, quantization, isVariable: false, hasRank: true,
});
/** Plain array of a decoded typed array (any element type). */
const values = (a: TypedArray): (number | bigint)[] => Array.from(a as ArrayLike<number | bigint>);
const withBuffer = (bytes: Uint8Array): Model => ({ ...tinyModel(), buffers: [new Uint8Array(0), bytes] });

describe('decodeBytes', () => {
  it('decodes little-endian values of each fixed-size type', () => {
    expect(values(decodeBytes('float32', new Uint8Array([0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0])))).toEqual([1, -2]);
    expect(values(decodeBytes('int8', new Uint8Array([0xff, 0x7f, 0x80])))).toEqual([-1, 127, -128]);
    expect(values(decodeBytes('uint8', new Uint8Array([0xff, 1])))).toEqual([255, 1]);
    expect(values(decodeBytes('int16', new Uint8Array([0xfe, 0xff, 0x00, 0x01])))).toEqual([-2, 256]);
    expect(values(decodeBytes('int32', new Uint8Array([1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff])))).toEqual([1, -1]);
    expect(values(decodeBytes('int64', new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])))).toEqual([-1n]);
    expect(values(decodeBytes('uint32', new Uint8Array([0xff, 0xff, 0xff, 0xff])))).toEqual([4294967295]);
    expect(values(decodeBytes('float64', new Uint8Array([0, 0, 0, 0, 0, 0, 0xf0, 0x3f])))).toEqual([1]);
    expect(values(decodeBytes('bool', new Uint8Array([0, 1])))).toEqual([0, 1]);
    // bfloat16 0x3f80 = 1.0, 0xc040 = -3.0
    expect(values(decodeBytes('bfloat16', new Uint8Array([0x80, 0x3f, 0x40, 0xc0])))).toEqual([1, -3]);
  });

  it('converts float16 exactly, including subnormals, infinities and NaN', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x7bff)).toBe(65504);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x3555)).toBe(Math.fround(0.333251953125));
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0xfc00)).toBe(-Infinity);
    expect(halfToFloat(0x7e00)).toBeNaN();
    expect(Object.is(halfToFloat(0x8000), -0)).toBe(true);
    expect(values(decodeBytes('float16', new Uint8Array([0x00, 0x3c, 0x00, 0xc0])))).toEqual([1, -2]);
  });

  it('copies instead of failing when the bytes sit at an unaligned offset', () => {
    const raw = new Uint8Array(9);
    raw.set(new Uint8Array(new Float32Array([1.5, -7]).buffer), 1);
    const view = raw.subarray(1);
    const data = decodeBytes('float32', view) as Float32Array;
    expect(Array.from(data)).toEqual([1.5, -7]);
    // Aligned bytes are viewed, not copied.
    const aligned = encodeBytes(new Float32Array([3]));
    expect(decodeBytes('float32', aligned).buffer).toBe(aligned.buffer);
  });

  it('refuses a byte count that is not whole elements and types without a typed-array form', () => {
    expect(() => decodeBytes('int32', new Uint8Array(6), 'tensor x')).toThrow(/6 bytes is not a whole number of 4-byte elements/);
    expect(() => decodeBytes('string', new Uint8Array(4))).toThrow(TfliteFormatError);
    expect(() => decodeBytes('int4', new Uint8Array(4))).toThrow(/int4 data has no typed-array form/);
  });

  it('encodeBytes copies a typed array into a fresh buffer', () => {
    const src = new Int16Array([1, -2, 3]).subarray(1);
    const bytes = encodeBytes(src);
    expect(bytes.byteOffset).toBe(0);
    expect(values(decodeBytes('int16', bytes))).toEqual([-2, 3]);
  });
});

describe('constant data', () => {
  it('returns null for tensors without data and checks the element count', () => {
    const m = withBuffer(encodeBytes(new Float32Array([1, 2, 3])));
    expect(constantData(m, tensor('float32', [3], 0))).toBeNull();
    expect(values(constantData(m, tensor('float32', [3]))!)).toEqual([1, 2, 3]);
    expect(() => constantData(m, tensor('float32', [4]))).toThrow(/holds 3 elements but shape \[4\] needs 4/);
  });

  it('dequantizes per tensor and per channel (axis 1 of [2,3]) as scale × (q − zp), in float32', () => {
    const m = withBuffer(encodeBytes(new Int8Array([1, 2, 3, -1, -2, -3])));
    const perTensor = { scale: [0.1], zeroPoint: [1], quantizedDimension: 0, min: null, max: null, custom: null };
    expect(values(constantAsFloat32(m, tensor('int8', [2, 3], 1, perTensor))!)).toEqual(
      [0, 1, 2, -2, -3, -4].map((v) => Math.fround(0.1 * v)),
    );
    const perChannel = { scale: [1, 10, 100], zeroPoint: [0, 0, 1], quantizedDimension: 1, min: null, max: null, custom: null };
    expect(values(constantAsFloat32(m, tensor('int8', [2, 3], 1, perChannel))!)).toEqual([1, 20, 200, -1, -20, -400]);
  });

  it('refuses to invent a float meaning for unquantized integers', () => {
    const m = withBuffer(encodeBytes(new Int32Array([1])));
    expect(() => constantAsFloat32(m, tensor('int32', [1]))).toThrow(/without quantization/);
  });

  it('computes tensor byte sizes', () => {
    expect(tensorByteSize(tensor('float32', [2, 3]))).toBe(24);
    expect(tensorByteSize(tensor('int8', []))).toBe(1);
    expect(tensorByteSize(tensor('int4', [3]))).toBe(2);
    expect(tensorByteSize(tensor('string', [3]))).toBeNull();
  });
});

describe('metadata and op names', () => {
  it('encodes and decodes min_runtime_version as 16 NUL-padded bytes', () => {
    const bytes = encodeMinRuntimeVersion('2.17.0');
    expect(bytes.length).toBe(16);
    expect(Array.from(bytes.subarray(6))).toEqual(new Array(10).fill(0));
    expect(minRuntimeVersion(tinyModel())).toBe('2.17.0');
    expect(minRuntimeVersion({ ...tinyModel(), metadata: [] })).toBeNull();
    expect(() => encodeMinRuntimeVersion('1.2.3.4.5.6.7.8.9')).toThrow(/does not fit/);
  });

  it('compares versions numerically', () => {
    expect(compareVersions('2.17.0', '2.4.0')).toBeGreaterThan(0);
    expect(compareVersions('1.5.0', '1.14.0')).toBeLessThan(0);
    expect(compareVersions('2.3', '2.3.0')).toBe(0);
  });

  it('maps op codes to names and back', () => {
    expect(opName(9)).toBe('FULLY_CONNECTED');
    expect(opName(3)).toBe('CONV_2D');
    expect(opName(150)).toBe('GELU');
    expect(opName(250)).toBe('UNKNOWN_250');
    expect(opCode('DEPTHWISE_CONV_2D')).toBe(4);
    expect(opCode('NOPE')).toBeUndefined();
    for (let c = 0; c <= MAX_KNOWN_BUILTIN_CODE; c++) expect(opCode(opName(c))).toBe(c);
  });
});

describe('verify_schema.ts agrees with the generated code', () => {
  // Each generated start<Table>(builder) calls builder.startObject(<number of fields>).
  const fieldCount = (cls: unknown, table: string): number => {
    let n = -1;
    const start = (cls as Record<string, (b: unknown) => void>)[`start${table}`]!;
    start({ startObject: (k: number) => { n = k; } });
    return n;
  };
  const visit = (spec: TableSpec, seen: Map<string, TableSpec>) => {
    if (seen.has(spec.name)) return;
    seen.set(spec.name, spec);
    for (const f of spec.fields) {
      if (f && (f.kind === 'table' || f.kind === 'tables')) visit(f.table, seen);
      if (f && f.kind === 'union') Object.values(f.members).forEach((t) => visit(t, seen));
    }
  };

  it('declares every field of every table (field ids line up)', () => {
    const all = new Map<string, TableSpec>();
    visit(MODEL, all);
    Object.values(BUILTIN_OPTIONS_TABLES).forEach((t) => visit(t, all));
    expect(all.size).toBeGreaterThan(30);
    for (const [name, spec] of all) {
      const cls = (fb as unknown as Record<string, unknown>)[name];
      expect(cls, name).toBeDefined();
      expect(spec.generatedFields ?? spec.fields.length, name).toBe(fieldCount(cls, name));
    }
  });

  it('uses the generated union indices for the options tables', () => {
    for (const [index, spec] of Object.entries(BUILTIN_OPTIONS_TABLES)) {
      expect(fb.BuiltinOptions[spec.name as keyof typeof fb.BuiltinOptions], spec.name).toBe(Number(index));
    }
  });
});
