// Operator.builtin_options (a flatbuffer union) → the typed objects of options.ts.
// Enum values are checked here (padding, activation, tensor types): an out-of-range value is a
// TfliteFormatError, not a string like "undefined" travelling on into a kernel.

import * as fb from './generated/tflite_generated';
import { DTYPES, type DType } from './ir';
import { ACTIVATIONS, PADDINGS, type Activation, type BuiltinOptions, type Padding } from './options';

/** Throws a TfliteFormatError located at the operator being read. */
export type Fail = (detail: string) => never;

export function padding(v: number, fail: Fail): Padding {
  return PADDINGS[v] ?? fail(`padding ${v} is neither SAME (0) nor VALID (1)`);
}

export function activation(v: number, fail: Fail): Activation {
  return ACTIVATIONS[v] ?? fail(`fused activation ${v} is not a known ActivationFunctionType`);
}

export function dtype(v: number, fail: Fail, what = 'tensor type'): DType {
  return DTYPES[v] ?? fail(`${what} ${v} is not a known TensorType`);
}

/** Decodes one options table; `op` is the generated Operator, already verified. */
export function readOptions(op: fb.Operator, fail: Fail): BuiltinOptions | null {
  const type = op.builtinOptionsType() as number;
  if (type === fb.BuiltinOptions.NONE) return null;
  const T = fb.BuiltinOptions;
  // The generated accessor fills whatever table object it is given.
  const get = <O>(o: O): O => (op.builtinOptions(o) as O | null) ?? fail(`builtin_options_type ${type} is set but the options table is missing`);
  switch (type) {
    case T.Conv2DOptions: {
      const o = get(new fb.Conv2DOptions());
      return {
        type: 'Conv2DOptions', padding: padding(o.padding(), fail), strideW: o.strideW(), strideH: o.strideH(),
        fusedActivation: activation(o.fusedActivationFunction(), fail), dilationW: o.dilationWFactor(),
        dilationH: o.dilationHFactor(), quantizedBiasType: dtype(o.quantizedBiasType(), fail, 'quantized_bias_type'),
      };
    }
    case T.DepthwiseConv2DOptions: {
      const o = get(new fb.DepthwiseConv2DOptions());
      return {
        type: 'DepthwiseConv2DOptions', padding: padding(o.padding(), fail), strideW: o.strideW(), strideH: o.strideH(),
        depthMultiplier: o.depthMultiplier(), fusedActivation: activation(o.fusedActivationFunction(), fail),
        dilationW: o.dilationWFactor(), dilationH: o.dilationHFactor(),
      };
    }
    case T.Pool2DOptions: {
      const o = get(new fb.Pool2DOptions());
      return {
        type: 'Pool2DOptions', padding: padding(o.padding(), fail), strideW: o.strideW(), strideH: o.strideH(),
        filterWidth: o.filterWidth(), filterHeight: o.filterHeight(),
        fusedActivation: activation(o.fusedActivationFunction(), fail),
      };
    }
    case T.SVDFOptions: {
      const o = get(new fb.SVDFOptions());
      return {
        type: 'SVDFOptions', rank: o.rank(), fusedActivation: activation(o.fusedActivationFunction(), fail),
        asymmetricQuantizeInputs: o.asymmetricQuantizeInputs(),
      };
    }
    case T.FullyConnectedOptions: {
      const o = get(new fb.FullyConnectedOptions());
      return {
        type: 'FullyConnectedOptions', fusedActivation: activation(o.fusedActivationFunction(), fail),
        weightsFormat: o.weightsFormat(), keepNumDims: o.keepNumDims(),
        asymmetricQuantizeInputs: o.asymmetricQuantizeInputs(),
        quantizedBiasType: dtype(o.quantizedBiasType(), fail, 'quantized_bias_type'),
      };
    }
    case T.SoftmaxOptions:
      return { type: 'SoftmaxOptions', beta: get(new fb.SoftmaxOptions()).beta() };
    case T.ConcatenationOptions: {
      const o = get(new fb.ConcatenationOptions());
      return { type: 'ConcatenationOptions', axis: o.axis(), fusedActivation: activation(o.fusedActivationFunction(), fail) };
    }
    case T.AddOptions: {
      const o = get(new fb.AddOptions());
      return { type: 'AddOptions', fusedActivation: activation(o.fusedActivationFunction(), fail), potScaleInt16: o.potScaleInt16() };
    }
    case T.SubOptions: {
      const o = get(new fb.SubOptions());
      return { type: 'SubOptions', fusedActivation: activation(o.fusedActivationFunction(), fail), potScaleInt16: o.potScaleInt16() };
    }
    case T.MulOptions:
      return { type: 'MulOptions', fusedActivation: activation(get(new fb.MulOptions()).fusedActivationFunction(), fail) };
    case T.UnidirectionalSequenceLSTMOptions: {
      const o = get(new fb.UnidirectionalSequenceLSTMOptions());
      return {
        type: 'UnidirectionalSequenceLSTMOptions', fusedActivation: activation(o.fusedActivationFunction(), fail),
        cellClip: o.cellClip(), projClip: o.projClip(), timeMajor: o.timeMajor(),
        asymmetricQuantizeInputs: o.asymmetricQuantizeInputs(), diagonalRecurrentTensors: o.diagonalRecurrentTensors(),
      };
    }
    case T.ResizeBilinearOptions: {
      const o = get(new fb.ResizeBilinearOptions());
      return { type: 'ResizeBilinearOptions', alignCorners: o.alignCorners(), halfPixelCenters: o.halfPixelCenters() };
    }
    case T.PadOptions:
      get(new fb.PadOptions());
      return { type: 'PadOptions' };
    case T.ReshapeOptions: {
      const o = get(new fb.ReshapeOptions());
      // null when the vector is absent, [] when present but empty: both occur in real files.
      const present = o.bb!.__offset(o.bb_pos, 4) !== 0; // vtable slot of new_shape (field 0)
      const newShape = present ? Array.from({ length: o.newShapeLength() }, (_, i) => o.newShape(i)!) : null;
      return { type: 'ReshapeOptions', newShape };
    }
    case T.GatherOptions: {
      const o = get(new fb.GatherOptions());
      return { type: 'GatherOptions', axis: o.axis(), batchDims: o.batchDims() };
    }
    case T.ReducerOptions:
      return { type: 'ReducerOptions', keepDims: get(new fb.ReducerOptions()).keepDims() };
    case T.StridedSliceOptions: {
      const o = get(new fb.StridedSliceOptions());
      return {
        type: 'StridedSliceOptions', beginMask: o.beginMask(), endMask: o.endMask(), ellipsisMask: o.ellipsisMask(),
        newAxisMask: o.newAxisMask(), shrinkAxisMask: o.shrinkAxisMask(), offset: o.offset(),
      };
    }
    case T.CastOptions: {
      const o = get(new fb.CastOptions());
      return {
        type: 'CastOptions', inDataType: dtype(o.inDataType(), fail, 'in_data_type'),
        outDataType: dtype(o.outDataType(), fail, 'out_data_type'),
      };
    }
    case T.DequantizeOptions:
      get(new fb.DequantizeOptions());
      return { type: 'DequantizeOptions' };
    case T.ExpandDimsOptions:
      get(new fb.ExpandDimsOptions());
      return { type: 'ExpandDimsOptions' };
    case T.ShapeOptions:
      return { type: 'ShapeOptions', outType: dtype(get(new fb.ShapeOptions()).outType(), fail, 'out_type') };
    case T.PackOptions: {
      const o = get(new fb.PackOptions());
      return { type: 'PackOptions', valuesCount: o.valuesCount(), axis: o.axis() };
    }
    case T.QuantizeOptions:
      get(new fb.QuantizeOptions());
      return { type: 'QuantizeOptions' };
    case T.BatchMatMulOptions: {
      const o = get(new fb.BatchMatMulOptions());
      return { type: 'BatchMatMulOptions', adjX: o.adjX(), adjY: o.adjY(), asymmetricQuantizeInputs: o.asymmetricQuantizeInputs() };
    }
    default:
      return { type: 'UnknownOptions', unionType: type };
  }
}
