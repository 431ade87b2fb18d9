// Typed builtin options, one interface per options table of schema/tflite.fbs.
// `type` is the union member name; field names are the schema's, in camelCase.

import type { DType } from './ir';

export type Padding = 'SAME' | 'VALID';
export const PADDINGS: readonly Padding[] = ['SAME', 'VALID'];

export type Activation = 'NONE' | 'RELU' | 'RELU_N1_TO_1' | 'RELU6' | 'TANH' | 'SIGN_BIT';
export const ACTIVATIONS: readonly Activation[] = ['NONE', 'RELU', 'RELU_N1_TO_1', 'RELU6', 'TANH', 'SIGN_BIT'];

export interface Conv2DOptions {
  type: 'Conv2DOptions';
  padding: Padding;
  strideW: number;
  strideH: number;
  fusedActivation: Activation;
  dilationW: number;
  dilationH: number;
  quantizedBiasType: DType;
}

export interface DepthwiseConv2DOptions {
  type: 'DepthwiseConv2DOptions';
  padding: Padding;
  strideW: number;
  strideH: number;
  depthMultiplier: number;
  fusedActivation: Activation;
  dilationW: number;
  dilationH: number;
}

export interface Pool2DOptions {
  type: 'Pool2DOptions';
  padding: Padding;
  strideW: number;
  strideH: number;
  filterWidth: number;
  filterHeight: number;
  fusedActivation: Activation;
}

export interface SVDFOptions {
  type: 'SVDFOptions';
  rank: number;
  fusedActivation: Activation;
  asymmetricQuantizeInputs: boolean;
}

export interface FullyConnectedOptions {
  type: 'FullyConnectedOptions';
  fusedActivation: Activation;
  /** 0 = DEFAULT, 1 = SHUFFLED4x16INT8 (refused by the interpreter). */
  weightsFormat: number;
  keepNumDims: boolean;
  asymmetricQuantizeInputs: boolean;
  quantizedBiasType: DType;
}

export interface SoftmaxOptions { type: 'SoftmaxOptions'; beta: number }
export interface ConcatenationOptions { type: 'ConcatenationOptions'; axis: number; fusedActivation: Activation }
export interface AddOptions { type: 'AddOptions'; fusedActivation: Activation; potScaleInt16: boolean }
export interface SubOptions { type: 'SubOptions'; fusedActivation: Activation; potScaleInt16: boolean }
export interface MulOptions { type: 'MulOptions'; fusedActivation: Activation }

export interface UnidirectionalSequenceLSTMOptions {
  type: 'UnidirectionalSequenceLSTMOptions';
  fusedActivation: Activation;
  cellClip: number;
  projClip: number;
  timeMajor: boolean;
  asymmetricQuantizeInputs: boolean;
  diagonalRecurrentTensors: boolean;
}

export interface ResizeBilinearOptions { type: 'ResizeBilinearOptions'; alignCorners: boolean; halfPixelCenters: boolean }
export interface PadOptions { type: 'PadOptions' }
export interface ReshapeOptions { type: 'ReshapeOptions'; newShape: number[] | null }
export interface GatherOptions { type: 'GatherOptions'; axis: number; batchDims: number }
export interface ReducerOptions { type: 'ReducerOptions'; keepDims: boolean }

export interface StridedSliceOptions {
  type: 'StridedSliceOptions';
  beginMask: number;
  endMask: number;
  ellipsisMask: number;
  newAxisMask: number;
  shrinkAxisMask: number;
  offset: boolean;
}

export interface CastOptions { type: 'CastOptions'; inDataType: DType; outDataType: DType }
export interface DequantizeOptions { type: 'DequantizeOptions' }
export interface ExpandDimsOptions { type: 'ExpandDimsOptions' }
export interface ShapeOptions { type: 'ShapeOptions'; outType: DType }
export interface PackOptions { type: 'PackOptions'; valuesCount: number; axis: number }
export interface QuantizeOptions { type: 'QuantizeOptions' }
export interface BatchMatMulOptions { type: 'BatchMatMulOptions'; adjX: boolean; adjY: boolean; asymmetricQuantizeInputs: boolean }

/** Options of a union member this schema does not declare: inspectable, never run or rewritten. */
export interface UnknownOptions { type: 'UnknownOptions'; unionType: number }

export type BuiltinOptions =
  | Conv2DOptions | DepthwiseConv2DOptions | Pool2DOptions | SVDFOptions | FullyConnectedOptions
  | SoftmaxOptions | ConcatenationOptions | AddOptions | SubOptions | MulOptions
  | UnidirectionalSequenceLSTMOptions | ResizeBilinearOptions | PadOptions | ReshapeOptions
  | GatherOptions | ReducerOptions | StridedSliceOptions | CastOptions | DequantizeOptions
  | ExpandDimsOptions | ShapeOptions | PackOptions | QuantizeOptions | BatchMatMulOptions
  | UnknownOptions;

export type OptionsOf<T extends BuiltinOptions['type']> = Extract<BuiltinOptions, { type: T }>;
