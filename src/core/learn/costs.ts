// Step 6 of the Learn view: where a model's arithmetic is. Multiply-adds per image of the ops that
// carry weights, from the static shapes in the file, and whether each op's weight is int8 (hybrid)
// or float32. DRQ can only speed up the share of work done by ops with int8 weights; the rest runs
// exactly as before.
//
//   CONV_2D            out [N, H, W, O], filter [O, kH, kW, I]   → N·H·W·O·kH·kW·I
//   DEPTHWISE_CONV_2D  out [N, H, W, O], filter [1, kH, kW, O]   → N·H·W·O·kH·kW
//   FULLY_CONNECTED    weights [units, in], input of E elements  → (E / in)·units·in

import { operatorName } from '../tflite/op_names';
import { elementCount, type DType, type Model } from '../tflite/ir';

export interface OpCost {
  opIndex: number;
  opName: string;
  weightName: string;
  weightDtype: DType;
  weightElements: number;
  macs: number;
}

export function opCosts(model: Model): OpCost[] {
  const sg = model.subgraphs[0];
  if (!sg) return [];
  const costs: OpCost[] = [];
  sg.operators.forEach((op, opIndex) => {
    const opName = operatorName(model, op.opcodeIndex);
    const w = sg.tensors[op.inputs[1]];
    const out = sg.tensors[op.outputs[0]];
    if (!w || !out) return;
    let macs: number | null = null;
    if (opName === 'CONV_2D' && w.shape.length === 4) {
      macs = elementCount(out.shape) * w.shape[1] * w.shape[2] * w.shape[3];
    } else if (opName === 'DEPTHWISE_CONV_2D' && w.shape.length === 4) {
      macs = elementCount(out.shape) * w.shape[1] * w.shape[2];
    } else if (opName === 'FULLY_CONNECTED' && w.shape.length === 2 && w.shape[1] > 0) {
      const input = sg.tensors[op.inputs[0]];
      macs = (elementCount(input.shape) / w.shape[1]) * w.shape[0] * w.shape[1];
    }
    if (macs === null) return;
    costs.push({ opIndex, opName, weightName: w.name, weightDtype: w.dtype, weightElements: elementCount(w.shape), macs });
  });
  return costs;
}

/** Fraction of multiply-adds done by ops whose weight is int8 (0 when there are none). */
export function int8MacShare(costs: readonly OpCost[]): number {
  const total = costs.reduce((n, c) => n + c.macs, 0);
  const int8 = costs.filter((c) => c.weightDtype === 'int8').reduce((n, c) => n + c.macs, 0);
  return total > 0 ? int8 / total : 0;
}
