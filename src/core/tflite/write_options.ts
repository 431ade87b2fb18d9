// Typed options (options.ts) → an Operator.builtin_options union value. The inverse of
// read_options.ts. Values that the flatbuffer would silently truncate (non-int32 numbers, unknown
// enum names) are refused instead, and so are UnknownOptions: we cannot write what we never decoded.

import type { Builder } from 'flatbuffers';
import * as fb from './generated/tflite_generated';
import { DTYPES, type DType } from './ir';
import { ACTIVATIONS, PADDINGS, type Activation, type BuiltinOptions, type Padding } from './options';
import type { Fail } from './read_options';

export interface WrittenOptions {
  type: fb.BuiltinOptions;
  offset: number;
}

export function writeOptions(b: Builder, o: BuiltinOptions, fail: Fail): WrittenOptions {
  const i32 = (v: number, name: string): number =>
    Number.isInteger(v) && v >= -0x80000000 && v <= 0x7fffffff ? v : fail(`${o.type}.${name} = ${v} is not an int32`);
  const pad = (p: Padding): number => (PADDINGS.includes(p) ? PADDINGS.indexOf(p) : fail(`padding '${p}' is not SAME or VALID`));
  const act = (a: Activation): number => (ACTIVATIONS.includes(a) ? ACTIVATIONS.indexOf(a) : fail(`fused activation '${a}' is unknown`));
  const dt = (d: DType): number => (DTYPES.includes(d) ? DTYPES.indexOf(d) : fail(`tensor type '${d}' is unknown`));
  const T = fb.BuiltinOptions;
  switch (o.type) {
    case 'Conv2DOptions':
      return { type: T.Conv2DOptions, offset: fb.Conv2DOptions.createConv2DOptions(b, pad(o.padding), i32(o.strideW, 'strideW'),
        i32(o.strideH, 'strideH'), act(o.fusedActivation), i32(o.dilationW, 'dilationW'), i32(o.dilationH, 'dilationH'), dt(o.quantizedBiasType)) };
    case 'DepthwiseConv2DOptions':
      return { type: T.DepthwiseConv2DOptions, offset: fb.DepthwiseConv2DOptions.createDepthwiseConv2DOptions(b, pad(o.padding),
        i32(o.strideW, 'strideW'), i32(o.strideH, 'strideH'), i32(o.depthMultiplier, 'depthMultiplier'), act(o.fusedActivation),
        i32(o.dilationW, 'dilationW'), i32(o.dilationH, 'dilationH')) };
    case 'Pool2DOptions':
      return { type: T.Pool2DOptions, offset: fb.Pool2DOptions.createPool2DOptions(b, pad(o.padding), i32(o.strideW, 'strideW'),
        i32(o.strideH, 'strideH'), i32(o.filterWidth, 'filterWidth'), i32(o.filterHeight, 'filterHeight'), act(o.fusedActivation)) };
    case 'SVDFOptions':
      return { type: T.SVDFOptions, offset: fb.SVDFOptions.createSVDFOptions(b, i32(o.rank, 'rank'), act(o.fusedActivation), o.asymmetricQuantizeInputs) };
    case 'FullyConnectedOptions':
      return { type: T.FullyConnectedOptions, offset: fb.FullyConnectedOptions.createFullyConnectedOptions(b, act(o.fusedActivation),
        i32(o.weightsFormat, 'weightsFormat'), o.keepNumDims, o.asymmetricQuantizeInputs, dt(o.quantizedBiasType)) };
    case 'SoftmaxOptions':
      return { type: T.SoftmaxOptions, offset: fb.SoftmaxOptions.createSoftmaxOptions(b, o.beta) };
    case 'ConcatenationOptions':
      return { type: T.ConcatenationOptions, offset: fb.ConcatenationOptions.createConcatenationOptions(b, i32(o.axis, 'axis'), act(o.fusedActivation)) };
    case 'AddOptions':
      return { type: T.AddOptions, offset: fb.AddOptions.createAddOptions(b, act(o.fusedActivation), o.potScaleInt16) };
    case 'SubOptions':
      return { type: T.SubOptions, offset: fb.SubOptions.createSubOptions(b, act(o.fusedActivation), o.potScaleInt16) };
    case 'MulOptions':
      return { type: T.MulOptions, offset: fb.MulOptions.createMulOptions(b, act(o.fusedActivation)) };
    case 'UnidirectionalSequenceLSTMOptions':
      return { type: T.UnidirectionalSequenceLSTMOptions, offset: fb.UnidirectionalSequenceLSTMOptions.createUnidirectionalSequenceLSTMOptions(
        b, act(o.fusedActivation), o.cellClip, o.projClip, o.timeMajor, o.asymmetricQuantizeInputs, o.diagonalRecurrentTensors) };
    case 'ResizeBilinearOptions':
      return { type: T.ResizeBilinearOptions, offset: fb.ResizeBilinearOptions.createResizeBilinearOptions(b, o.alignCorners, o.halfPixelCenters) };
    case 'PadOptions':
      return { type: T.PadOptions, offset: fb.PadOptions.createPadOptions(b) };
    case 'ReshapeOptions': {
      const shape = o.newShape === null ? 0 : fb.ReshapeOptions.createNewShapeVector(b, o.newShape.map((d, i) => i32(d, `newShape[${i}]`)));
      return { type: T.ReshapeOptions, offset: fb.ReshapeOptions.createReshapeOptions(b, shape) };
    }
    case 'GatherOptions':
      return { type: T.GatherOptions, offset: fb.GatherOptions.createGatherOptions(b, i32(o.axis, 'axis'), i32(o.batchDims, 'batchDims')) };
    case 'ReducerOptions':
      return { type: T.ReducerOptions, offset: fb.ReducerOptions.createReducerOptions(b, o.keepDims) };
    case 'StridedSliceOptions':
      return { type: T.StridedSliceOptions, offset: fb.StridedSliceOptions.createStridedSliceOptions(b, i32(o.beginMask, 'beginMask'),
        i32(o.endMask, 'endMask'), i32(o.ellipsisMask, 'ellipsisMask'), i32(o.newAxisMask, 'newAxisMask'),
        i32(o.shrinkAxisMask, 'shrinkAxisMask'), o.offset) };
    case 'CastOptions':
      return { type: T.CastOptions, offset: fb.CastOptions.createCastOptions(b, dt(o.inDataType), dt(o.outDataType)) };
    case 'DequantizeOptions':
      return { type: T.DequantizeOptions, offset: fb.DequantizeOptions.createDequantizeOptions(b) };
    case 'ExpandDimsOptions':
      return { type: T.ExpandDimsOptions, offset: fb.ExpandDimsOptions.createExpandDimsOptions(b) };
    case 'ShapeOptions':
      return { type: T.ShapeOptions, offset: fb.ShapeOptions.createShapeOptions(b, dt(o.outType)) };
    case 'PackOptions':
      return { type: T.PackOptions, offset: fb.PackOptions.createPackOptions(b, i32(o.valuesCount, 'valuesCount'), i32(o.axis, 'axis')) };
    case 'QuantizeOptions':
      return { type: T.QuantizeOptions, offset: fb.QuantizeOptions.createQuantizeOptions(b) };
    case 'BatchMatMulOptions':
      return { type: T.BatchMatMulOptions, offset: fb.BatchMatMulOptions.createBatchMatMulOptions(b, o.adjX, o.adjY, o.asymmetricQuantizeInputs) };
    case 'UnknownOptions':
      return fail(`has options of union type ${o.unionType}, which this schema does not declare; such a model cannot be written`);
    default:
      return fail(`options type '${(o as { type: string }).type}' is unknown`);
  }
}
