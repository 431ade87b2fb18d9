// Naive reference for ADD / SUB / MUL: for every output index, map back to each input index by
// the broadcasting rule (a dimension of size 1 repeats), compute in double, round to float32
// (or wrap to int32), clamp to the activation range. Obviously correct, deliberately slow.

export type RefArithOp = 'add' | 'sub' | 'mul';

export function refBroadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const pa = [...new Array<number>(rank - a.length).fill(1), ...a];
  const pb = [...new Array<number>(rank - b.length).fill(1), ...b];
  return pa.map((d, i) => {
    if (d === pb[i] || pb[i] === 1) return d;
    if (d === 1) return pb[i];
    throw new Error(`refBroadcastShape: [${a}] and [${b}] do not broadcast`);
  });
}

/** Flat index into `shape` (right-aligned against outIdx) of the output multi-index outIdx. */
export function refBroadcastIndex(shape: readonly number[], outIdx: readonly number[]): number {
  const off = outIdx.length - shape.length;
  let flat = 0;
  for (let i = 0; i < shape.length; i++) flat = flat * shape[i] + (shape[i] === 1 ? 0 : outIdx[i + off]);
  return flat;
}

/** Multi-index of flat index f in shape. */
export function refUnravel(f: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  for (let i = shape.length - 1; i >= 0; i--) {
    idx[i] = f % shape[i];
    f = Math.floor(f / shape[i]);
  }
  return idx;
}

export function refArith(
  op: RefArithOp, aShape: number[], a: ArrayLike<number>, bShape: number[], b: ArrayLike<number>,
  opts: { int32?: boolean; min?: number; max?: number } = {},
): { shape: number[]; data: number[] } {
  const shape = refBroadcastShape(aShape, bShape);
  const n = shape.reduce((p, d) => p * d, 1);
  const data: number[] = [];
  for (let f = 0; f < n; f++) {
    const idx = refUnravel(f, shape);
    const x = a[refBroadcastIndex(aShape, idx)];
    const y = b[refBroadcastIndex(bShape, idx)];
    let v: number;
    if (opts.int32) v = op === 'add' ? (x + y) | 0 : op === 'sub' ? (x - y) | 0 : Number(BigInt.asIntN(32, BigInt(x) * BigInt(y)));
    else v = Math.fround(op === 'add' ? x + y : op === 'sub' ? x - y : x * y);
    if (opts.min !== undefined && v < opts.min) v = opts.min;
    if (opts.max !== undefined && v > opts.max) v = opts.max;
    data.push(v);
  }
  return { shape, data };
}
