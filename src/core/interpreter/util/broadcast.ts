// NumPy-style broadcasting of two shapes, as TFLite's binary kernels do it
// (tflite/kernels/kernel_util.cc CalculateShapeForBroadcast; reference_ops BroadcastAdd6DSlow):
// shapes are aligned on their last dimension; a missing leading dimension counts as 1; two
// dimensions are compatible when equal or when one of them is 1.
//
// A BroadcastPlan turns "loop over every output index and map it back to each input" into rows:
// dimensions of size 1 are dropped and neighbouring dimensions that broadcast the same way are
// merged, so the output is `rows` runs of `inner` contiguous elements; in each run input a starts
// at aRow[r] and advances by aStep (1, or 0 when a is broadcast along the run), likewise b.
// Same-shape tensors become a single row; a [N,H,W,C] + [C] bias becomes N·H·W rows of C.

export interface BroadcastPlan {
  outShape: number[];
  outSize: number;
  rows: number;
  inner: number;
  aStep: 0 | 1;
  bStep: 0 | 1;
  aRow: Int32Array;
  bRow: Int32Array;
}

/** The broadcast output shape, or null when the shapes are incompatible. */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
    const db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else return null;
  }
  return out;
}

/** Plans the row decomposition of a ⊕ b; null when the shapes do not broadcast. */
export function planBroadcast(aShape: readonly number[], bShape: readonly number[]): BroadcastPlan | null {
  const outShape = broadcastShape(aShape, bShape);
  if (outShape === null) return null;
  const rank = outShape.length;
  let outSize = 1;
  for (const d of outShape) outSize *= d;

  // Per output dim of size > 1: its size and which inputs span it (bit 1: a, bit 2: b).
  const dims: number[] = [];
  const modes: number[] = [];
  for (let i = 0; i < rank; i++) {
    const d = outShape[i];
    if (d === 1) continue;
    const da = i < rank - aShape.length ? 1 : aShape[i - (rank - aShape.length)];
    const db = i < rank - bShape.length ? 1 : bShape[i - (rank - bShape.length)];
    const mode = (da === d ? 1 : 0) | (db === d ? 2 : 0);
    if (modes.length > 0 && modes[modes.length - 1] === mode) dims[dims.length - 1] *= d;
    else { dims.push(d); modes.push(mode); }
  }
  if (dims.length === 0) { dims.push(1); modes.push(3); }

  const k = dims.length;
  const inner = dims[k - 1];
  const innerMode = modes[k - 1];
  // Strides of the merged outer dims within a and b (0 where that input is broadcast).
  const aStride = new Array<number>(k).fill(0);
  const bStride = new Array<number>(k).fill(0);
  let sa = 1;
  let sb = 1;
  for (let j = k - 1; j >= 0; j--) {
    if (modes[j] & 1) { aStride[j] = sa; sa *= dims[j]; }
    if (modes[j] & 2) { bStride[j] = sb; sb *= dims[j]; }
  }
  const rows = outSize === 0 ? 0 : outSize / inner;
  const aRow = new Int32Array(rows);
  const bRow = new Int32Array(rows);
  const idx = new Array<number>(k).fill(0);
  let ao = 0;
  let bo = 0;
  for (let r = 0; r < rows; r++) {
    aRow[r] = ao;
    bRow[r] = bo;
    // Odometer over the outer dims 0..k-2.
    for (let j = k - 2; j >= 0; j--) {
      idx[j]++;
      ao += aStride[j];
      bo += bStride[j];
      if (idx[j] < dims[j]) break;
      ao -= aStride[j] * dims[j];
      bo -= bStride[j] * dims[j];
      idx[j] = 0;
    }
  }
  return {
    outShape, outSize, rows, inner,
    aStep: (innerMode & 1 ? 1 : 0), bStep: (innerMode & 2 ? 1 : 0), aRow, bRow,
  };
}

/** A plan cached for the last pair of shapes (kernels see the same shapes on every invoke). */
export class BroadcastCache {
  private aKey = '';
  private bKey = '';
  private plan: BroadcastPlan | null = null;

  get(aShape: readonly number[], bShape: readonly number[]): BroadcastPlan | null {
    const aKey = aShape.join(',');
    const bKey = bShape.join(',');
    if (this.plan === null || aKey !== this.aKey || bKey !== this.bKey) {
      this.plan = planBroadcast(aShape, bShape);
      this.aKey = aKey;
      this.bKey = bKey;
    }
    return this.plan;
  }
}
