// Which nodes the official runtime runs on XNNPACK and which on TFLite's builtin kernels: the two
// add up their float products in different orders, and our kernels reproduce whichever the
// official runtime would use for that node (PrepareContext.numerics).
//
// The XNNPACK delegate takes only tensors whose shapes are known when the graph is prepared. A
// RESHAPE whose new shape (or a RESIZE_BILINEAR whose size) comes from a tensor computed at run
// time (e.g. the SHAPE → STRIDED_SLICE → PACK → RESHAPE prologue the converter writes for a
// dynamic batch) makes its output dynamic, and every tensor computed from a dynamic one is dynamic
// too; nodes that touch one run on the builtin kernels. (Checked against the official runtime's execution plans: the converter's mnist_cnn_*
// files run wholly on builtin kernels, our exported CNN wholly on XNNPACK.)

import type { Subgraph } from '../tflite/ir';
import { operatorCodeName } from '../tflite/op_names';
import type { Model } from '../tflite/ir';

export type Numerics = 'xnnpack' | 'builtin';

/** Per node of the subgraph: whose arithmetic the official runtime would use for it. */
export function officialNumerics(model: Model, subgraph: Subgraph, isConstant: (tensor: number) => boolean): Numerics[] {
  const dynamic = new Set<number>();
  return subgraph.operators.map((op) => {
    const name = operatorCodeName(model.operatorCodes[op.opcodeIndex]);
    const inputs = op.inputs.filter((t) => t >= 0);
    const shapeFromRunTime = (name === 'RESHAPE' || name === 'RESIZE_BILINEAR') &&
      op.inputs.length > 1 && op.inputs[1] >= 0 && !isConstant(op.inputs[1]);
    const touchesDynamic = inputs.some((t) => dynamic.has(t));
    if (shapeFromRunTime || touchesDynamic) for (const t of op.outputs) dynamic.add(t);
    return touchesDynamic || shapeFromRunTime ? 'builtin' : 'xnnpack';
  });
}
