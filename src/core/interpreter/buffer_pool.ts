// Reusable storage for activation tensors. Like TFLite's arena, a tensor's buffer goes back to the
// pool after its last reader has run, and a later tensor (in this invoke or the next) takes it
// again. A steady stream of invokes with the same shapes therefore allocates nothing; a bigger
// batch grows the pool once. Buffers are raw ArrayBuffers viewed as the dtype's typed array.

import type { DType } from '../tflite/ir';
import { DTYPE_BYTES } from '../tflite/ir';
import type { TypedArray } from './kernel';

export class BufferPool {
  private free: ArrayBuffer[] = [];
  /** Total bytes ever allocated and still referenced by the pool or by live tensors. */
  allocatedBytes = 0;

  /** A view of n elements of dtype over a pooled buffer (contents are whatever was there). */
  take(dtype: DType, n: number): TypedArray {
    const bytes = n * (DTYPE_BYTES[dtype] ?? 1);
    let best = -1;
    let largestTooSmall = -1;
    for (let i = 0; i < this.free.length; i++) {
      const len = this.free[i].byteLength;
      if (len >= bytes) {
        if (best < 0 || len < this.free[best].byteLength) best = i;
      } else if (largestTooSmall < 0 || len > this.free[largestTooSmall].byteLength) {
        largestTooSmall = i;
      }
    }
    let buf: ArrayBuffer;
    if (best >= 0) {
      buf = this.free[best];
      this.free[best] = this.free[this.free.length - 1];
      this.free.pop();
    } else {
      // Nothing fits: drop the largest buffer that is too small (it would only grow the pool),
      // then allocate, rounded up to 64 bytes.
      if (largestTooSmall >= 0) {
        this.allocatedBytes -= this.free[largestTooSmall].byteLength;
        this.free[largestTooSmall] = this.free[this.free.length - 1];
        this.free.pop();
      }
      buf = new ArrayBuffer(Math.max(64, Math.ceil(bytes / 64) * 64));
      this.allocatedBytes += buf.byteLength;
    }
    return viewOf(dtype, buf, n);
  }

  give(data: TypedArray): void {
    this.free.push(data.buffer as ArrayBuffer);
  }

  /** Forgets every free buffer (e.g. after a very large batch). */
  trim(): void {
    for (const b of this.free) this.allocatedBytes -= b.byteLength;
    this.free = [];
  }
}

function viewOf(dtype: DType, buf: ArrayBuffer, n: number): TypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(buf, 0, n);
    case 'int32': return new Int32Array(buf, 0, n);
    case 'uint8': case 'bool': return new Uint8Array(buf, 0, n);
    case 'int8': return new Int8Array(buf, 0, n);
    case 'int16': return new Int16Array(buf, 0, n);
    case 'int64': return new BigInt64Array(buf, 0, n);
    case 'float64': return new Float64Array(buf, 0, n);
    case 'uint16': return new Uint16Array(buf, 0, n);
    case 'uint32': return new Uint32Array(buf, 0, n);
    default: throw new Error(`no runtime storage for dtype ${dtype}`);
  }
}
