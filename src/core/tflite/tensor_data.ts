// Constant tensor data ↔ typed arrays, and tensor byte sizes.
//
// Buffers in the IR are raw little-endian bytes (Model.buffers[i], a Uint8Array). The reader gives
// every buffer its own ArrayBuffer at byteOffset 0, so decoding is usually a zero-copy view; for
// bytes at an unaligned offset (e.g. a buffer built by hand from a subarray) we copy instead of
// letting the typed-array constructor throw. Views share memory with the IR: treat them as
// read-only, like the IR itself.
//
// Element types: float32→Float32Array, float16 and bfloat16→Float32Array (converted, a new array),
// float64→Float64Array, int8→Int8Array, uint8 and bool→Uint8Array, int16→Int16Array,
// uint16→Uint16Array, int32→Int32Array, uint32→Uint32Array, int64→BigInt64Array,
// uint64→BigUint64Array, complex64→Float32Array (re, im interleaved). string, resource, variant
// and the packed sub-byte types (int4, uint4, int2) have no typed-array form here.

import type { TypedArray } from '../interpreter/kernel';
import { TfliteFormatError } from './errors';
import { DTYPE_BYTES, elementCount, type DType, type Model, type Tensor } from './ir';

// Typed-array views assume the host is little-endian, like the file. Every browser and Node
// platform we run on is; fail loudly rather than decode byte-swapped numbers on one that is not.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Bytes of a sub-byte dtype stored packed (int4/uint4: 2 per byte, int2: 4 per byte); else null. */
export function packedByteSize(dtype: DType, count: number): number | null {
  if (dtype === 'int4' || dtype === 'uint4') return Math.ceil(count / 2);
  if (dtype === 'int2') return Math.ceil(count / 4);
  return null;
}

/** Bytes the tensor's data occupies (shape × dtype size); null for string/resource/variant. */
export function tensorByteSize(tensor: Tensor): number | null {
  const n = elementCount(tensor.shape);
  const per = DTYPE_BYTES[tensor.dtype];
  return per !== null ? n * per : packedByteSize(tensor.dtype, n);
}

/** The tensor's constant bytes, or null when its buffer is empty (an activation or input). */
export function constantBytes(model: Model, tensor: Tensor): Uint8Array | null {
  const b = model.buffers[tensor.buffer];
  return b && b.length > 0 ? b : null;
}

type Ctor<T extends TypedArray> = {
  new (buffer: ArrayBuffer, byteOffset: number, length: number): T;
  new (length: number): T;
  BYTES_PER_ELEMENT: number;
};

/** View (or aligned copy) of little-endian bytes as a typed array of `ctor`'s element type. */
function view<T extends TypedArray>(ctor: Ctor<T>, bytes: Uint8Array, what: string): T {
  if (!LITTLE_ENDIAN) throw new TfliteFormatError('this platform is big-endian; TFLite data is little-endian', what);
  const size = ctor.BYTES_PER_ELEMENT;
  if (bytes.length % size !== 0) {
    throw new TfliteFormatError(`${bytes.length} bytes is not a whole number of ${size}-byte elements`, what);
  }
  const n = bytes.length / size;
  if (bytes.byteOffset % size === 0) return new ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, n);
  const copy = new ctor(n);
  new Uint8Array(copy.buffer).set(bytes);
  return copy;
}

/** IEEE binary16 bits → number (exact: every half value is a float32 value). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * Decodes raw little-endian bytes of `dtype` into a typed array (see the table at the top).
 * `what` names the tensor in errors.
 */
export function decodeBytes(dtype: DType, bytes: Uint8Array, what = 'tensor'): TypedArray {
  switch (dtype) {
    case 'float32':
    case 'complex64':
      return view(Float32Array, bytes, what);
    case 'float64':
    case 'complex128':
      return view(Float64Array, bytes, what);
    case 'int8':
      return view(Int8Array, bytes, what);
    case 'uint8':
    case 'bool':
      return view(Uint8Array, bytes, what);
    case 'int16':
      return view(Int16Array, bytes, what);
    case 'uint16':
      return view(Uint16Array, bytes, what);
    case 'int32':
      return view(Int32Array, bytes, what);
    case 'uint32':
      return view(Uint32Array, bytes, what);
    case 'int64':
      return view(BigInt64Array, bytes, what);
    case 'uint64':
      return view(BigUint64Array, bytes, what);
    case 'float16': {
      const h = view(Uint16Array, bytes, what);
      const out = new Float32Array(h.length);
      for (let i = 0; i < h.length; i++) out[i] = halfToFloat(h[i]!);
      return out;
    }
    case 'bfloat16': {
      // bfloat16 is the top half of a float32.
      const h = view(Uint16Array, bytes, what);
      const bits = new Uint32Array(h.length);
      for (let i = 0; i < h.length; i++) bits[i] = h[i]! << 16;
      return new Float32Array(bits.buffer);
    }
    default:
      throw new TfliteFormatError(`${dtype} data has no typed-array form`, what);
  }
}

/** The constant data of `tensor` as a typed array, or null when it has no constant buffer. */
export function constantData(model: Model, tensor: Tensor): TypedArray | null {
  const bytes = constantBytes(model, tensor);
  if (!bytes) return null;
  const data = decodeBytes(tensor.dtype, bytes, `tensor '${tensor.name}'`);
  const expected = elementCount(tensor.shape) * (tensor.dtype.startsWith('complex') ? 2 : 1);
  if (data.length !== expected) {
    throw new TfliteFormatError(`buffer holds ${data.length} elements but shape [${tensor.shape}] needs ${expected}`, `tensor '${tensor.name}'`);
  }
  return data;
}

/**
 * A constant as float32 values: float32 as is, float16/bfloat16 widened, and integer tensors with
 * quantization dequantized as scale[c] × (q − zeroPoint[c]) (c = channel along quantizedDimension,
 * one scale = per-tensor), rounded to float32 as the runtime's DEQUANTIZE does. Null when the
 * tensor has no constant data.
 */
export function constantAsFloat32(model: Model, tensor: Tensor): Float32Array | null {
  const data = constantData(model, tensor);
  if (data === null) return null;
  if (data instanceof Float32Array && !tensor.dtype.startsWith('complex')) return data;
  const q = tensor.quantization;
  if (!q || q.scale.length === 0 || data instanceof Float32Array || data instanceof Float64Array) {
    throw new TfliteFormatError(`${tensor.dtype} data without quantization has no float32 meaning`, `tensor '${tensor.name}'`);
  }
  const out = new Float32Array(data.length);
  const perChannel = q.scale.length > 1;
  // Row-major: the channel of flat index i is floor(i / inner) mod dim, inner = product of later dims.
  const dim = perChannel ? tensor.shape[q.quantizedDimension]! : 1;
  const inner = perChannel ? elementCount(tensor.shape.slice(q.quantizedDimension + 1)) : 1;
  for (let i = 0; i < data.length; i++) {
    const c = perChannel ? Math.floor(i / inner) % dim : 0;
    out[i] = Math.fround(q.scale[c]! * (Number(data[i]!) - q.zeroPoint[c]!));
  }
  return out;
}

/** Little-endian bytes of a typed array: a copy, in a fresh ArrayBuffer, ready for Model.buffers. */
export function encodeBytes(data: TypedArray): Uint8Array {
  if (!LITTLE_ENDIAN) throw new TfliteFormatError('this platform is big-endian; TFLite data is little-endian');
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
}
