// Which arithmetic the official runtime uses for a graph: XNNPACK's, or TFLite's builtin kernels'.
// The two add up their float products in different orders, and our kernels reproduce whichever
// the official runtime would use (PrepareContext.numerics).
//
// TFLite applies its default XNNPACK delegate only to graphs whose tensor shapes are all known
// when the graph is prepared; when a graph has a dynamic tensor the delegate is not applied at
// all and every node runs on the builtin kernels. A RESHAPE whose new shape (or a RESIZE_BILINEAR
// whose size) comes from a tensor computed at run time makes its output dynamic, e.g. the
// SHAPE → STRIDED_SLICE → PACK → RESHAPE prologue the converter writes for a dynamic batch.
// Checked against the official runtime's execution plans: the converter's mnist_cnn_* files and
// the VWW MobileNet (whose dynamic RESHAPE comes near the end) run wholly on builtin kernels, our
// exported CNN and the other shared models on XNNPACK (ops it lacks, like hybrid ones, aside).

import { operatorCodeName } from '../tflite/op_names';
import type { Model, Subgraph } from '../tflite/ir';

export type Numerics = 'xnnpack' | 'builtin';

/** Whose arithmetic the official runtime uses for this subgraph's nodes. */
export function officialNumerics(model: Model, subgraph: Subgraph, isConstant: (tensor: number) => boolean): Numerics {
  const dynamic = subgraph.operators.some((op) => {
    const name = operatorCodeName(model.operatorCodes[op.opcodeIndex]);
    return (name === 'RESHAPE' || name === 'RESIZE_BILINEAR') && op.inputs.length > 1 && op.inputs[1] >= 0 && !isConstant(op.inputs[1]);
  });
  return dynamic ? 'builtin' : 'xnnpack';
}
