// BATCH_MATMUL (tflite/kernels/batch_matmul.cc): float32 × float32, or hybrid float32 × constant
// int8 RHS (dynamic-range files, v4 with asymmetric_quantize_inputs; math in hybrid/batch_matmul.ts).
//
// Layouts: LHS [..., rows, depth] (adj_x: [..., depth, rows]), RHS [..., depth, cols] (adj_y:
// [..., cols, depth]), ranks 2..5. The leading (batch) dims broadcast right-aligned as numpy does
// (a 1 repeats); output [...broadcast batch dims, rows, cols], rank max(lhs rank, rhs rank).
//
// Float eval: out[i][c] = Σ_k lhs[i][k] · rhs[k][c] summed in float32, k ascending, rounding after
// every multiply and add, as reference_ops::BatchMatMul (and ruy's portable kernel) do: this matched
// the official runtime bit for bit on every float golden, where a float64 sum rounded once did not.
// The RHS is transposed once (when constant) to [cols, depth] so both operands are read in rows.

import type { BatchMatMulOptions } from '../../tflite/options';
import { KernelError, type Kernel, type TensorValue } from '../kernel';
import { checkArity, checkDType, checkFloat32Output, describeTensor, fail, optionsOf, requiredInput, shapeString } from '../util/checks';
import {
  hybridBatchMatMul, hybridBmmPlan, newHybridBmmScratch, prepareHybridBmmWeights, type HybridBmmScratch, type HybridBmmWeights,
} from '../hybrid/batch_matmul';

interface BmmState {
  opName: string;
  nodeIndex: number;
  adjX: boolean;
  adjY: boolean;
  asymmetric: boolean;
  /** Hybrid: the prepared int8 RHS; null for float. */
  hybrid: HybridBmmWeights | null;
  /** Float, constant RHS: every matrix transposed to [cols, depth]. */
  rhsT: Float32Array | null;
  lhsRows: Float32Array;
  scratch: HybridBmmScratch;
}

/** Which LHS / RHS matrix each output batch multiplies, and the matrix sizes. */
export interface BmmGeometry {
  outShape: number[];
  lhsIndex: Int32Array;
  rhsIndex: Int32Array;
  lhsMatrices: number;
  rows: number;
  depth: number;
  cols: number;
}

const DEFAULT_OPTIONS: BatchMatMulOptions = { type: 'BatchMatMulOptions', adjX: false, adjY: false, asymmetricQuantizeInputs: false };

export const batchMatMul: Kernel<BmmState> = {
  prepare(ctx) {
    checkArity(ctx, 2, 2, 1);
    const o = optionsOf(ctx, 'BatchMatMulOptions') ?? DEFAULT_OPTIONS;
    const lhs = requiredInput(ctx, 0, 'lhs');
    const rhs = requiredInput(ctx, 1, 'rhs');
    checkDType(ctx, lhs, 'lhs', ['float32']);
    checkDType(ctx, rhs, 'rhs', ['float32', 'int8']);
    checkFloat32Output(ctx);
    for (const [role, t] of [['lhs', lhs], ['rhs', rhs]] as const) {
      const r = t.tensor.shape.length;
      if (t.tensor.hasRank && (r < 2 || r > 5)) fail(ctx, `${describeTensor(role, t)} must have rank 2..5, got ${shapeString(t.tensor.shape)}`);
    }
    const hybrid = rhs.tensor.dtype === 'int8' ? prepareHybridBmmWeights(ctx, rhs, o.adjY) : null;
    const state: BmmState = {
      opName: ctx.opName, nodeIndex: ctx.nodeIndex, adjX: o.adjX, adjY: o.adjY, asymmetric: o.asymmetricQuantizeInputs,
      hybrid, rhsT: null, lhsRows: new Float32Array(0), scratch: newHybridBmmScratch(),
    };
    if (!hybrid && rhs.constant) state.rhsT = transposeRhs(rhs.constant.data as Float32Array, rhs.tensor.shape, o.adjY);
    if (lhs.tensor.hasRank && rhs.tensor.hasRank) bmmGeometry(state, lhs.tensor.shape, rhs.tensor.shape);
    return state;
  },

  eval(s, io) {
    const lhs = io.input(0) as TensorValue;
    const rhs = io.input(1) as TensorValue;
    const g = bmmGeometry(s, lhs.shape, rhs.shape);
    const out = io.output(0, g.outShape);
    const y = out.data as Float32Array;
    const lhsRows = lhsAsRows(s, lhs.data as Float32Array, g);
    if (s.hybrid) {
      const plan = hybridBmmPlan(lhs.shape, rhs.shape, s.adjX, s.adjY, g.rows, g.depth, g.cols);
      hybridBatchMatMul(s.hybrid, s.asymmetric, lhsRows, g.lhsMatrices * g.rows, g.rows, plan, y, s.scratch);
      return;
    }
    const rhsT = s.rhsT ?? transposeRhs(rhs.data as Float32Array, rhs.shape, s.adjY);
    for (let t = 0; t < g.lhsIndex.length; t++) {
      matMulFloat32(lhsRows, g.lhsIndex[t] * g.rows * g.depth, rhsT, g.rhsIndex[t] * g.cols * g.depth, g.rows, g.depth, g.cols, y, t * g.rows * g.cols);
    }
  },
};

/** The LHS as rows [matrices · rows, depth]: the data itself, or transposed per matrix for adj_x. */
function lhsAsRows(s: BmmState, x: Float32Array, g: BmmGeometry): Float32Array {
  if (!s.adjX) return x;
  const { rows, depth } = g;
  if (s.lhsRows.length < x.length) s.lhsRows = new Float32Array(x.length);
  for (let m = 0; m < g.lhsMatrices; m++) {
    const base = m * rows * depth;
    for (let i = 0; i < rows; i++) for (let k = 0; k < depth; k++) s.lhsRows[base + i * depth + k] = x[base + k * rows + i];
  }
  return s.lhsRows;
}

/** y[yOff + i·cols + c] = Σ_k a[aOff + i·depth + k] · bT[bOff + c·depth + k], float32 at every step. */
function matMulFloat32(
  a: Float32Array, aOff: number, bT: Float32Array, bOff: number, rows: number, depth: number, cols: number, y: Float32Array, yOff: number,
): void {
  const fr = Math.fround;
  for (let i = 0; i < rows; i++) {
    const ai = aOff + i * depth;
    for (let c = 0; c < cols; c++) {
      const bc = bOff + c * depth;
      let total = 0;
      for (let k = 0; k < depth; k++) total = fr(total + fr(a[ai + k] * bT[bc + k]));
      y[yOff + i * cols + c] = total;
    }
  }
}

/** Every RHS matrix transposed to [cols, depth]. */
function transposeRhs(data: Float32Array, shape: readonly number[], adjY: boolean): Float32Array {
  const r = shape.length;
  const cols = adjY ? shape[r - 2] : shape[r - 1];
  const depth = adjY ? shape[r - 1] : shape[r - 2];
  const out = new Float32Array(data.length);
  const per = cols * depth;
  for (let m = 0; m < data.length / Math.max(1, per); m++) {
    const base = m * per;
    for (let c = 0; c < cols; c++) {
      for (let k = 0; k < depth; k++) out[base + c * depth + k] = adjY ? data[base + c * depth + k] : data[base + k * cols + c];
    }
  }
  return out;
}

/** Shapes → output shape and the (LHS matrix, RHS matrix) pair of every output batch. */
export function bmmGeometry(s: { opName: string; nodeIndex: number; adjX: boolean; adjY: boolean }, lhs: readonly number[], rhs: readonly number[]): BmmGeometry {
  const err = (d: string): never => {
    throw new KernelError(s.opName, s.nodeIndex, d);
  };
  if (lhs.length < 2 || lhs.length > 5 || rhs.length < 2 || rhs.length > 5) {
    err(`lhs ${shapeString(lhs)} and rhs ${shapeString(rhs)} must have rank 2..5`);
  }
  const rank = Math.max(lhs.length, rhs.length);
  const L = [...Array<number>(rank - lhs.length).fill(1), ...lhs];
  const R = [...Array<number>(rank - rhs.length).fill(1), ...rhs];
  const rows = s.adjX ? L[rank - 1] : L[rank - 2];
  const depth = s.adjX ? L[rank - 2] : L[rank - 1];
  const rhsDepth = s.adjY ? R[rank - 1] : R[rank - 2];
  const cols = s.adjY ? R[rank - 2] : R[rank - 1];
  if (depth !== rhsDepth) err(`lhs ${shapeString(lhs)} and rhs ${shapeString(rhs)} disagree on the inner dimension (${depth} vs ${rhsDepth}; adj_x ${s.adjX}, adj_y ${s.adjY})`);
  const batchDims: number[] = [];
  for (let i = 0; i < rank - 2; i++) {
    if (L[i] !== R[i] && L[i] !== 1 && R[i] !== 1) err(`batch dimensions of lhs ${shapeString(lhs)} and rhs ${shapeString(rhs)} do not broadcast (axis ${i})`);
    batchDims.push(L[i] === 1 ? R[i] : L[i]);
  }
  const total = batchDims.reduce((a, b) => a * b, 1);
  const lhsIndex = new Int32Array(total);
  const rhsIndex = new Int32Array(total);
  for (let t = 0; t < total; t++) {
    let rest = t;
    let li = 0, ri = 0, ls = 1, rs = 1;
    for (let i = rank - 3; i >= 0; i--) {
      const idx = rest % batchDims[i];
      rest = Math.floor(rest / batchDims[i]);
      if (L[i] !== 1) li += idx * ls;
      if (R[i] !== 1) ri += idx * rs;
      ls *= L[i];
      rs *= R[i];
    }
    lhsIndex[t] = li;
    rhsIndex[t] = ri;
  }
  const lhsMatrices = L.slice(0, rank - 2).reduce((a, b) => a * b, 1);
  return { outShape: [...batchDims, rows, cols], lhsIndex, rhsIndex, lhsMatrices, rows, depth, cols };
}
