// CAST (tflite/kernels/cast.cc): converts element types, following current TFLite/LiteRT:
//  - float → integer: truncates toward zero and saturates to the target's range; NaN → the
//    target's max (SaturatingCastFloatingToInteger). (Older TFLite used a plain static_cast,
//    undefined for out-of-range values.)
//  - integer → integer: two's-complement wrap (static_cast), e.g. int32 300 → uint8 44.
//  - anything → bool: value != 0 (NaN → true); bool → anything: 0 or 1.
//  - → float32: rounded to nearest (int64 beyond 2^53 too, without double rounding).
// Types: float32, float64, int8, uint8, int16, uint16, int32, uint32, int64, bool.

import type { DType } from '../../tflite/ir';
import type { Kernel, TensorValue, TypedArray } from '../kernel';
import { checkArity, describeTensor, fail, requiredInput } from '../util/checks';

const CAST_TYPES: readonly DType[] = ['float32', 'float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'bool'];

/** [min, max] of each integer target (as numbers; int64's are ±2^63, compared as doubles). */
const INT_RANGE: Partial<Record<DType, [number, number]>> = {
  int8: [-128, 127], uint8: [0, 255], int16: [-32768, 32767], uint16: [0, 65535],
  int32: [-2147483648, 2147483647], uint32: [0, 4294967295],
};

interface CastState {
  from: DType;
  to: DType;
}

/** Rounds a BigInt to the nearest float32 (ties to even) without the double rounding of Number(). */
export function bigintToFloat32(v: bigint): number {
  const neg = v < 0n;
  let m = neg ? -v : v;
  if (m <= 9007199254740992n) return Math.fround(Number(v));
  let shift = 0n;
  while (m >> (shift + 24n) > 0n) shift++;
  const kept = m >> shift;
  const rest = m - (kept << shift);
  const half = 1n << (shift - 1n);
  m = kept;
  if (rest > half || (rest === half && (kept & 1n) === 1n)) m += 1n;
  const value = Number(m) * 2 ** Number(shift);
  return Math.fround(neg ? -value : value);
}

export function castImpl(from: DType, to: DType, x: TypedArray, out: TypedArray): void {
  const n = x.length;
  if (from === to) { (out as Float32Array).set(x as Float32Array); return; }
  if (to === 'bool') {
    const o = out as Uint8Array;
    if (x instanceof BigInt64Array) for (let i = 0; i < n; i++) o[i] = x[i] !== 0n ? 1 : 0;
    else { const a = x as Float32Array; for (let i = 0; i < n; i++) o[i] = a[i] !== 0 ? 1 : 0; }
    return;
  }
  const fromFloat = from === 'float32' || from === 'float64';
  if (to === 'int64') {
    const o = out as BigInt64Array;
    const a = x as Float32Array;
    if (fromFloat) {
      for (let i = 0; i < n; i++) {
        const v = a[i];
        o[i] = Number.isNaN(v) || v >= 9223372036854775807 ? 9223372036854775807n
          : v < -9223372036854775808 ? -9223372036854775808n : BigInt(Math.trunc(v));
      }
    } else {
      for (let i = 0; i < n; i++) o[i] = BigInt(a[i]);
    }
    return;
  }
  if (from === 'int64') {
    const a = x as BigInt64Array;
    if (to === 'float32') { const o = out as Float32Array; for (let i = 0; i < n; i++) o[i] = bigintToFloat32(a[i]); }
    else if (to === 'float64') { const o = out as Float64Array; for (let i = 0; i < n; i++) o[i] = Number(a[i]); }
    // Integer targets wrap: the low 32 bits, then the typed array's own modular store.
    else { const o = out as Int32Array; for (let i = 0; i < n; i++) o[i] = Number(BigInt.asIntN(32, a[i])); }
    return;
  }
  const a = x as Float32Array;
  const range = INT_RANGE[to];
  if (fromFloat && range !== undefined) {
    const [lo, hi] = range;
    const o = out as Int32Array;
    for (let i = 0; i < n; i++) {
      const v = a[i];
      o[i] = Number.isNaN(v) ? hi : v <= lo ? lo : v >= hi ? hi : Math.trunc(v);
    }
    return;
  }
  // Integer → integer (modular store), or anything → float (rounding store).
  (out as Float32Array).set(a);
}

export const cast: Kernel<CastState> = {
  prepare(ctx) {
    checkArity(ctx, 1, 1, 1);
    const input = requiredInput(ctx, 0);
    const out = ctx.outputs[0];
    for (const [role, t] of [['input 0', input], ['output', out]] as const) {
      if (!CAST_TYPES.includes(t.tensor.dtype)) {
        fail(ctx, `${describeTensor(role, t)} has type ${t.tensor.dtype}; supported: ${CAST_TYPES.join(', ')}`);
      }
    }
    // As in TFLite, the tensors' types decide; CastOptions (often absent or defaulted) are not read.
    return { from: input.tensor.dtype, to: out.tensor.dtype };
  },

  eval(s, io) {
    const x = io.input(0) as TensorValue;
    castImpl(s.from, s.to, x.data, io.output(0, x.shape).data);
  },
};
