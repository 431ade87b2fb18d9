// FULLY_CONNECTED, float32 (tflite/kernels/fully_connected.cc, EvalFloat).
//
// Layouts: weights [units, inDepth] (one row per output unit), bias [units] (optional: input 2
// omitted or -1), input of any rank flattened to [batch, inDepth] with batch = elements / inDepth.
// Output [batch, units], or with keep_num_dims the input shape with its last dim (which must be
// inDepth) replaced by units. out[b, u] = act(bias[u] + Σ_i in[b, i] · w[u, i]): with WebAssembly
// SIMD as a 1×1 convolution per row (simd/conv.ts, four units per instruction), else via
// util/gemm.ts. Both sum in float32 in the order of the kernel the official runtime would use for
// this node (ctx.numerics): from the bias in i order as XNNPACK (util/xnnpack_order.ts), or as
// Eigen's product in TFLite's builtin kernel (util/eigen_order.ts); so they agree with each other
// and with the official runtime bit for bit.
//
// Hybrid (int8 weights, float input): prepare hands the node to hybrid/fully_connected.ts, whose
// state eval recognises by its `hybrid` field.

import type { FullyConnectedOptions } from '../../tflite/options';
import type { EvalIO, Kernel, TensorValue } from '../kernel';
import { fullyConnectedSimd, packFilter, type PackedFilter } from '../simd/conv';
import { simdRuntime } from '../simd/kernels';
import { activationRange, assertClampActivation } from '../util/activation';
import { checkArity, checkDType, checkFloat32Output, checkFloatBias, describeTensor, fail, knownShape, optionsOf, requiredInput, shapeString } from '../util/checks';
import { fcOutputShape } from '../util/fc_shape';
import { gemmBiasClamp } from '../util/gemm';
import { eigenDot, eigenPlan } from '../util/eigen_order';
import type { Numerics } from '../official_path';
import { constantOperands, float32Operands, weightOperands, type WeightOperands } from '../util/weight_operands';
import { evalHybridFullyConnected, prepareHybridFullyConnected, type HybridFcState } from '../hybrid/fully_connected';

interface FcState {
  opName: string;
  nodeIndex: number;
  keepNumDims: boolean;
  lo: number;
  hi: number;
  units: number;
  inDepth: number;
  /** Weights [units, inDepth] and bias [units] (optional). */
  operands: WeightOperands;
  /** The SIMD packing of constant weights and bias. */
  packed: PackedFilter | null;
  numerics: Numerics;
}

const DEFAULT_OPTIONS: FullyConnectedOptions = {
  type: 'FullyConnectedOptions', fusedActivation: 'NONE', weightsFormat: 0, keepNumDims: false,
  asymmetricQuantizeInputs: false, quantizedBiasType: 'float32',
};

export const fullyConnected: Kernel<FcState | HybridFcState> = {
  prepare(ctx) {
    checkArity(ctx, 2, 3, 1);
    const o = optionsOf(ctx, 'FullyConnectedOptions') ?? DEFAULT_OPTIONS;
    const input = requiredInput(ctx, 0, 'input');
    const weights = requiredInput(ctx, 1, 'weights');
    const bias = ctx.inputs.length === 3 ? ctx.inputs[2] : null;
    checkDType(ctx, input, 'input', ['float32']);
    if (weights.tensor.dtype === 'int8' || weights.tensor.dtype === 'uint8') return prepareHybridFullyConnected(ctx, o);
    checkDType(ctx, weights, 'weights', ['float32']);
    checkFloat32Output(ctx);
    if (o.weightsFormat !== 0) fail(ctx, `weights_format ${o.weightsFormat} (shuffled) is not supported`);
    assertClampActivation(o.fusedActivation, ctx.opName, ctx.nodeIndex);
    const ws = weights.tensor.shape;
    if (ws.length !== 2) fail(ctx, `${describeTensor('weights', weights)} must be 2-D [units, inDepth], got ${shapeString(ws)}`);
    const [units, inDepth] = ws;
    if (bias) checkFloatBias(ctx, bias, units, `weights have ${units} units`);
    const { min: lo, max: hi } = activationRange(o.fusedActivation);
    const state: FcState = {
      opName: ctx.opName, nodeIndex: ctx.nodeIndex, keepNumDims: o.keepNumDims, lo, hi, units, inDepth,
      operands: weightOperands(weights, bias),
      packed: null,
      numerics: ctx.numerics,
    };
    if (knownShape(input)) fcOutputShape(state, input.tensor.shape);
    return state;
  },

  eval(s, io) {
    if ('hybrid' in s) return evalHybridFullyConnected(s, io);
    const input = io.input(0) as TensorValue;
    const shape = fcOutputShape(s, input.shape);
    const out = io.output(0, shape);
    const K = s.inDepth;
    if (K === 0) return; // weights [units, 0]: TFLite's batch is 0, the output is empty
    const rows = input.data.length / K;
    const x = input.data as Float32Array;
    const y = out.data as Float32Array;
    // Builtin kernel's order per batch item (input dim 0), as one item per invoke would give.
    const items = input.shape.length > 1 ? input.shape[0] : 1;
    const rowsPerItem = items > 0 && rows % items === 0 ? rows / items : rows;
    const plan = s.numerics === 'builtin' ? eigenPlan(s.units, rowsPerItem, K, true) : null;
    const rt = simdRuntime();
    if (rt !== null) {
      const eigen = plan ? { kcBytes: plan.kc * 4, rowsPerItem, splitRows: plan.grouped } : undefined;
      fullyConnectedSimd(rt, x, rows, packedWeights(s, io), y, s.lo, s.hi, eigen);
      return;
    }
    const { weights, bias } = float32Operands(s.operands, io);
    if (plan === null) {
      gemmBiasClamp(x, rows, K, weights, s.units, bias, y, 0, s.units, s.lo, s.hi);
      return;
    }
    for (let r = 0; r < rows; r++) {
      for (let u = 0; u < s.units; u++) {
        const sum = eigenDot((k) => x[r * K + k], (k) => weights[u * K + k], K, r % rowsPerItem < plan.grouped, plan.kc);
        const v = Math.fround(sum + (bias === null ? 0 : bias[u]));
        y[r * s.units + u] = v < s.lo ? s.lo : v > s.hi ? s.hi : v;
      }
    }
  },
};

/** The SIMD packing of the weights: cached when weights and bias (if any) are constants. */
function packedWeights(s: FcState, io: EvalIO): PackedFilter {
  if (s.packed !== null) return s.packed;
  const { weights, bias } = float32Operands(s.operands, io);
  const pf = packFilter(weights, bias, 1, s.units, s.inDepth);
  if (constantOperands(s.operands)) s.packed = pf;
  return pf;
}
