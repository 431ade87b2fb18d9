// Evaluating a classifier on an image set: accuracy, per-class accuracy, the confusion matrix,
// every image's predicted class and top score, and time per image. Plain TS: runs in Node (tests,
// CLI, bench) and in the lab web worker (progress events, cancellable with an AbortSignal).
//
// Images go through the model in chunks (default 64 per invoke, when the input has a batch
// dimension; `npm run bench -- --chunk N` measured ~10% less CPU than 256 or 1,000 on the MNIST
// CNNs: activations stay in cache). A model whose graph cannot take another batch size (e.g. a
// constant RESHAPE to [1,...]) is detected on the first chunk and then run one image per invoke.

import type { TensorValue } from '../interpreter/kernel';
import type { ImageSet } from '../data/mnist';
import { imageInputLayout, type ImageInputLayout, type InputInfo } from './image_input';
import { argmaxAt, classMetrics, looksLikeProbabilities, softmaxTop, type ClassMetrics } from './metrics';

/** What evaluation needs from a model: the interpreter satisfies this (see runnerOf in the CLI). */
export interface ModelRunner {
  readonly inputs: readonly InputInfo[];
  /** One inference; outputs may be reused buffers, valid until the next invoke. */
  invoke(inputs: TensorValue[]): readonly TensorValue[];
  /** Restores state tensors (e.g. LSTM state) to their initial values; called before every
   *  invoke, because every image is an independent sequence (TFLite would otherwise carry the
   *  state of one image into the next). */
  reset?(): void;
}

export interface EvaluateOptions {
  /** Images per invoke (when the model takes a batch). Default 64 (`npm run bench -- --chunk N` measures others). */
  chunkSize?: number;
  /** Which model output holds the class scores. Default 0. */
  outputIndex?: number;
  /** Called after each chunk with images done so far. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Clock in ms (default performance.now). */
  now?: () => number;
}

export interface Evaluation extends ClassMetrics {
  numClasses: number;
  /** Per image: predicted class (argmax, first on ties). */
  predicted: Uint8Array;
  /** Per image: the top output value as the model gives it (a probability or a logit). */
  topScore: Float32Array;
  /** Per image: probability of the predicted class (the output itself, or softmax of logits). */
  topProbability: Float32Array;
  /** Whether the model's outputs were already probabilities (a softmax output) or logits. */
  outputKind: 'probabilities' | 'logits';
  /** Images per invoke actually used. */
  batchSize: number;
  /** Time spent preparing inputs, invoking and reading outputs (not yielding to the event loop). */
  totalMs: number;
  msPerImage: number;
}

/** The error thrown when evaluation is cancelled (same name as DOM's AbortError). */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const e = new Error(typeof reason === 'string' ? reason : 'evaluation aborted');
  e.name = 'AbortError';
  return e;
}

/** Lets a worker handle messages (e.g. an abort) between chunks. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** Yield at most this often: setTimeout(0) costs ≥ 1 ms, too much to pay after every small chunk,
 *  yet an abort or a progress bar should not wait longer than this. */
const YIELD_EVERY_MS = 30;

interface ChunkScores {
  scores: ArrayLike<number>;
  perImage: number;
}

function scoresOf(outputs: readonly TensorValue[], index: number, n: number): ChunkScores {
  const out = outputs[index];
  if (!out) throw new Error(`the model has ${outputs.length} output(s); no output ${index}`);
  if (out.dtype !== 'float32') throw new Error(`output ${index} is ${out.dtype}; class scores must be float32`);
  if (out.data.length % n !== 0 || out.data.length === 0 || (out.shape[0] !== n && n !== 1)) {
    throw new Error(`output ${index} has shape [${out.shape.join(',')}] for a batch of ${n} images`);
  }
  return { scores: out.data as Float32Array, perImage: out.data.length / n };
}

/** Evaluates `model` on every image of `set` (labels 0..numClasses-1). */
export async function evaluate(model: ModelRunner, set: ImageSet, opts: EvaluateOptions = {}): Promise<Evaluation> {
  const now = opts.now ?? (() => performance.now());
  const outputIndex = opts.outputIndex ?? 0;
  if (model.inputs.length !== 1) throw new Error(`the model has ${model.inputs.length} inputs; an image classifier has 1`);
  const layout: ImageInputLayout = imageInputLayout(model.inputs[0], set.rows, set.cols);
  let batch = layout.batchable ? Math.max(1, Math.floor(opts.chunkSize ?? 64)) : 1;

  const total = set.count;
  const predicted = new Uint8Array(total);
  const topScore = new Float32Array(total);
  const topProbability = new Float32Array(total);
  let numClasses = 0;
  let outputKind: Evaluation['outputKind'] | null = null;
  let scratch: Float32Array | Uint8Array | undefined;
  let totalMs = 0;

  const runChunk = (start: number, n: number): ChunkScores => {
    const input = layout.fill(set, start, n, scratch);
    scratch = input.data as Float32Array | Uint8Array;
    model.reset?.();
    return scoresOf(model.invoke([input]), outputIndex, n);
  };

  let lastYield = now();
  for (let start = 0; start < total; ) {
    if (opts.signal?.aborted) throw abortError(opts.signal);
    const t0 = now();
    let n = Math.min(batch, total - start);
    let chunk: ChunkScores;
    try {
      chunk = runChunk(start, n);
    } catch (e) {
      if (start !== 0 || n === 1) throw e;
      // The graph refused a batch of n (or gave a wrongly shaped output): one image per invoke.
      // If the model cannot run even one image, that error is the one to report.
      batch = 1;
      n = 1;
      chunk = runChunk(start, n);
    }
    if (numClasses === 0) {
      numClasses = chunk.perImage;
      if (numClasses < 2 || numClasses > 256) {
        throw new Error(`output ${outputIndex} has ${numClasses} value(s) per image: not a classifier's class scores`);
      }
      outputKind = looksLikeProbabilities(chunk.scores, n, numClasses) ? 'probabilities' : 'logits';
    } else if (chunk.perImage !== numClasses) {
      throw new Error(`output ${outputIndex} changed from ${numClasses} to ${chunk.perImage} values per image`);
    }
    for (let i = 0; i < n; i++) {
      const top = argmaxAt(chunk.scores, i * numClasses, numClasses);
      predicted[start + i] = top;
      topScore[start + i] = chunk.scores[i * numClasses + top];
      topProbability[start + i] = outputKind === 'probabilities'
        ? chunk.scores[i * numClasses + top]
        : softmaxTop(chunk.scores, i * numClasses, numClasses, top);
    }
    totalMs += now() - t0;
    start += n;
    opts.onProgress?.(start, total);
    if (start < total && now() - lastYield >= YIELD_EVERY_MS) {
      await yieldToEventLoop();
      lastYield = now();
    }
  }

  const metrics = classMetrics(predicted, set.labels.subarray(0, total), Math.max(numClasses, 1));
  return {
    ...metrics,
    numClasses,
    predicted,
    topScore,
    topProbability,
    outputKind: outputKind ?? 'logits',
    batchSize: Math.min(batch, Math.max(total, 1)),
    totalMs,
    msPerImage: total === 0 ? 0 : totalMs / total,
  };
}
