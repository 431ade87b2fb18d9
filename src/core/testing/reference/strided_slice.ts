// Naive reference STRIDED_SLICE for specs without ellipsis/new-axis masks, written from Python's
// slice semantics (slice.indices), which TFLite's clamping reproduces: per dimension a list of
// source indices, then the cartesian product in row-major order. Shrunk axes follow TFLite's
// StartForAxis (clamped index, begin_mask wins); an index still outside the axis gives null.

export interface RefSliceSpec {
  begin: number[]; end: number[]; strides: number[];
  beginMask: number; endMask: number; shrinkAxisMask: number;
}

/** Source indices along one axis, or null when a shrink index is out of range. */
function axisIndices(size: number, b: number, e: number, s: number, bm: boolean, em: boolean, shrink: boolean): number[] | null {
  let start: number;
  let stop: number;
  if (shrink) {
    // TFLite (StartForAxis) clamps the shrink index and lets begin_mask override it like any start.
    start = bm ? (s > 0 ? 0 : size - 1) : s > 0 ? Math.min(Math.max(b < 0 ? b + size : b, 0), size) : Math.min(Math.max(b < 0 ? b + size : b, -1), size - 1);
    return start >= 0 && start < size ? [start] : null;
  }
  if (s > 0) {
    start = bm ? 0 : Math.min(Math.max(b < 0 ? b + size : b, 0), size);
    stop = em ? size : Math.min(Math.max(e < 0 ? e + size : e, 0), size);
  } else {
    start = bm ? size - 1 : Math.min(Math.max(b < 0 ? b + size : b, -1), size - 1);
    stop = em ? -1 : Math.min(Math.max(e < 0 ? e + size : e, -1), size - 1);
  }
  const out: number[] = [];
  for (let i = start; s > 0 ? i < stop : i > stop; i += s) out.push(i);
  return out;
}

export function refStridedSlice(input: Float32Array, shape: number[], spec: RefSliceSpec): { shape: number[]; data: Float32Array } | null {
  const per: number[][] = [];
  const outShape: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    const has = d < spec.begin.length;
    const shrink = has && ((spec.shrinkAxisMask >> d) & 1) === 1;
    const idx = has
      ? axisIndices(shape[d], spec.begin[d], spec.end[d], spec.strides[d], ((spec.beginMask >> d) & 1) === 1, ((spec.endMask >> d) & 1) === 1, shrink)
      : axisIndices(shape[d], 0, 0, 1, true, true, false);
    if (idx === null) return null;
    per.push(idx);
    if (!shrink) outShape.push(idx.length);
  }
  const values: number[] = [];
  const walk = (d: number, offset: number): void => {
    if (d === shape.length) {
      values.push(input[offset]);
      return;
    }
    let inner = 1;
    for (let k = d + 1; k < shape.length; k++) inner *= shape[k];
    for (const i of per[d]) walk(d + 1, offset + i * inner);
  };
  walk(0, 0);
  return { shape: outShape, data: Float32Array.from(values) };
}
