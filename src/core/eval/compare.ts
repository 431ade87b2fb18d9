// Comparing two models on the same seeded inputs, for uploaded models that are not MNIST
// classifiers (no labels to score): how often their top-1 agrees and how far their outputs are.
//
// Inputs follow the first model's own input dtypes and static shapes, drawn with the project's
// seeded RNG so a figure can be reproduced: float32 uniform in [lo, hi) (default [-1, 1), as the
// oracle's --random), int8/uint8/int16 over their full range, int32/int64 in [0, 99] (often
// indices), bool 0/1.

import type { TensorValue, TypedArray } from '../interpreter/kernel';
import { allocTyped } from '../interpreter/util/typed';
import { makeRng, type Rng } from '../util/rng';
import type { InputInfo } from './image_input';
import { abortError, yieldToEventLoop, type ModelRunner } from './evaluate';
import { argmaxAt } from './metrics';

export interface CompareOptions {
  seed?: number;
  /** Number of random input sets. Default 16. */
  samples?: number;
  /** Range of float inputs. Default [-1, 1). */
  floatRange?: [number, number];
  /** Called after each sample with samples done so far. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface OutputComparison {
  index: number;
  shape: number[];
  /** Rows (all dims but the last, over every sample) whose argmax over the last dim agree. */
  rows: number;
  top1Agreement: number;
  maxAbsDiff: number;
  /** maxAbsDiff / max |a| over this output (the project's relative measure). */
  maxRelDiff: number;
}

export interface Comparison {
  seed: number;
  samples: number;
  outputs: OutputComparison[];
  /** Over all outputs: the lowest agreement and the largest difference. */
  top1Agreement: number;
  maxAbsDiff: number;
}

/** Seeded random values for one model input, of its dtype and static shape. */
export function randomInput(info: InputInfo, rng: Rng, floatRange: [number, number] = [-1, 1]): TensorValue {
  const n = info.shape.reduce((a, b) => a * b, 1);
  const data: TypedArray = allocTyped(info.dtype, n);
  for (let i = 0; i < n; i++) {
    switch (info.dtype) {
      case 'float32': case 'float64': data[i] = rng.uniform(floatRange[0], floatRange[1]); break;
      case 'int8': data[i] = rng.int(-128, 127); break;
      case 'uint8': data[i] = rng.int(0, 255); break;
      case 'int16': data[i] = rng.int(-32768, 32767); break;
      case 'bool': data[i] = rng.int(0, 1); break;
      case 'int64': data[i] = BigInt(rng.int(0, 99)); break;
      default: data[i] = rng.int(0, 99);
    }
  }
  return { dtype: info.dtype, shape: [...info.shape], data, quantization: null };
}

function sameInputs(a: readonly InputInfo[], b: readonly InputInfo[]): string | null {
  if (a.length !== b.length) return `${a.length} vs ${b.length} inputs`;
  for (let i = 0; i < a.length; i++) {
    if (a[i].dtype !== b[i].dtype || a[i].shape.join(',') !== b[i].shape.join(',')) {
      return `input ${i} is ${a[i].dtype} [${a[i].shape}] vs ${b[i].dtype} [${b[i].shape}]`;
    }
  }
  return null;
}

interface Acc { shape: number[]; rows: number; agree: number; maxAbs: number; maxRef: number }

function accumulate(acc: Acc, a: TensorValue, b: TensorValue, index: number): void {
  if (a.data.length !== b.data.length) {
    throw new Error(`output ${index}: shapes differ ([${a.shape}] vs [${b.shape}])`);
  }
  const x = a.data as ArrayLike<number>;
  const y = b.data as ArrayLike<number>;
  for (let i = 0; i < x.length; i++) {
    const u = Number(x[i]);
    const v = Number(y[i]);
    // A NaN on one side only (or infinities that differ) is an infinite difference, never hidden.
    const d = u === v || (Number.isNaN(u) && Number.isNaN(v)) ? 0 : Math.abs(u - v);
    if (!(d <= acc.maxAbs)) acc.maxAbs = Number.isNaN(d) ? Infinity : d;
    if (Number.isFinite(u)) acc.maxRef = Math.max(acc.maxRef, Math.abs(u));
  }
  const last = a.shape.length ? a.shape[a.shape.length - 1] : 1;
  const rows = last > 0 ? x.length / last : 0;
  for (let r = 0; r < rows; r++) {
    if (argmaxAt(x, r * last, last) === argmaxAt(y, r * last, last)) acc.agree++;
  }
  acc.rows += rows;
}

/** Runs both models on `samples` seeded input sets and compares every output. Yields to the event
 *  loop between samples so a worker can take an abort. */
export async function compareOutputs(a: ModelRunner, b: ModelRunner, opts: CompareOptions = {}): Promise<Comparison> {
  const seed = opts.seed ?? 1;
  const samples = opts.samples ?? 16;
  const mismatch = sameInputs(a.inputs, b.inputs);
  if (mismatch) throw new Error(`the two models take different inputs: ${mismatch}`);
  const rng = makeRng(seed);
  const accs: Acc[] = [];
  for (let s = 0; s < samples; s++) {
    if (opts.signal?.aborted) throw abortError(opts.signal);
    if (s > 0) await yieldToEventLoop();
    const inputs = a.inputs.map((info) => randomInput(info, rng, opts.floatRange));
    // Copy a's outputs: an interpreter may reuse its output buffers on the next invoke.
    const outA = a.invoke(inputs).map((t) => ({ ...t, data: t.data.slice() }));
    const outB = b.invoke(inputs);
    if (outA.length !== outB.length) throw new Error(`the models have ${outA.length} vs ${outB.length} outputs`);
    outA.forEach((t, i) => {
      accs[i] ??= { shape: [...t.shape], rows: 0, agree: 0, maxAbs: 0, maxRef: 0 };
      accumulate(accs[i], t, outB[i], i);
    });
    opts.onProgress?.(s + 1, samples);
  }
  const outputs = accs.map((acc, index) => ({
    index,
    shape: acc.shape,
    rows: acc.rows,
    top1Agreement: acc.rows === 0 ? 1 : acc.agree / acc.rows,
    maxAbsDiff: acc.maxAbs,
    maxRelDiff: acc.maxRef === 0 ? acc.maxAbs : acc.maxAbs / acc.maxRef,
  }));
  return {
    seed,
    samples,
    outputs,
    top1Agreement: outputs.reduce((m, o) => Math.min(m, o.top1Agreement), 1),
    maxAbsDiff: outputs.reduce((m, o) => Math.max(m, o.maxAbsDiff), 0),
  };
}
