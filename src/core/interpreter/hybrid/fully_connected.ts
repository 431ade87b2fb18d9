// Hybrid FULLY_CONNECTED: float input × int8 weights → float output, as TFLite's builtin kernel
// (LiteRT tflite/kernels/fully_connected.cc EvalHybridDense → tensor_utils::
// MatrixBatchVectorMultiplyAccumulate with scaling factors, per-channel scales, input offsets and
// row sums; portable_tensor_utils.cc and sse_tensor_utils.cc compute the same float steps).
//
// Layouts: weights int8 [units, inDepth] (one row per output unit), bias float [units] (optional),
// input of any rank read as [batch, inDepth]; output [batch, units] (or the input shape with its last
// dim replaced when keep_num_dims). Versions: v3 per-tensor + symmetric inputs, v9 per-tensor +
// asymmetric_quantize_inputs, v12 per-channel (one scale per unit) + asymmetric inputs.
//
// Per batch row b (DRQ reference §4.2), with fr = round to float32:
//   q[b], sf[b], zp[b] = quantize(row b)       asymmetric iff the option is set (else zp = 0)
//   s[b][j] = per-channel ? fr(sf[b] · ws[j]) : fr(sf[b] · ws)
//   acc = Σ_i w[j][i] · q[b][i] − rowSum[j] · zp[b]                  (exact integer)
//   y[b][j] = act(fr(bias[j] + fr(fr(acc) · s[b][j])))               (bias 0 when absent)
// TFLite skips the product when the whole input is zero; the formula gives the same bias-only
// output for zero rows, so no special case is needed.
// Note: with per-channel weights and symmetric inputs (no converter writes this), TFLite's portable
// code ignores the per-channel scales while its SSE code applies them; we apply them.

import type { Activation, FullyConnectedOptions } from '../../tflite/options';
import type { EvalIO, PrepareContext, TensorValue } from '../kernel';
import { checkFloat32Output, fail, knownShape, requiredInput, shapeString } from '../util/checks';
import { fcOutputShape } from '../util/fc_shape';
import { int8Gemm, int8RowSums } from './int8_gemm';
import { quantizeRows } from './quantize_input';
import { hybridSimd, pad16 } from './simd';
import { applyHybridActivation } from './activation';
import { checkHybridBias, readHybridWeights } from './weights';

const fr = Math.fround;

export interface HybridFcState {
  readonly hybrid: true;
  opName: string;
  nodeIndex: number;
  units: number;
  inDepth: number;
  keepNumDims: boolean;
  asymmetric: boolean;
  activation: Activation;
  weights: Int8Array;
  rowSums: Int32Array;
  /** Per-channel: scales[j] for unit j; per-tensor: scales[0]. */
  scales: Float32Array;
  perChannel: boolean;
  bias: Float32Array | null;
  hasBias: boolean;
  // Scratch, grown on demand and reused across invokes.
  q: Int8Array;
  rowScales: Float32Array;
  zeroPoints: Int32Array;
  acc: Int32Array;
}

/** Input values quantized at once: JavaScript scratch (~64 K int8), SIMD (1 M floats = 4 MB). */
const ROW_BUDGET = 1 << 16;
const SIMD_ROW_BUDGET = 1 << 20;

export function prepareHybridFullyConnected(ctx: PrepareContext, o: FullyConnectedOptions): HybridFcState {
  const input = requiredInput(ctx, 0, 'input');
  if (input.tensor.dtype !== 'float32') fail(ctx, `input has type ${input.tensor.dtype}; hybrid ${ctx.opName} needs float32`);
  const weightsIn = requiredInput(ctx, 1, 'weights');
  const w = readHybridWeights(ctx, weightsIn, 'weights', 0);
  if (w.shape.length !== 2) fail(ctx, `weights must be 2-D [units, inDepth], got ${shapeString(w.shape)}`);
  const [units, inDepth] = w.shape;
  checkFloat32Output(ctx);
  if (o.weightsFormat !== 0) fail(ctx, `weights_format ${o.weightsFormat} (shuffled) is not supported`);
  const biasIn = ctx.inputs.length === 3 ? ctx.inputs[2] : null;
  const bias = checkHybridBias(ctx, biasIn, units, 'weights have units');
  const state: HybridFcState = {
    hybrid: true, opName: ctx.opName, nodeIndex: ctx.nodeIndex, units, inDepth, keepNumDims: o.keepNumDims,
    asymmetric: o.asymmetricQuantizeInputs, activation: o.fusedActivation,
    weights: w.data, rowSums: int8RowSums(w.data, units, inDepth), scales: w.scales, perChannel: w.scales.length > 1,
    bias, hasBias: biasIn !== null,
    q: new Int8Array(0), rowScales: new Float32Array(0), zeroPoints: new Int32Array(0), acc: new Int32Array(0),
  };
  if (knownShape(input)) fcOutputShape(state, input.tensor.shape);
  return state;
}

export function evalHybridFullyConnected(s: HybridFcState, io: EvalIO): void {
  const input = io.input(0) as TensorValue;
  const out = io.output(0, fcOutputShape(s, input.shape));
  const bias = s.hasBias ? (s.bias ?? ((io.input(2) as TensorValue).data as Float32Array)) : null;
  const K = s.inDepth;
  const y = out.data as Float32Array;
  if (K === 0) return; // weights [units, 0]: the output is empty, as TFLite's batch is 0
  const batch = input.data.length / K;
  const x = input.data as Float32Array;
  const h = hybridSimd();
  const band = Math.max(1, Math.min(batch, Math.floor((h ? SIMD_ROW_BUDGET : ROW_BUDGET) / K)));
  if (s.rowScales.length < band) {
    s.rowScales = new Float32Array(band);
    s.zeroPoints = new Int32Array(band);
  }
  if (h) {
    // WebAssembly SIMD: rows and weights at a 16-byte-padded stride in the kernel's memory.
    h.reset();
    const kp = pad16(K);
    const wAt = h.putCodeRows(s.weights, s.units, K, kp);
    const mark = h.mark();
    for (let b0 = 0; b0 < batch; b0 += band) {
      const rows = Math.min(band, batch - b0);
      h.release(mark);
      const qAt = h.quantizeRows(x, b0 * K, rows, K, kp, s.asymmetric, s.rowScales, s.zeroPoints);
      const accAt = h.gemm(qAt, rows, kp, wAt, s.units);
      fcEpilogue(s, rows, h.i32, accAt >> 2, bias, y, b0 * s.units);
    }
  } else {
    if (s.q.length < band * K) s.q = new Int8Array(band * K);
    if (s.acc.length < band * s.units) s.acc = new Int32Array(band * s.units);
    for (let b0 = 0; b0 < batch; b0 += band) {
      const rows = Math.min(band, batch - b0);
      quantizeRows(x, b0 * K, rows, K, s.asymmetric, s.q, s.rowScales, s.zeroPoints);
      int8Gemm(s.q, 0, rows, K, s.weights, 0, s.units, s.acc, 0);
      fcEpilogue(s, rows, s.acc, 0, bias, y, b0 * s.units);
    }
  }
  applyHybridActivation(y, 0, batch * s.units, s.activation);
}

/** The float scale of one output: fr(inputScale · weightScale) (the tensor's or the unit's scale). */
export function hybridFcScale(inputScale: number, weightScale: number): number {
  return fr(inputScale * weightScale);
}

/** One output before the activation: fr(bias + fr(fr(dot) · scale)), dot = Σ w·(q − zp) exact. */
export function hybridFcOutput(dot: number, scale: number, bias: number): number {
  return fr(bias + fr(fr(dot) * scale));
}

/** y[yOff + r·units + j] = hybridFcOutput(acc − rowSum[j]·zp[r], scale, bias[j] or 0), acc at accOff. */
function fcEpilogue(
  s: HybridFcState, rows: number, acc: Int32Array, accOff: number, bias: Float32Array | null, y: Float32Array, yOff: number,
): void {
  const { units, rowSums, scales, rowScales, zeroPoints } = s;
  for (let r = 0; r < rows; r++) {
    const sf = rowScales[r];
    const zp = zeroPoints[r];
    const tensorScale = hybridFcScale(sf, scales[0]);
    const a = accOff + r * units;
    const o = yOff + r * units;
    for (let j = 0; j < units; j++) {
      const scale = s.perChannel ? hybridFcScale(sf, scales[j]) : tensorScale;
      y[o + j] = hybridFcOutput(acc[a + j] - rowSums[j] * zp, scale, bias === null ? 0 : bias[j]);
    }
  }
}
