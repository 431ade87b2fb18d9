// Hybrid BATCH_MATMUL: float LHS × constant int8 RHS → float output, as TFLite's builtin kernel
// (LiteRT tflite/kernels/batch_matmul.cc EvalHybrid → reference_ops::BatchMatMul, the hybrid
// overload in tflite/kernels/internal/reference/batch_matmul.h).
//
// Layouts: LHS rows are [rows, depth] (after adj_x), RHS matrices are kept transposed here as int8
// [cols, depth] (one row per output column, the layout TFLite's kernel transposes to), per-tensor
// scale or one scale per output column (the RHS's cols axis). Output [rows, cols] per batch.
//
// Per LHS row r (quantized as one row: asymmetric iff the option is set, else symmetric, zp = 0)
// and output column c, with fr = round to float32:
//   sf[r] ← per-tensor ? fr(sf[r] · ws) : sf[r];   scale = per-channel ? fr(sf[r] · ws[c]) : sf[r]
//   t = Σ_k q[r][k] · w[c][k]                                         (exact integer)
//   t = trunc(fr(fr(t) − fr(rowSum[c] · zp[r])))    TFLite subtracts the offset term in float and
//                                                     stores it back into its int32 accumulator
//   y[r][c] = fr(scale · fr(t))                      (output zero-filled, then += ; no bias)

import type { NodeTensor, PrepareContext } from '../kernel';
import { fail, shapeString } from '../util/checks';
import { int8Gemm } from './int8_gemm';
import { quantizeRows } from './quantize_input';
import { CODE_BYTES, hybridSimd, pad16 } from './simd';
import { readHybridWeights } from './weights';

const fr = Math.fround;

export interface HybridBmmWeights {
  /** int8 [matrices, cols, depth]: each RHS matrix transposed to one row per output column. */
  wT: Int8Array;
  /** Σ of each row of wT: [matrices, cols]. */
  rowSums: Int32Array;
  scales: Float32Array;
  perChannel: boolean;
  matrices: number;
  cols: number;
  depth: number;
}

/** Reads the constant int8 RHS ([..., depth, cols], or [..., cols, depth] with adj_y). */
export function prepareHybridBmmWeights(ctx: PrepareContext, rhs: NodeTensor, adjY: boolean): HybridBmmWeights {
  const shape = rhs.tensor.shape;
  if (shape.length < 2) fail(ctx, `rhs must have rank ≥ 2, got ${shapeString(shape)}`);
  const r = shape.length;
  const colsAxis = adjY ? r - 2 : r - 1;
  const w = readHybridWeights(ctx, rhs, 'rhs', colsAxis);
  const cols = shape[colsAxis];
  const depth = adjY ? shape[r - 1] : shape[r - 2];
  const matrices = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  if (r === 5 && shape[0] > 1) {
    // TFLite sums the weight rows of dims 1..2 of the rank-5 shape only; the rest would be garbage.
    fail(ctx, `rhs ${shapeString(shape)}: a rank-5 int8 RHS with a leading dimension > 1 is not supported (TFLite computes its row sums for the first matrices only)`);
  }
  const wT = new Int8Array(matrices * cols * depth);
  for (let m = 0; m < matrices; m++) {
    const base = m * cols * depth;
    for (let c = 0; c < cols; c++) {
      for (let k = 0; k < depth; k++) {
        wT[base + c * depth + k] = adjY ? w.data[base + c * depth + k] : w.data[base + k * cols + c];
      }
    }
  }
  const rowSums = new Int32Array(matrices * cols);
  for (let i = 0; i < matrices * cols; i++) {
    let s = 0;
    for (let k = i * depth; k < (i + 1) * depth; k++) s += wT[k];
    rowSums[i] = s;
  }
  return { wT, rowSums, scales: w.scales, perChannel: w.scales.length > 1, matrices, cols, depth };
}

/** Scratch reused across invokes. */
export interface HybridBmmScratch {
  q: Int8Array;
  rowScales: Float32Array;
  zeroPoints: Int32Array;
  acc: Int32Array;
}

export function newHybridBmmScratch(): HybridBmmScratch {
  return { q: new Int8Array(0), rowScales: new Float32Array(0), zeroPoints: new Int32Array(0), acc: new Int32Array(0) };
}

/**
 * Where TFLite's hybrid kernel reads everything for each output matrix t (reference_ops::BatchMatMul,
 * hybrid overload): input rows from inputRow[t] (a row index into the quantized LHS rows), weight
 * rows from weightRow[t] (a row index into wT), row scales / zero points from scaleRow[t] + j, row
 * sums from sumRow[t] + c. TFLite extends both shapes to rank 5 and advances the scale and zero-point
 * pointer by `rows` (and the row-sum pointer by `cols`) for every non-broadcast batch dimension
 * separately, not by the dimension's stride. With at most one non-1 batch dimension on each side
 * this is the ordinary layout; with two (e.g. LHS [2, 3, rows, depth]) rows of different batches
 * share a scale, and so do we: the official runtime does exactly this (BATCH_MATMUL golden
 * hybrid_rank4_lhs_two_batch_dims).
 */
export interface HybridBmmPlan {
  inputRow: Int32Array;
  weightRow: Int32Array;
  scaleRow: Int32Array;
  sumRow: Int32Array;
}

/** lhs/rhs: the runtime LHS shape and the RHS shape; rows/depth/cols from the validated geometry. */
export function hybridBmmPlan(
  lhsShape: readonly number[], rhsShape: readonly number[], adjX: boolean, adjY: boolean, rows: number, depth: number, cols: number,
): HybridBmmPlan {
  let lhs = [...lhsShape];
  let rhs = [...rhsShape];
  // batch_matmul.cc Eval: RHS [..., 1, X, Y] with LHS [..., Q, R, S] (no adj_x) runs as RHS [..., X, Y]
  // and LHS [..., Q·R, S].
  if (!adjX && rhs.length > 2 && lhs.length > 2 && rhs[rhs.length - 3] === 1) {
    const n = lhs.length;
    lhs = [...lhs.slice(0, n - 3), lhs[n - 3] * lhs[n - 2], lhs[n - 1]];
    rhs = [...rhs.slice(0, rhs.length - 3), ...rhs.slice(rhs.length - 2)];
  }
  // The kernel's operands: weights [..., cols, depth], input [..., depth, rows]; batch dims only matter.
  const ext = (shape: number[], last2: [number, number]): number[] =>
    [...Array<number>(5 - shape.length).fill(1), ...shape.slice(0, -2), ...last2];
  const W = ext(rhs, [cols, depth]);
  const I = ext(lhs, [depth, rows]);
  const extent = (shape: number[], k: number): number => (shape[k] === 1 ? 0 : shape.slice(k + 1).reduce((a, b) => a * b, 1));
  const dims = [0, 1, 2].map((k) => (W[k] === 1 ? I[k] : W[k]));
  const total = dims[0] * dims[1] * dims[2];
  const plan: HybridBmmPlan = {
    inputRow: new Int32Array(total), weightRow: new Int32Array(total), scaleRow: new Int32Array(total), sumRow: new Int32Array(total),
  };
  let t = 0;
  for (let b0 = 0; b0 < dims[0]; b0++) {
    for (let b1 = 0; b1 < dims[1]; b1++) {
      for (let b2 = 0; b2 < dims[2]; b2++, t++) {
        const b = [b0, b1, b2];
        let wOff = 0, iOff = 0, sRow = 0, rRow = 0;
        for (let k = 0; k < 3; k++) {
          const we = extent(W, k);
          const ie = extent(I, k);
          wOff += b[k] * we;
          iOff += b[k] * ie;
          sRow += ie === 0 ? 0 : b[k] * rows;
          rRow += we === 0 ? 0 : b[k] * cols;
        }
        plan.inputRow[t] = iOff / depth;
        plan.weightRow[t] = wOff / depth;
        plan.scaleRow[t] = sRow;
        plan.sumRow[t] = rRow;
      }
    }
  }
  return plan;
}

/**
 * lhsRows: the LHS as float32 rows [nRows, depth] (adj_x already applied). Output matrices
 * [rows, cols] are written in plan order (= the output's memory order).
 */
export function hybridBatchMatMul(
  w: HybridBmmWeights, asymmetric: boolean, lhsRows: Float32Array, nRows: number, rows: number,
  plan: HybridBmmPlan, y: Float32Array, scratch: HybridBmmScratch,
): void {
  const { depth, cols, wT } = w;
  if (scratch.rowScales.length < nRows) {
    scratch.rowScales = new Float32Array(nRows);
    scratch.zeroPoints = new Int32Array(nRows);
  }
  const { rowScales, zeroPoints } = scratch;
  const h = hybridSimd();
  if (h) {
    // WebAssembly SIMD (identical numbers): rows and weight rows at a padded stride kp.
    const kp = pad16(depth);
    h.reset();
    const qAt = h.quantizeRows(lhsRows, 0, nRows, depth, kp, asymmetric, rowScales, zeroPoints);
    const wAt = h.putCodeRows(wT, w.matrices * cols, depth, kp);
    foldTensorScale(w, rowScales, nRows);
    const mark = h.mark();
    for (let t = 0; t < plan.inputRow.length; t++) {
      h.release(mark);
      const accAt = h.gemm(qAt + plan.inputRow[t] * kp * CODE_BYTES, rows, kp, wAt + plan.weightRow[t] * kp * CODE_BYTES, cols);
      bmmEpilogue(w, plan, t, rows, h.i32, accAt >> 2, rowScales, zeroPoints, y);
    }
    return;
  }
  if (scratch.q.length < nRows * depth) scratch.q = new Int8Array(nRows * depth);
  if (scratch.acc.length < rows * cols) scratch.acc = new Int32Array(rows * cols);
  quantizeRows(lhsRows, 0, nRows, depth, asymmetric, scratch.q, rowScales, zeroPoints);
  foldTensorScale(w, rowScales, nRows);
  for (let t = 0; t < plan.inputRow.length; t++) {
    int8Gemm(scratch.q, plan.inputRow[t] * depth, rows, depth, wT, plan.weightRow[t] * depth, cols, scratch.acc, 0);
    bmmEpilogue(w, plan, t, rows, scratch.acc, 0, rowScales, zeroPoints, y);
  }
}

/** Per-tensor weights: sf[r] ← fr(sf[r] · ws), as EvalHybrid does before the product. */
function foldTensorScale(w: HybridBmmWeights, rowScales: Float32Array, nRows: number): void {
  if (!w.perChannel) for (let r = 0; r < nRows; r++) rowScales[r] = fr(rowScales[r] * w.scales[0]);
}

/** Output matrix t from its int32 products (acc at accOff, [rows, cols]). */
function bmmEpilogue(
  w: HybridBmmWeights, plan: HybridBmmPlan, t: number, rows: number, acc: Int32Array, accOff: number,
  rowScales: Float32Array, zeroPoints: Int32Array, y: Float32Array,
): void {
  const { cols, rowSums, scales, perChannel } = w;
  const yOff = t * rows * cols;
  const s0 = plan.scaleRow[t];
  const r0 = plan.sumRow[t];
  for (let j = 0; j < rows; j++) {
    const sf = rowScales[s0 + j];
    const zp = zeroPoints[s0 + j];
    for (let c = 0; c < cols; c++) {
      const total = Math.trunc(fr(fr(acc[accOff + j * cols + c]) - fr(rowSums[r0 + c] * zp)));
      const scale = perChannel ? fr(sf * scales[c]) : sf;
      y[yOff + j * cols + c] = fr(scale * fr(total));
    }
  }
}
