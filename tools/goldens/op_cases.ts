// The single-op cases we run through the official runtime, several per op: odd shapes, strides,
// dilations, SAME/VALID, fused activations, broadcasting, batch > 1, keep_dims, masks, state.
// Layouts follow TFLite: activations NHWC; CONV_2D filter [outC, kH, kW, inC]; DEPTHWISE_CONV_2D
// filter [1, kH, kW, inC × multiplier]; FULLY_CONNECTED weights [units, inDepth]; LSTM weights
// [nCell, nInput] / [nCell, nOutput].
// Op versions are what the converter's op_version.cc would write for these signatures.

import { options as o } from '../../src/core/testing/model_builder';
import type { OpName } from '../../src/core/testing/model_builder';
import type { CaseTensor, OpCase } from '../../src/core/testing/goldens/case';
import type { DType } from '../../src/core/tflite/ir';
import type { BuiltinOptions } from '../../src/core/tflite/options';

/** A case before the op name is attached; `expectError` marks an input the runtime must refuse. */
export interface CaseDef extends Omit<OpCase, 'op'> {
  expectError?: boolean;
}

// --- tensor shorthands ---
const input = (shape: number[], lo = -1, hi = 1, dtype: DType = 'float32'): CaseTensor =>
  ({ dtype, shape, role: 'input', gen: { kind: 'uniform', lo, hi } });
const weights = (shape: number[], lo = -1, hi = 1): CaseTensor =>
  ({ dtype: 'float32', shape, role: 'const', gen: { kind: 'uniform', lo, hi } });
const ints = (dtype: DType, shape: number[], lo: number, hi: number, role: 'input' | 'const' = 'input'): CaseTensor =>
  ({ dtype, shape, role, gen: { kind: 'int', lo, hi } });
const values = (values: number[], shape = [values.length], dtype: DType = 'int32', role: 'input' | 'const' = 'const'): CaseTensor =>
  ({ dtype, shape, role, gen: { kind: 'values', values } });
const out = (shape: number[], dtype: DType = 'float32') => ({ dtype, shape });
/** DRQ-style int8 weights: symmetric (zero point 0), one scale or one per channel of `axis`. */
const int8Weights = (shape: number[], scale: number[], axis = 0): CaseTensor =>
  ({ dtype: 'int8', shape, role: 'const', gen: { kind: 'int', lo: -127, hi: 127 }, quantization: { scale, zeroPoint: scale.map(() => 0), quantizedDimension: axis } });
const channelScales = (n: number, base: number) => Array.from({ length: n }, (_, i) => base * (1 + 0.37 * i));

let nextSeed = 1000;
/** Cases get consecutive seeds in file order; a new case at the end never changes older ones. */
function c(name: string, version: number, options: BuiltinOptions | null, inputs: (CaseTensor | null)[],
  outputs: { dtype: DType; shape: number[] }[], note?: string, expectError?: boolean): CaseDef {
  return { name, version, options, seed: nextSeed++, inputs, outputs, ...(note ? { note } : {}), ...(expectError ? { expectError } : {}) };
}

/** Conv inputs with a bias [n] (true), no third input (false) or an omitted one (-1). */
function withBias(ins: CaseTensor[], bias: boolean | 'omitted', n: number): (CaseTensor | null)[] {
  if (bias === 'omitted') return [...ins, null];
  return bias ? [...ins, weights([n], -0.2, 0.2)] : ins;
}

function convCases(): CaseDef[] {
  const C = (name: string, x: number[], f: number[], y: number[], opts: Parameters<typeof o<'Conv2DOptions'>>[1], bias: boolean | 'omitted' = true, version = 1, note?: string) =>
    c(name, version, o('Conv2DOptions', opts), withBias([input(x), weights(f, -0.5, 0.5)], bias, f[0]), [out(y)], note);
  return [
    C('3x3_valid', [1, 5, 5, 1], [1, 3, 3, 1], [1, 3, 3, 1], {}),
    C('batch2_same_stride2x1_relu', [2, 7, 6, 3], [4, 3, 2, 3], [2, 4, 6, 4], { padding: 'SAME', strideH: 2, strideW: 1, fusedActivation: 'RELU' }),
    C('dilation2_valid_relu6', [1, 9, 9, 2], [3, 3, 3, 2], [1, 5, 5, 3], { dilationH: 2, dilationW: 2, fusedActivation: 'RELU6' }),
    C('1x1_same_stride2', [1, 8, 8, 3], [5, 1, 1, 3], [1, 4, 4, 5], { padding: 'SAME', strideH: 2, strideW: 2 }),
    C('same_stride3x2_dilation2x1_relu_n1_to_1', [1, 10, 7, 4], [6, 4, 3, 4], [1, 4, 4, 6],
      { padding: 'SAME', strideH: 3, strideW: 2, dilationH: 2, dilationW: 1, fusedActivation: 'RELU_N1_TO_1' }),
    { ...C('no_bias_two_inputs', [1, 6, 6, 2], [2, 2, 2, 2], [1, 6, 6, 2], { padding: 'SAME' }, false), expectError: true,
      note: 'TFLite CONV_2D requires a bias input (conv.cc: "has_bias was not true")' },
    { ...C('bias_omitted_minus1', [1, 4, 4, 1], [1, 2, 2, 1], [1, 3, 3, 1], {}, 'omitted'), expectError: true,
      note: 'TFLite CONV_2D refuses an omitted (-1) bias: "Tensor at index 2 was optional but was expected"' },
    C('mnist_12x3x3_relu', [1, 28, 28, 1], [12, 3, 3, 1], [1, 26, 26, 12], { fusedActivation: 'RELU' }),
    C('kernel_larger_than_input_same', [1, 3, 2, 2], [3, 5, 5, 2], [1, 3, 2, 3], { padding: 'SAME' }),
    C('grouped_2_groups', [1, 5, 5, 4], [6, 3, 3, 2], [1, 3, 3, 6], {}, true, 6, 'grouped convolution: input channels = 2 × filter inC'),
    // Hybrid (DRQ): float input × int8 filter; TFLite's builtin hybrid kernel (never XNNPACK here).
    c('hybrid_per_tensor_relu', 2, o('Conv2DOptions', { padding: 'SAME', fusedActivation: 'RELU' }),
      [input([1, 7, 7, 3]), int8Weights([4, 3, 3, 3], [0.004]), weights([4], -0.2, 0.2)], [out([1, 7, 7, 4])], 'int8 filter, one scale'),
    c('hybrid_per_channel_stride2', 5, o('Conv2DOptions', { padding: 'SAME', strideH: 2, strideW: 2 }),
      [input([2, 9, 8, 4]), int8Weights([6, 3, 3, 4], channelScales(6, 0.003)), weights([6], -0.2, 0.2)], [out([2, 5, 4, 6])], 'int8 filter, scales per output channel (axis 0)'),
    c('hybrid_per_tensor_batch2_dilation2_relu6', 2, o('Conv2DOptions', { padding: 'SAME', dilationH: 2, dilationW: 2, fusedActivation: 'RELU6' }),
      [input([2, 8, 7, 3], -1, 3), int8Weights([5, 3, 3, 3], [0.01]), weights([5], -0.2, 0.2)], [out([2, 8, 7, 5])], 'per-image symmetric quantization, dilated im2col padded with 0'),
    c('hybrid_per_tensor_1x1', 2, o('Conv2DOptions', { padding: 'VALID' }),
      [input([1, 5, 6, 8]), int8Weights([7, 1, 1, 8], [0.02]), weights([7], -0.2, 0.2)], [out([1, 5, 6, 7])], '1×1 stride 1: no im2col'),
    c('hybrid_per_channel_1x1_relu', 5, o('Conv2DOptions', { padding: 'SAME', fusedActivation: 'RELU' }),
      [input([2, 4, 5, 16], -0.5, 2), int8Weights([12, 1, 1, 16], channelScales(12, 0.002)), weights([12], -0.2, 0.2)], [out([2, 4, 5, 12])], 'mobilenet-style pointwise conv'),
    c('hybrid_per_channel_dilation_valid_relu_n1_to_1', 5, o('Conv2DOptions', { dilationH: 2, dilationW: 3, strideH: 1, strideW: 2, fusedActivation: 'RELU_N1_TO_1' }),
      [input([1, 11, 13, 3], 0, 4), int8Weights([4, 2, 3, 3], channelScales(4, 0.004)), weights([4], -0.2, 0.2)], [out([1, 9, 4, 4])], 'dilated im2col padded with the zero point'),
    c('hybrid_equal_channel_scales', 5, o('Conv2DOptions', { padding: 'SAME' }),
      [input([1, 6, 6, 2]), int8Weights([3, 3, 3, 2], [0.005, 0.005, 0.005]), weights([3], -0.2, 0.2)], [out([1, 6, 6, 3])],
      'several scales, all equal: conv.cc takes the per-tensor path'),
    // XNNPACK runs a convolution with one input and one output channel per group as a depthwise
    // convolution (its own tap order) when a depthwise microkernel has exactly that many taps.
    C('one_in_one_out_5x5_same', [1, 8, 8, 1], [1, 5, 5, 1], [1, 8, 8, 1], { padding: 'SAME' }, true, 1, '25 taps: XNNPACK depthwise path'),
    C('one_in_one_out_2x3', [1, 6, 6, 1], [1, 2, 3, 1], [1, 5, 4, 1], {}, true, 1, '6 taps: no depthwise microkernel, XNNPACK GEMM path'),
    C('grouped_4_groups_depthwise_like', [1, 6, 6, 4], [4, 3, 3, 1], [1, 4, 4, 4], {}, true, 6, 'grouped, one channel in and out per group'),
  ];
}

function depthwiseCases(): CaseDef[] {
  const D = (name: string, x: number[], f: number[], y: number[], opts: Parameters<typeof o<'DepthwiseConv2DOptions'>>[1], bias: boolean | 'omitted' = true, version = 1, note?: string) =>
    c(name, version, o('DepthwiseConv2DOptions', opts), withBias([input(x), weights(f, -0.5, 0.5)], bias, f[3]), [out(y)], note);
  return [
    D('3x3_valid', [1, 5, 5, 2], [1, 3, 3, 2], [1, 3, 3, 2], {}),
    D('batch2_multiplier2_same_stride2_relu6', [2, 7, 8, 3], [1, 3, 3, 6], [2, 4, 4, 6], { padding: 'SAME', strideH: 2, strideW: 2, depthMultiplier: 2, fusedActivation: 'RELU6' }),
    D('dilation2_same_relu', [1, 9, 9, 4], [1, 3, 3, 4], [1, 9, 9, 4], { padding: 'SAME', dilationH: 2, dilationW: 2, fusedActivation: 'RELU' }, true, 2),
    D('multiplier3_from_1_channel_stride1x2', [1, 6, 5, 1], [1, 2, 3, 3], [1, 5, 2, 3], { strideW: 2, depthMultiplier: 3 }),
    D('mobilenet_3x3_s2_same', [1, 12, 12, 8], [1, 3, 3, 8], [1, 6, 6, 8], { padding: 'SAME', strideH: 2, strideW: 2, fusedActivation: 'RELU6' }),
    D('no_bias_5x3_valid', [1, 7, 6, 3], [1, 5, 3, 3], [1, 3, 4, 3], {}, false, 1, 'two inputs: no bias'),
    { ...D('bias_omitted_minus1', [1, 4, 4, 2], [1, 2, 2, 2], [1, 3, 3, 2], {}, 'omitted'), expectError: true,
      note: 'TFLite DEPTHWISE_CONV_2D refuses an omitted (-1) bias: "Tensor at index 2 was optional but was expected"' },
    D('dilation3x1_stride2_valid_relu_n1_to_1', [1, 11, 8, 2], [1, 3, 2, 2], [1, 3, 4, 2], { strideH: 2, strideW: 2, dilationH: 3, dilationW: 1, fusedActivation: 'RELU_N1_TO_1' }, true, 2),
    c('hybrid_per_tensor', 4, o('DepthwiseConv2DOptions', { padding: 'SAME', fusedActivation: 'RELU6' }),
      [input([1, 6, 6, 4]), int8Weights([1, 3, 3, 4], [0.006]), weights([4], -0.2, 0.2)], [out([1, 6, 6, 4])], 'hybrid: int8 filter, one scale'),
    c('hybrid_per_channel_multiplier2', 6, o('DepthwiseConv2DOptions', { strideH: 2, strideW: 2, depthMultiplier: 2 }),
      [input([1, 9, 9, 3]), int8Weights([1, 3, 3, 6], channelScales(6, 0.005), 3), weights([6], -0.2, 0.2)], [out([1, 4, 4, 6])],
      'hybrid: int8 filter, scales per channel (axis 3)'),
    c('hybrid_per_channel_batch2_dilation2_same_relu', 6, o('DepthwiseConv2DOptions', { padding: 'SAME', dilationH: 2, dilationW: 2, fusedActivation: 'RELU' }),
      [input([2, 7, 8, 5], -1, 2), int8Weights([1, 3, 3, 5], channelScales(5, 0.01), 3), weights([5], -0.2, 0.2)], [out([2, 7, 8, 5])],
      'per-image asymmetric quantization; padded taps skipped'),
    c('hybrid_per_channel_mobilenet_s2_relu6', 6, o('DepthwiseConv2DOptions', { padding: 'SAME', strideH: 2, strideW: 2, fusedActivation: 'RELU6' }),
      [input([1, 10, 10, 16], 0, 6), int8Weights([1, 3, 3, 16], channelScales(16, 0.004), 3), weights([16], -0.2, 0.2)], [out([1, 5, 5, 16])],
      'post-ReLU6 input (zero point −128)'),
    // Tap counts with and without an XNNPACK depthwise microkernel (its tap order differs from GEMM's).
    D('taps4_2x2_valid', [1, 6, 6, 8], [1, 2, 2, 8], [1, 5, 5, 8], {}),
    D('taps3_1x3_same', [1, 5, 7, 4], [1, 1, 3, 4], [1, 5, 7, 4], { padding: 'SAME' }),
    D('taps25_5x5_same', [1, 9, 9, 8], [1, 5, 5, 8], [1, 9, 9, 8], { padding: 'SAME', fusedActivation: 'RELU6' }),
    D('taps49_7x7_same', [1, 9, 9, 4], [1, 7, 7, 4], [1, 9, 9, 4], { padding: 'SAME' }),
    D('taps9_20_channels', [1, 8, 8, 20], [1, 3, 3, 20], [1, 8, 8, 20], { padding: 'SAME', fusedActivation: 'RELU6' }, true, 1, 'channels not a multiple of the microkernel tile'),
    D('taps8_2x4_valid', [1, 6, 7, 4], [1, 2, 4, 4], [1, 5, 4, 4], {}),
    D('taps16_4x4_same', [1, 7, 7, 4], [1, 4, 4, 4], [1, 7, 7, 4], { padding: 'SAME' }),
  ];
}

function fullyConnectedCases(): CaseDef[] {
  const F = (name: string, x: number[], w: number[], y: number[], opts: Parameters<typeof o<'FullyConnectedOptions'>>[1], bias: 'yes' | 'omitted' | 'absent' = 'yes', version = 1, note?: string) => {
    const ins: (CaseTensor | null)[] = [input(x), weights(w, -0.5, 0.5)];
    if (bias === 'yes') ins.push(weights([w[0]], -0.2, 0.2));
    if (bias === 'omitted') ins.push(null);
    return c(name, version, o('FullyConnectedOptions', opts), ins, [out(y)], note);
  };
  return [
    F('1x4_to_3', [1, 4], [3, 4], [1, 3], {}),
    F('batch3_relu', [3, 10], [5, 10], [3, 5], { fusedActivation: 'RELU' }),
    F('rank3_input_flattened', [2, 3, 8], [4, 8], [6, 4], {}, 'yes', 1, 'input [2,3,8] is read as [6,8]'),
    F('keep_num_dims', [2, 3, 8], [4, 8], [2, 3, 4], { keepNumDims: true }, 'yes', 5),
    F('bias_omitted_relu6', [2, 7], [3, 7], [2, 3], { fusedActivation: 'RELU6' }, 'omitted'),
    F('two_inputs_no_bias', [1, 6], [2, 6], [1, 2], {}, 'absent', 6),
    F('mnist_dense_2028_to_10', [1, 2028], [10, 2028], [1, 10], {}),
    F('batch4_relu_n1_to_1', [4, 33], [17, 33], [4, 17], { fusedActivation: 'RELU_N1_TO_1' }),
    // Hybrid (DRQ): float input × int8 weights, builtin kernel. v3 = symmetric per-row input
    // quantization, v9 = asymmetric_quantize_inputs (TF 2.14 converters).
    c('hybrid_per_tensor_v3', 3, o('FullyConnectedOptions'), [input([3, 40]), int8Weights([7, 40], [0.003]), weights([7], -0.2, 0.2)], [out([3, 7])]),
    c('hybrid_asymmetric_inputs_v9_relu', 9, o('FullyConnectedOptions', { fusedActivation: 'RELU', asymmetricQuantizeInputs: true }),
      [input([2, 40], -0.2, 1), int8Weights([5, 40], [0.004]), weights([5], -0.2, 0.2)], [out([2, 5])], 'inputs mostly positive: asymmetric quantization matters'),
    c('hybrid_mnist_dense_2028_to_10', 3, o('FullyConnectedOptions'), [input([1, 2028], 0, 2), int8Weights([10, 2028], [0.0021]), weights([10], -0.2, 0.2)], [out([1, 10])]),
    c('hybrid_v9_rank3_keep_num_dims_tanh', 9, o('FullyConnectedOptions', { keepNumDims: true, fusedActivation: 'TANH', asymmetricQuantizeInputs: true }),
      [input([2, 3, 24], -1.5, 1), int8Weights([9, 24], [0.004]), weights([9], -0.2, 0.2)], [out([2, 3, 9])], 'hybrid FC accepts TANH (the float kernel does not)'),
    c('hybrid_v9_zero_row', 9, o('FullyConnectedOptions', { asymmetricQuantizeInputs: true }),
      [{ dtype: 'float32', shape: [2, 24], role: 'input', gen: { kind: 'values', values: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...Array.from({ length: 24 }, (_, i) => (i - 11) / 8)] } },
        int8Weights([4, 24], [0.01]), weights([4], -0.2, 0.2)], [out([2, 4])], 'an all-zero row: scale 1, zero point 0, output = bias'),
    c('hybrid_v3_no_bias_batch5', 3, o('FullyConnectedOptions', { fusedActivation: 'RELU6' }),
      [input([5, 33]), int8Weights([6, 33], [0.02]), null], [out([5, 6])], 'bias omitted (-1)'),
    c('hybrid_v9_k4096_positive_weights', 9, o('FullyConnectedOptions', { asymmetricQuantizeInputs: true }),
      [input([2, 4096], 0, 1), { ...int8Weights([4, 4096], [0.0001]), gen: { kind: 'int', lo: 100, hi: 127 } }, weights([4], -0.2, 0.2)], [out([2, 4])],
      'row sums ≈ 464,000: would overflow an int16 SIMD row-sum (SseReductionSumVector)'),
    { ...c('hybrid_per_channel_v12', 12, o('FullyConnectedOptions', { asymmetricQuantizeInputs: true }),
      [input([2, 40]), int8Weights([5, 40], channelScales(5, 0.003)), weights([5], -0.2, 0.2)], [out([2, 5])]),
    expectError: true, note: 'FULLY_CONNECTED v12 (per-channel hybrid) is newer than this runtime (TF ≈ 2.12)' },
  ];
}

function poolCases(type: 'MAX' | 'AVG'): CaseDef[] {
  const P = (name: string, x: number[], y: number[], opts: Parameters<typeof o<'Pool2DOptions'>>[1], lo = -1, hi = 1) =>
    c(name, 1, o('Pool2DOptions', opts), [input(x, lo, hi)], [out(y)]);
  const cases = [
    P('2x2_s2_valid', [1, 4, 4, 1], [1, 2, 2, 1], { filterHeight: 2, filterWidth: 2, strideH: 2, strideW: 2 }),
    P('batch2_3x3_s2_same', [2, 7, 9, 3], [2, 4, 5, 3], { padding: 'SAME', filterHeight: 3, filterWidth: 3, strideH: 2, strideW: 2 }),
    P('2x3_s1x2_valid_relu', [1, 5, 6, 2], [1, 4, 2, 2], { filterHeight: 2, filterWidth: 3, strideH: 1, strideW: 2, fusedActivation: 'RELU' }),
    P('mnist_2x2_s2', [1, 26, 26, 12], [1, 13, 13, 12], { filterHeight: 2, filterWidth: 2, strideH: 2, strideW: 2 }),
    P('3x3_s1_same_relu6', [1, 5, 5, 1], [1, 5, 5, 1], { padding: 'SAME', filterHeight: 3, filterWidth: 3, fusedActivation: 'RELU6' }, -10, 10),
    P('4x4_s3_same_odd', [1, 10, 11, 2], [1, 4, 4, 2], { padding: 'SAME', filterHeight: 4, filterWidth: 4, strideH: 3, strideW: 3 }),
  ];
  if (type === 'AVG') cases.push(P('global_7x7', [1, 7, 7, 5], [1, 1, 1, 5], { filterHeight: 7, filterWidth: 7, strideH: 2, strideW: 2 }));
  // XNNPACK's summation trees: 9 taps, 25 taps (9 + 8 + 8), and windows covering the whole input.
  cases.push(
    P('3x3_s1_valid_9_taps', [1, 6, 6, 4], [1, 4, 4, 4], { filterHeight: 3, filterWidth: 3 }),
    P('5x5_s2_valid_25_taps', [1, 11, 11, 8], [1, 4, 4, 8], { filterHeight: 5, filterWidth: 5, strideH: 2, strideW: 2 }),
    P('3x3_window_on_3x3_input', [1, 3, 3, 6], [1, 1, 1, 6], { filterHeight: 3, filterWidth: 3 }),
    P('global_6x6_36_rows', [1, 6, 6, 16], [1, 1, 1, 16], { filterHeight: 6, filterWidth: 6 }),
  );
  return cases;
}

function reshapeCases(): CaseDef[] {
  return [
    c('shape_tensor_const', 1, o('ReshapeOptions'), [input([2, 3, 4]), values([4, 6])], [out([4, 6])]),
    c('minus_one_dim', 1, o('ReshapeOptions'), [input([1, 28, 28]), values([-1, 784])], [out([1, 784])]),
    c('new_shape_option_only', 1, o('ReshapeOptions', { newShape: [3, 8] }), [input([2, 12])], [out([3, 8])], 'no shape input: new_shape from options'),
    c('shape_tensor_runtime_input', 1, o('ReshapeOptions'), [input([2, 3, 4]), values([3, 2, 4], [3], 'int32', 'input')], [out([3, 2, 4])],
      'shape is a graph input: the output shape is only known at Invoke'),
    c('int32_to_rank0', 1, o('ReshapeOptions'), [ints('int32', [1, 1], -50, 50), values([], [0])], [out([], 'int32')], 'empty shape → scalar'),
  ];
}

function shapeCases(): CaseDef[] {
  return [
    c('rank3_float', 1, o('ShapeOptions'), [input([2, 3, 5])], [out([3], 'int32')]),
    c('mnist_input', 1, o('ShapeOptions'), [input([1, 28, 28])], [out([3], 'int32')]),
    c('rank1_int32', 1, o('ShapeOptions'), [ints('int32', [7], 0, 9)], [out([1], 'int32')]),
    c('rank4', 1, o('ShapeOptions'), [input([1, 4, 3, 2])], [out([4], 'int32')]),
  ];
}

function stridedSliceCases(): CaseDef[] {
  const S = (name: string, x: CaseTensor, b: number[], e: number[], s: number[], y: number[], opts: Parameters<typeof o<'StridedSliceOptions'>>[1] = {}, version = 1, note?: string) =>
    c(name, version, o('StridedSliceOptions', opts), [x, values(b), values(e), values(s)], [out(y, x.dtype)], note);
  return [
    S('shape_prologue_shrink', ints('int32', [3], 1, 9), [0], [1], [1], [], { shrinkAxisMask: 1 }, 1, 'the Keras SHAPE→STRIDED_SLICE prologue: first dim as a scalar'),
    S('rank3_strides2', input([3, 4, 5]), [1, 0, 1], [3, 4, 5], [1, 2, 2], [2, 2, 2]),
    S('negative_strides_end_mask', input([5, 6]), [4, 5], [0, 0], [-1, -2], [5, 3], { endMask: 0b11 }),
    S('begin_end_masks', input([4, 6, 3]), [1, 2, 0], [3, 5, 2], [1, 1, 1], [3, 4, 3], { beginMask: 0b101, endMask: 0b110 }),
    S('shrink_middle_axis', input([4, 5, 6]), [0, 2, 0], [4, 3, 6], [1, 1, 2], [4, 3], { shrinkAxisMask: 0b010 }),
    S('negative_begin_end', input([8]), [-6], [-1], [2], [3]),
    S('ellipsis', input([2, 3, 4, 5]), [0, 1], [0, 3], [1, 1], [2, 3, 4, 2], { ellipsisMask: 0b01 }, 6),
    S('new_axis', input([3, 4]), [0, 0, 1], [0, 3, 3], [1, 1, 1], [1, 3, 2], { newAxisMask: 0b001 }, 6),
    S('rank5', input([2, 3, 2, 3, 2]), [0, 1, 0, 0, 1], [2, 3, 2, 3, 2], [1, 1, 1, 2, 1], [2, 2, 2, 2, 1], {}, 4),
    S('clamped_out_of_range', input([6, 4]), [-10, 1], [10, 100], [2, 1], [3, 3], {}, 1, 'begin/end beyond the dims are clamped'),
  ];
}

function packCases(): CaseDef[] {
  return [
    c('three_axis0', 1, o('PackOptions', { valuesCount: 3, axis: 0 }), [input([2, 3]), input([2, 3]), input([2, 3])], [out([3, 2, 3])]),
    c('two_axis2', 1, o('PackOptions', { valuesCount: 2, axis: 2 }), [input([2, 3]), input([2, 3])], [out([2, 3, 2])]),
    c('int32_scalars_prologue', 1, o('PackOptions', { valuesCount: 2, axis: 0 }), [ints('int32', [], 1, 9), values([-1], [])], [out([2], 'int32')],
      'the Keras prologue: PACK(batch, -1) → a shape tensor'),
    c('four_axis_minus1', 1, o('PackOptions', { valuesCount: 4, axis: -1 }), [input([3]), input([3]), weights([3]), input([3])], [out([3, 4])]),
    c('axis1_rank3', 1, o('PackOptions', { valuesCount: 2, axis: 1 }), [input([2, 1, 3]), input([2, 1, 3])], [out([2, 2, 1, 3])]),
  ];
}

function softmaxCases(): CaseDef[] {
  return [
    c('1x10', 1, o('SoftmaxOptions'), [input([1, 10], -3, 3)], [out([1, 10])]),
    c('3x7_beta0.5', 1, o('SoftmaxOptions', { beta: 0.5 }), [input([3, 7], -5, 5)], [out([3, 7])]),
    c('rank3', 1, o('SoftmaxOptions'), [input([2, 3, 4], -2, 2)], [out([2, 3, 4])]),
    c('rank4_1x1x1x5', 1, o('SoftmaxOptions'), [input([1, 1, 1, 5], -2, 2)], [out([1, 1, 1, 5])]),
    c('large_logits_stability', 1, o('SoftmaxOptions'), [input([2, 6], -80, 80)], [out([2, 6])], 'needs max subtraction'),
    c('beta2_batch4', 1, o('SoftmaxOptions', { beta: 2 }), [input([4, 3], -1, 1)], [out([4, 3])]),
    // XNNPACK sums exp() 16 at a time, then 4 at a time, then one by one: rows that take every path.
    c('rows_of_37', 1, o('SoftmaxOptions'), [input([3, 37], -6, 6)], [out([3, 37])]),
    c('rows_of_1001', 1, o('SoftmaxOptions'), [input([2, 1001], -20, 20)], [out([2, 1001])], 'an ImageNet classifier head'),
    c('underflowing_exponents', 1, o('SoftmaxOptions'), [input([2, 9], -300, 300)], [out([2, 9])], 'x − max below exp\'s cutoff gives exactly 0'),
  ];
}

function binaryCases(op: 'ADD' | 'SUB' | 'MUL'): CaseDef[] {
  const type = ({ ADD: 'AddOptions', SUB: 'SubOptions', MUL: 'MulOptions' } as const)[op];
  const B = (name: string, a: CaseTensor, b: CaseTensor, y: number[], act: 'NONE' | 'RELU' | 'RELU6' | 'RELU_N1_TO_1' = 'NONE', version = 1) =>
    c(name, version, o(type, { fusedActivation: act }), [a, b], [out(y)]);
  return [
    B('same_shape', input([2, 3]), input([2, 3]), [2, 3]),
    B('broadcast_last_dim_const', input([2, 3, 4]), weights([4]), [2, 3, 4]),
    B('broadcast_both_relu', input([1, 4, 1, 3]), input([2, 1, 5, 1]), [2, 4, 5, 3], 'RELU'),
    B('4d_same_relu6', input([1, 8, 8, 16], -4, 4), input([1, 8, 8, 16], -4, 4), [1, 8, 8, 16], 'RELU6'),
    B('scalar_const_broadcast', input([3, 3]), weights([]), [3, 3]),
    B('relu_n1_to_1_broadcast_first', input([1, 5]), input([4, 5]), [4, 5], 'RELU_N1_TO_1'),
    B('broadcast_5d', input([2, 1, 3, 1, 2]), input([1, 2, 1, 4, 1]), [2, 2, 3, 4, 2], 'NONE', op === 'SUB' ? 3 : 1),
  ];
}

function meanCases(): CaseDef[] {
  const M = (name: string, x: number[], axes: number[], keepDims: boolean, y: number[]) =>
    c(name, 1, o('ReducerOptions', { keepDims }), [input(x), values(axes)], [out(y)]);
  return [
    M('spatial_keep_dims', [1, 7, 7, 8], [1, 2], true, [1, 1, 1, 8]),
    M('axis1', [2, 3, 4], [1], false, [2, 4]),
    M('axes_0_2', [2, 3, 4], [0, 2], false, [3]),
    M('negative_axis_keep', [3, 5], [-1], true, [3, 1]),
    M('text_embedding_256', [1, 256, 16], [1], false, [1, 16]),
    M('all_axes_to_scalar', [2, 3, 2], [0, 1, 2], false, []),
    M('spatial_no_keep', [2, 5, 4, 3], [1, 2], false, [2, 3]),
    M('spatial_99_rows_keep', [1, 9, 11, 16], [1, 2], true, [1, 1, 1, 16]),
    M('spatial_batch3_no_keep', [3, 4, 4, 20], [1, 2], false, [3, 20]),
  ];
}

function padCases(): CaseDef[] {
  const P = (name: string, x: CaseTensor, pads: number[][], y: number[]) =>
    c(name, 1, o('PadOptions'), [x, values(pads.flat(), [pads.length, 2])], [out(y, x.dtype)]);
  return [
    P('spatial_1_1', input([1, 4, 4, 2]), [[0, 0], [1, 1], [1, 1], [0, 0]], [1, 6, 6, 2]),
    P('rank2_asymmetric', input([2, 3]), [[1, 2], [0, 3]], [5, 6]),
    P('mobilenet_bottom_right', input([1, 5, 5, 3]), [[0, 0], [0, 1], [0, 1], [0, 0]], [1, 6, 6, 3]),
    P('rank1_front', input([3]), [[2, 0]], [5]),
    P('batch_and_channels', input([2, 2, 3, 2]), [[1, 0], [0, 2], [1, 1], [0, 1]], [3, 4, 5, 3]),
    P('int32', ints('int32', [2, 2], -9, 9), [[1, 1], [0, 2]], [4, 4]),
  ];
}

function concatCases(): CaseDef[] {
  const K = (name: string, ins: CaseTensor[], axis: number, y: number[], act: 'NONE' | 'RELU' = 'NONE') =>
    c(name, 1, o('ConcatenationOptions', { axis, fusedActivation: act }), ins, [out(y, ins[0].dtype)]);
  return [
    K('rank2_axis1', [input([2, 3]), input([2, 4])], 1, [2, 7]),
    K('channels_three_inputs', [input([1, 4, 4, 2]), input([1, 4, 4, 3]), input([1, 4, 4, 1])], 3, [1, 4, 4, 6]),
    K('axis0_with_const', [input([1, 3]), input([2, 3]), weights([1, 3])], 0, [4, 3]),
    K('axis_minus1', [input([2, 2, 2]), input([2, 2, 3])], -1, [2, 2, 5]),
    { ...K('fused_relu_refused', [input([2, 2]), input([2, 1])], 1, [2, 3], 'RELU'), expectError: true,
      note: 'TFLite CONCATENATION refuses a fused activation (concatenation.cc: params->activation != kTfLiteActNone)' },
    K('int32_axis0', [ints('int32', [2], -5, 5), ints('int32', [3], -5, 5)], 0, [5]),
    K('axis1_rank4', [input([2, 1, 3, 2]), input([2, 2, 3, 2])], 1, [2, 3, 3, 2]),
  ];
}

function resizeBilinearCases(): CaseDef[] {
  const R = (name: string, x: number[], size: [number, number], opts: Parameters<typeof o<'ResizeBilinearOptions'>>[1] = {}, version = 1) =>
    c(name, version, o('ResizeBilinearOptions', opts), [input(x), values(size)], [out([x[0], size[0], size[1], x[3]])]);
  return [
    R('upscale_2x', [1, 4, 4, 1], [8, 8]),
    R('align_corners', [1, 3, 5, 2], [7, 4], { alignCorners: true }),
    R('half_pixel_centers_batch2', [2, 4, 3, 3], [9, 6], { halfPixelCenters: true }, 3),
    R('deeplab_like_9_to_33', [1, 9, 9, 3], [33, 33]),
    R('downscale', [1, 8, 6, 2], [3, 4]),
    R('downscale_half_pixel', [1, 7, 9, 1], [4, 5], { halfPixelCenters: true }, 3),
  ];
}

function gatherCases(): CaseDef[] {
  const G = (name: string, params: CaseTensor, idx: CaseTensor, axis: number, y: number[], batchDims = 0, note?: string, expectError?: boolean) =>
    c(name, batchDims !== 0 ? 5 : 1, o('GatherOptions', { axis, batchDims }), [params, idx], [out(y, params.dtype)], note, expectError);
  return [
    G('rows_const_table', weights([10, 4]), ints('int32', [3], 0, 9), 0, [3, 4]),
    G('embedding_2d_indices', weights([50, 16]), ints('int32', [1, 20], 0, 49), 0, [1, 20, 16]),
    G('axis1_runtime_params', input([3, 5, 2]), values([4, 0, 2, 2]), 1, [3, 4, 2]),
    G('batch_dims1', input([2, 5, 3]), ints('int32', [2, 4], 0, 4), 1, [2, 4, 3], 1),
    G('int32_params', ints('int32', [6], -100, 100, 'const'), ints('int32', [2, 2], 0, 5), 0, [2, 2]),
    G('axis_minus1', input([2, 3, 4]), values([3, 1]), -1, [2, 3, 2]),
    G('index_out_of_range', weights([10, 4]), values([2, 10], [2], 'int32', 'input'), 0, [2, 4], 0,
      'index 10 of a 10-row table: the runtime must refuse (no silent read)', true),
  ];
}

function castCases(): CaseDef[] {
  const K = (name: string, x: CaseTensor, to: DType, version = 1, note?: string) =>
    c(name, version, o('CastOptions', { inDataType: x.dtype, outDataType: to }), [x], [out(x.shape, to)], note);
  return [
    K('int32_to_float32', ints('int32', [2, 5], -100, 100), 'float32'),
    K('float32_to_int32_truncates', input([3, 4], -50, 50), 'int32', 1, 'truncation toward zero'),
    K('uint8_to_float32_mnist', ints('uint8', [1, 28, 28], 0, 255), 'float32'),
    K('float32_to_uint8', input([10], 0, 255), 'uint8'),
    K('int8_to_float32', ints('int8', [4, 4], -128, 127), 'float32', 3),
    K('bool_to_float32', ints('bool', [6], 0, 1), 'float32'),
    K('float32_to_bool', { dtype: 'float32', shape: [8], role: 'input', gen: { kind: 'int', lo: -1, hi: 1 } }, 'bool', 1, 'nonzero → true'),
    K('int32_to_bool', ints('int32', [7], -2, 2), 'bool'),
  ];
}

function unaryCases(op: 'LOGISTIC' | 'TANH' | 'RELU' | 'RELU6'): CaseDef[] {
  const range: Record<typeof op, [number, number]> = { LOGISTIC: [-10, 10], TANH: [-5, 5], RELU: [-2, 2], RELU6: [-3, 9] };
  const [lo, hi] = range[op];
  const U = (name: string, shape: number[], a = lo, b = hi) => c(name, 1, null, [input(shape, a, b)], [out(shape)]);
  return [
    U('rank2', [2, 5]),
    U('rank4', [1, 4, 4, 3]),
    U('extremes', [20], -100, 100),
    U('rank1_small', [3], -0.01, 0.01),
    U('batch3_rank3', [3, 2, 7]),
    // Where approximations part ways: near TANH's ±7.9 clamp and ±9, and below 0.0004.
    U('near_saturation', [64], 7.5, 9.5),
    U('tiny', [32], -0.001, 0.001),
  ];
}

function dequantizeCases(): CaseDef[] {
  const q = (scale: number[], zeroPoint: number[], quantizedDimension = 0) => ({ scale, zeroPoint, quantizedDimension });
  // Constant inputs need reshapeAfter: see OpCase.reshapeAfter (XNNPACK folds a constant-only op).
  const folded = (d: CaseDef): CaseDef => ({ ...d, reshapeAfter: true, note: `${d.note ? `${d.note}; ` : ''}followed by an identity RESHAPE` });
  return [
    folded(c('int8_per_tensor_const', 2, o('DequantizeOptions'), [{ ...ints('int8', [4, 5], -127, 127, 'const'), quantization: q([0.05], [3]) }], [out([4, 5])])),
    c('int8_per_tensor_input', 2, o('DequantizeOptions'), [{ ...ints('int8', [2, 3, 4], -128, 127), quantization: q([0.1], [-5]) }], [out([2, 3, 4])]),
    folded(c('int8_per_channel_axis0_const', 5, o('DequantizeOptions'), [{ ...ints('int8', [3, 2, 2], -127, 127, 'const'), quantization: q([0.01, 0.2, 0.003], [0, 0, 0], 0) }], [out([3, 2, 2])])),
    folded(c('int8_per_channel_axis3_depthwise_const', 5, o('DequantizeOptions'), [{ ...ints('int8', [1, 2, 2, 4], -127, 127, 'const'), quantization: q([0.5, 0.25, 0.125, 0.0625], [0, 0, 0, 0], 3) }], [out([1, 2, 2, 4])])),
    c('int8_per_channel_axis1_input', 5, o('DequantizeOptions'), [{ ...ints('int8', [2, 3], -128, 127), quantization: q([0.5, 0.02, 1.5], [1, -2, 0], 1) }], [out([2, 3])]),
    folded(c('float16_const', 3, o('DequantizeOptions'), [{ dtype: 'float16', shape: [8, 4], role: 'const', gen: { kind: 'uniform', lo: -2, hi: 2 } }], [out([8, 4])])),
    folded(c('float16_const_wide_range', 3, o('DequantizeOptions'), [{ dtype: 'float16', shape: [16], role: 'const', gen: { kind: 'values', values: [0, -2.5e-8, 1, -1, 65504, -65504, 6.1e-5, 5.96e-8, 1e-8, 0.1, 1 / 3, 2048.5, 1e5, -1e5, 0.5, 3.14159] } }], [out([16])],
      'subnormals, max half, values that round or overflow when encoded; -2.5e-8 encodes to -0 (JSON cannot hold -0)')),
    c('uint8_input', 1, o('DequantizeOptions'), [{ ...ints('uint8', [5], 0, 255), quantization: q([0.5], [128]) }], [out([5])]),
  ];
}

function expandDimsCases(): CaseDef[] {
  const E = (name: string, x: CaseTensor, axis: CaseTensor, y: number[]) => c(name, 1, o('ExpandDimsOptions'), [x, axis], [out(y, x.dtype)]);
  return [
    E('axis0', input([2, 3]), values([0], []), [1, 2, 3]),
    E('axis_minus1', input([2, 3]), values([-1], []), [2, 3, 1]),
    E('autokeras_channel', input([1, 28, 28]), values([3], [1]), [1, 28, 28, 1]),
    E('int32_axis1', ints('int32', [4], -9, 9), values([1], []), [4, 1]),
    E('scalar_input', input([]), values([0], []), [1]),
  ];
}

function lstmCases(): CaseDef[] {
  interface L { batch: number; time: number; nIn: number; nCell: number; nOut?: number; peephole?: boolean; projBias?: boolean; cifg?: boolean; layerNorm?: boolean; timeMajor?: boolean; cellClip?: number; projClip?: number }
  const L = (name: string, p: L): CaseDef => {
    const nOut = p.nOut ?? p.nCell;
    const projection = nOut !== p.nCell || p.projBias === true;
    const w = (shape: number[]) => weights(shape, -0.6, 0.6);
    const gate = (make: () => CaseTensor, isInputGate: boolean) => (isInputGate && p.cifg ? null : make());
    const gates = (make: () => CaseTensor) => [gate(make, true), make(), make(), make()];
    const inputs: (CaseTensor | null)[] = [
      input(p.timeMajor ? [p.time, p.batch, p.nIn] : [p.batch, p.time, p.nIn]),
      ...gates(() => w([p.nCell, p.nIn])), // 1-4 input_to_{input,forget,cell,output}
      ...gates(() => w([p.nCell, nOut])), // 5-8 recurrent_to_*
      ...(p.peephole ? [gate(() => w([p.nCell]), true), w([p.nCell]), w([p.nCell])] : [null, null, null]), // 9-11 cell_to_*
      ...gates(() => weights([p.nCell], -0.3, 0.3)), // 12-15 gate biases
      projection ? w([nOut, p.nCell]) : null, // 16 projection weights
      projection && p.projBias ? weights([nOut], -0.2, 0.2) : null, // 17 projection bias
      { dtype: 'float32', shape: [p.batch, nOut], role: 'variable' }, // 18 output state
      { dtype: 'float32', shape: [p.batch, p.nCell], role: 'variable' }, // 19 cell state
      ...(p.layerNorm ? gates(() => weights([p.nCell], 0.5, 1.5)) : [null, null, null, null]), // 20-23 layer norm
    ];
    const opts = o('UnidirectionalSequenceLSTMOptions', { timeMajor: p.timeMajor ?? false, cellClip: p.cellClip ?? 0, projClip: p.projClip ?? 0 });
    return c(name, 1, opts, inputs, [out(p.timeMajor ? [p.time, p.batch, nOut] : [p.batch, p.time, nOut])]);
  };
  return [
    L('basic_b1_t4', { batch: 1, time: 4, nIn: 3, nCell: 5 }),
    L('peephole_b2', { batch: 2, time: 3, nIn: 4, nCell: 6, peephole: true }),
    L('projection_with_bias', { batch: 1, time: 5, nIn: 3, nCell: 6, nOut: 3, projBias: true }),
    L('time_major', { batch: 2, time: 5, nIn: 3, nCell: 4, timeMajor: true }),
    L('cifg', { batch: 2, time: 3, nIn: 3, nCell: 4, cifg: true }),
    L('clips_with_projection', { batch: 1, time: 6, nIn: 2, nCell: 5, nOut: 4, cellClip: 0.5, projClip: 0.3 }),
    L('layer_norm_peephole', { batch: 2, time: 3, nIn: 3, nCell: 4, peephole: true, layerNorm: true }),
    L('mnist_b1_t28_in28_cell20', { batch: 1, time: 28, nIn: 28, nCell: 20 }),
  ];
}

function batchMatMulCases(): CaseDef[] {
  // Built by hand: model_builder's options() has no BatchMatMulOptions defaults.
  const bmm = (opts: { adjX?: boolean; adjY?: boolean; asymmetricQuantizeInputs?: boolean }): BuiltinOptions =>
    ({ type: 'BatchMatMulOptions', adjX: false, adjY: false, asymmetricQuantizeInputs: false, ...opts });
  return [
    c('float_2d', 1, bmm({}), [input([3, 5]), input([5, 4])], [out([3, 4])]),
    c('float_broadcast_rank3_const_rhs', 1, bmm({}), [input([2, 3, 6]), weights([6, 5])], [out([2, 3, 5])], 'rank-2 RHS broadcast over the LHS batch'),
    c('float_adj_x_adj_y_broadcast', 1, bmm({ adjX: true, adjY: true }), [input([2, 1, 4, 3]), input([3, 5, 4])], [out([2, 3, 3, 5])], 'both transposed; batch dims [2,1] and [3] broadcast'),
    // Hybrid (DRQ): float LHS × constant int8 RHS (per-tensor, as the converter writes it).
    c('hybrid_asymmetric_v4', 4, bmm({ asymmetricQuantizeInputs: true }), [input([4, 40], -0.5, 1), int8Weights([40, 6], [0.004])], [out([4, 6])]),
    c('hybrid_symmetric_v1', 1, bmm({}), [input([3, 40]), int8Weights([40, 5], [0.003])], [out([3, 5])], 'symmetric input rows (no asymmetric flag)'),
    c('hybrid_rank3_lhs_adj_y', 4, bmm({ adjY: true, asymmetricQuantizeInputs: true }), [input([2, 3, 24], -1, 2), int8Weights([7, 24], [0.01])], [out([2, 3, 7])], 'RHS stored [cols, depth]'),
    c('hybrid_adj_x', 4, bmm({ adjX: true, asymmetricQuantizeInputs: true }), [input([2, 16, 3]), int8Weights([16, 4], [0.02])], [out([2, 3, 4])], 'LHS stored [depth, rows]'),
    c('hybrid_rank4_lhs_two_batch_dims', 4, bmm({ asymmetricQuantizeInputs: true }), [input([2, 3, 2, 20], -1, 3), int8Weights([20, 3], [0.01])], [out([2, 3, 2, 3])],
      'LHS with two batch dims: which row scale each row gets'),
    c('hybrid_batched_rhs', 4, bmm({ asymmetricQuantizeInputs: true }), [input([2, 3, 32]), int8Weights([2, 32, 4], [0.005])], [out([2, 3, 4])], 'one RHS matrix per batch'),
  ];
}

/** Every op we make goldens for, with its cases. Seeds are fixed by the order of this table. */
export const OP_CASES: Record<string, CaseDef[]> = (() => {
  const table: [OpName, () => CaseDef[]][] = [
    ['CONV_2D', convCases], ['DEPTHWISE_CONV_2D', depthwiseCases], ['FULLY_CONNECTED', fullyConnectedCases],
    ['MAX_POOL_2D', () => poolCases('MAX')], ['AVERAGE_POOL_2D', () => poolCases('AVG')],
    ['RESHAPE', reshapeCases], ['SHAPE', shapeCases], ['STRIDED_SLICE', stridedSliceCases], ['PACK', packCases],
    ['SOFTMAX', softmaxCases], ['ADD', () => binaryCases('ADD')], ['SUB', () => binaryCases('SUB')],
    ['MUL', () => binaryCases('MUL')], ['MEAN', meanCases], ['PAD', padCases], ['CONCATENATION', concatCases],
    ['RESIZE_BILINEAR', resizeBilinearCases], ['GATHER', gatherCases], ['CAST', castCases],
    ['LOGISTIC', () => unaryCases('LOGISTIC')], ['TANH', () => unaryCases('TANH')], ['RELU', () => unaryCases('RELU')],
    ['RELU6', () => unaryCases('RELU6')], ['DEQUANTIZE', dequantizeCases], ['EXPAND_DIMS', expandDimsCases],
    ['UNIDIRECTIONAL_SEQUENCE_LSTM', lstmCases], ['BATCH_MATMUL', batchMatMulCases],
  ];
  const result: Record<string, CaseDef[]> = {};
  for (const [op, make] of table) {
    nextSeed = 1000 * (Object.keys(result).length + 1); // seeds per op start at 1000 × (table position + 1)
    result[op] = make();
  }
  return result;
})();

export function opCasesFor(op: string): (OpCase & { expectError?: boolean })[] {
  const defs = OP_CASES[op];
  if (!defs) throw new Error(`no golden cases for op ${op}`);
  return defs.map((d) => ({ ...d, op: op as OpName }));
}
