// Typed arrays by dtype: the element type each runtime dtype is stored in.

import type { DType } from '../../tflite/ir';
import type { TypedArray } from '../kernel';

/** dtypes the interpreter can hold as runtime values. float16 is never a runtime value (DEQUANTIZE
 *  turns float16 constants into float32); bool is stored as 0/1 bytes. */
export const RUNTIME_DTYPES: readonly DType[] = [
  'float32', 'int32', 'uint8', 'int8', 'int16', 'int64', 'bool', 'float64', 'uint16', 'uint32',
];

export function isRuntimeDType(dtype: DType): boolean {
  return RUNTIME_DTYPES.includes(dtype);
}

/** A zero-filled typed array of n elements of dtype. Throws for dtypes with no runtime storage. */
export function allocTyped(dtype: DType, n: number): TypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(n);
    case 'int32': return new Int32Array(n);
    case 'uint8': case 'bool': return new Uint8Array(n);
    case 'int8': return new Int8Array(n);
    case 'int16': return new Int16Array(n);
    case 'int64': return new BigInt64Array(n);
    case 'float64': return new Float64Array(n);
    case 'uint16': return new Uint16Array(n);
    case 'uint32': return new Uint32Array(n);
    default: throw new Error(`no runtime storage for dtype ${dtype}`);
  }
}

/** The dtype name a typed array's constructor corresponds to (bool is reported as uint8). */
export function dtypeOfArray(a: TypedArray): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Int32Array) return 'int32';
  if (a instanceof Uint8Array) return 'uint8';
  if (a instanceof Int8Array) return 'int8';
  if (a instanceof Int16Array) return 'int16';
  if (a instanceof BigInt64Array) return 'int64';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Uint16Array) return 'uint16';
  if (a instanceof Uint32Array) return 'uint32';
  return 'uint64';
}

/** Whether data is the typed-array class that dtype is stored in. */
export function matchesDType(dtype: DType, data: TypedArray): boolean {
  const d = dtypeOfArray(data);
  return d === dtype || (dtype === 'bool' && d === 'uint8') || (dtype === 'uint64' && data instanceof BigUint64Array);
}

/** Reads element i of an integer array (int32 or int64) as a JS number. */
export function intAt(a: TypedArray, i: number): number {
  return typeof a[i] === 'bigint' ? Number(a[i]) : (a[i] as number);
}
