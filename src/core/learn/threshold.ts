// Step 3 of the Learn view: the converter's minimum size for quantizing a weight
// (minimum_elements_for_weights, default 1024: a weight with fewer elements stays float32). For
// the MNIST CNN that keeps the 108-element conv filter [12, 3, 3, 1] float while the 20,280-element
// Dense weight becomes int8. Which weights a threshold quantizes is read from the quantizer's plan
// (plan.ts decides; this file never re-applies the rule), so the view shows the plan's own reasons.

import { quantizeModel, type QuantizeResult } from '../quantize/pipeline';
import { planQuantization, QuantizeRefusal, type QuantPlan } from '../quantize/plan';
import { makePolicy, type PresetName } from '../quantize/policy';
import type { Model } from '../tflite/ir';

export interface ThresholdChoices {
  preset: PresetName;
  perChannel: boolean;
}

export interface WeightCandidate {
  tensorIndex: number;
  name: string;
  /** The op that reads it as its weight, e.g. CONV_2D. */
  opName: string;
  shape: number[];
  elements: number;
}

function plan(model: Model, choices: ThresholdChoices, minElements: number): QuantPlan | null {
  try {
    return planQuantization(model, makePolicy({ ...choices, mode: 'int8', minElements }));
  } catch (e) {
    if (e instanceof QuantizeRefusal && e.code === 'nothing-to-quantize') return null;
    throw e;
  }
}

/** The weights the preset quantizes when there is no minimum (threshold 0), smallest first. */
export function quantizableWeights(model: Model, choices: ThresholdChoices): WeightCandidate[] {
  const p = plan(model, choices, 0);
  if (!p) return [];
  return p.tensors
    .filter((t) => t.action === 'int8' && t.subgraph === 0)
    .map((t) => ({ tensorIndex: t.index, name: t.name, opName: t.rewired[0]?.opName ?? '?', shape: t.shape, elements: t.elements }))
    .sort((a, b) => a.elements - b.elements || a.tensorIndex - b.tensorIndex);
}

/**
 * Slider stops: 0, the powers of two up to the first one above the largest weight, and each
 * weight's size and size + 1 (where its fate flips). Sorted, unique.
 */
export function thresholdStops(weights: readonly WeightCandidate[]): number[] {
  const largest = weights.reduce((m, w) => Math.max(m, w.elements), 0);
  const stops = new Set<number>([0]);
  for (let p = 1; ; p *= 2) {
    stops.add(p);
    if (p > largest) break;
  }
  for (const w of weights) {
    stops.add(w.elements);
    stops.add(w.elements + 1);
  }
  return [...stops].sort((a, b) => a - b);
}

export interface ThresholdRow extends WeightCandidate {
  quantized: boolean;
  /** The plan's words, e.g. "kept float: 108 elements < 1,024". */
  reason: string;
}

export interface ThresholdOutcome {
  minElements: number;
  rows: ThresholdRow[];
  /** Same key ⇒ same tensors quantized ⇒ the same file: "int8:5" or "none". */
  key: string;
  /** The quantizer's refusal when nothing qualifies (the file would be the float model). */
  refusal: string | null;
}

export function thresholdOutcome(model: Model, choices: ThresholdChoices, minElements: number, fileName = 'the model'): ThresholdOutcome {
  const weights = quantizableWeights(model, choices);
  let p: QuantPlan | null = null;
  let refusal: string | null = null;
  try {
    p = planQuantization(model, makePolicy({ ...choices, mode: 'int8', minElements }), fileName);
  } catch (e) {
    if (!(e instanceof QuantizeRefusal && e.code === 'nothing-to-quantize')) throw e;
    refusal = e.message;
  }
  const fmt = (n: number) => n.toLocaleString('en-US');
  const rows = weights.map((w) => {
    const t = p?.tensors.find((x) => x.subgraph === 0 && x.index === w.tensorIndex);
    return t
      ? { ...w, quantized: t.action === 'int8', reason: t.reason }
      : { ...w, quantized: false, reason: `kept float: ${fmt(w.elements)} elements < ${fmt(minElements)}` };
  });
  const q = rows.filter((r) => r.quantized).map((r) => r.tensorIndex);
  return { minElements, rows, key: q.length ? `int8:${q.join(',')}` : 'none', refusal };
}

/** The file the threshold gives (null when nothing qualifies: the float model itself). */
export async function quantizeWithThreshold(
  model: Model, fileBytes: number, choices: ThresholdChoices, minElements: number, fileName = 'the model',
): Promise<QuantizeResult | null> {
  try {
    return await quantizeModel(model, fileBytes, makePolicy({ ...choices, mode: 'int8', minElements }), { fileName });
  } catch (e) {
    if (e instanceof QuantizeRefusal && e.code === 'nothing-to-quantize') return null;
    throw e;
  }
}
