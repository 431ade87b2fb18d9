// The training loop: the tutorial's recipe (1 epoch, batch 32, Adam 1e-3, shuffled every epoch),
// as a plain async function a Web Worker or the CLI can call. Progress goes out as plain JSON
// events; cancellation comes in through an AbortSignal and takes effect before the next batch.
//
// Why a custom loop rather than model.fit: one optimizer.minimize per batch over a batch tensor
// made straight from the uint8 images (no GatherV2 on a 188 MB float tensor of the whole set), one
// dataSync per batch for loss and accuracy together, and an explicit yield to the event loop so an
// abort message can arrive (tools/bench/train_loop.ts compares it with fit and trainOnBatch).
//
// The caller picks the backend first (backend.ts); train() uses tfjs's current backend.

import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../data/mnist';
import { makeRng } from '../util/rng';
import {
  CLASSES, IMAGE_COLS, IMAGE_ROWS, buildModel, lossFromLogits, makeOptimizer, readWeights,
  type TrainedWeights,
} from './model';

export interface TrainOptions {
  epochs?: number; // default 1
  batchSize?: number; // default 32
  learningRate?: number; // default 0.001
  /** Fixes initial weights and the shuffle order; a random one is drawn (and reported) if absent. */
  seed?: number;
  signal?: AbortSignal;
  /** Images per predict call when measuring test accuracy (default 1000; tfjs's default 32 is ~10× slower). */
  evalBatchSize?: number;
}

export interface StartEvent {
  type: 'start';
  backend: string;
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  trainCount: number;
  testCount: number;
  batchesPerEpoch: number;
}

export interface BatchEvent {
  type: 'batch';
  epoch: number; // 0-based
  batch: number; // 0-based within the epoch
  batchesPerEpoch: number;
  /** Mean cross-entropy of this batch. */
  loss: number;
  /** Fraction of this batch classified right (before this step's update). */
  accuracy: number;
  /** Running means over the epoch so far (what Keras' progress bar shows). */
  meanLoss: number;
  meanAccuracy: number;
  /** Training images per second since the epoch started. */
  imagesPerSecond: number;
}

export interface EpochEvent {
  type: 'epoch';
  epoch: number;
  meanLoss: number;
  trainAccuracy: number;
  /** Fraction of the test set right after this epoch (argmax of the logits). */
  testAccuracy: number;
  /** Wall time of the epoch's training steps, without the test pass. */
  epochSeconds: number;
  evalSeconds: number;
}

export type TrainEvent = StartEvent | BatchEvent | EpochEvent;

export interface TrainResult {
  weights: TrainedWeights;
  seed: number;
  backend: string;
  epochs: EpochEvent[];
}

export class TrainInputError extends Error {
  constructor(detail: string) {
    super(`train: ${detail}`);
    this.name = 'TrainInputError';
  }
}

const PIXELS = IMAGE_ROWS * IMAGE_COLS;

function checkSet(set: ImageSet, what: string): void {
  if (set.rows !== IMAGE_ROWS || set.cols !== IMAGE_COLS) {
    throw new TrainInputError(`${what} images are ${set.rows}×${set.cols}; the model takes ${IMAGE_ROWS}×${IMAGE_COLS}`);
  }
  if (set.count === 0) throw new TrainInputError(`${what} set is empty`);
  for (let i = 0; i < set.count; i++) {
    if (set.labels[i] >= CLASSES) throw new TrainInputError(`${what} label ${set.labels[i]} at ${i} is outside 0..${CLASSES - 1}`);
  }
}

function positiveInt(v: number, what: string): number {
  if (!Number.isInteger(v) || v < 1) throw new TrainInputError(`${what} must be a positive integer, got ${v}`);
  return v;
}

/** Lets queued events (a worker's abort message, a timer) run; no 4 ms clamp like setTimeout. */
const yieldToEventLoop: () => Promise<void> =
  typeof setImmediate === 'function'
    ? () => new Promise((resolve) => setImmediate(resolve))
    : (() => {
      const channel = new MessageChannel();
      const waiting: (() => void)[] = [];
      channel.port1.onmessage = () => waiting.shift()?.();
      return () => new Promise<void>((resolve) => { waiting.push(resolve); channel.port2.postMessage(0); });
    })();

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('training was cancelled', 'AbortError');
}

/** Fisher–Yates with our seeded RNG: the same seed gives the same order on every platform. */
function shuffle(order: Uint32Array, rng: ReturnType<typeof makeRng>): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}

/** Logits [count, 10] of images [start, start+count), predicted in chunks (row-major copy). */
export async function predictLogits(
  model: tf.LayersModel, set: ImageSet, start = 0, count = set.count - start, chunk = 1000, signal?: AbortSignal,
): Promise<Float32Array> {
  const out = new Float32Array(count * CLASSES);
  const pixels = new Float32Array(Math.min(chunk, count) * PIXELS);
  for (let done = 0; done < count; done += chunk) {
    if (signal?.aborted) throw abortError(signal);
    const n = Math.min(chunk, count - done);
    const images = set.images.subarray((start + done) * PIXELS, (start + done + n) * PIXELS);
    for (let i = 0; i < images.length; i++) pixels[i] = images[i] / 255;
    const logits = tf.tidy(() => model.predict(tf.tensor3d(pixels.subarray(0, n * PIXELS), [n, IMAGE_ROWS, IMAGE_COLS]), { batchSize: n }) as tf.Tensor);
    try {
      out.set((await logits.data()) as Float32Array, done * CLASSES);
    } finally {
      logits.dispose();
    }
  }
  return out;
}

/** Fraction of `set` whose argmax logit equals the label. */
export async function testAccuracy(model: tf.LayersModel, set: ImageSet, chunk = 1000, signal?: AbortSignal): Promise<number> {
  const logits = await predictLogits(model, set, 0, set.count, chunk, signal);
  let correct = 0;
  for (let i = 0; i < set.count; i++) {
    let best = 0;
    for (let c = 1; c < CLASSES; c++) if (logits[i * CLASSES + c] > logits[i * CLASSES + best]) best = c;
    if (best === set.labels[i]) correct++;
  }
  return correct / set.count;
}

/**
 * Trains the tutorial model on `set` and measures it on `test` after every epoch.
 * Resolves with the trained weights; rejects with the signal's reason when aborted. Either way
 * every tensor it made is disposed.
 */
export async function train(
  set: ImageSet, test: ImageSet, opts: TrainOptions = {}, onEvent: (e: TrainEvent) => void = () => {},
): Promise<TrainResult> {
  const epochs = positiveInt(opts.epochs ?? 1, 'epochs');
  const batchSize = positiveInt(opts.batchSize ?? 32, 'batchSize');
  const learningRate = opts.learningRate ?? 0.001;
  if (!(learningRate > 0 && Number.isFinite(learningRate))) throw new TrainInputError(`learningRate must be > 0, got ${learningRate}`);
  const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31);
  if (!Number.isInteger(seed)) throw new TrainInputError(`seed must be an integer, got ${seed}`);
  const evalBatchSize = positiveInt(opts.evalBatchSize ?? 1000, 'evalBatchSize');
  checkSet(set, 'training');
  checkSet(test, 'test');
  const { signal } = opts;
  if (signal?.aborted) throw abortError(signal);

  const backend = tf.getBackend();
  const batchesPerEpoch = Math.ceil(set.count / batchSize);
  onEvent({
    type: 'start', backend, seed, epochs, batchSize, learningRate, trainCount: set.count,
    testCount: test.count, batchesPerEpoch,
  });

  const model = buildModel(seed);
  const optimizer = makeOptimizer(learningRate);
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const rng = makeRng(seed ^ 0x5eed5eed);
  const order = Uint32Array.from({ length: set.count }, (_, i) => i);
  const xBuf = new Float32Array(batchSize * PIXELS);
  const yBuf = new Int32Array(batchSize);
  const history: EpochEvent[] = [];

  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      shuffle(order, rng);
      const t0 = performance.now();
      let lossSum = 0;
      let correctSum = 0;
      let seen = 0;
      for (let batch = 0; batch < batchesPerEpoch; batch++) {
        await yieldToEventLoop();
        if (signal?.aborted) throw abortError(signal);
        const first = batch * batchSize;
        const n = Math.min(batchSize, set.count - first);
        for (let i = 0; i < n; i++) {
          const img = order[first + i];
          const src = set.images.subarray(img * PIXELS, (img + 1) * PIXELS);
          const dst = i * PIXELS;
          for (let p = 0; p < PIXELS; p++) xBuf[dst + p] = src[p] / 255;
          yBuf[i] = set.labels[img];
        }
        // [loss, correct] in one tensor so one sync reads both.
        const stats = tf.tidy(() => {
          const x = tf.tensor3d(xBuf.subarray(0, n * PIXELS), [n, IMAGE_ROWS, IMAGE_COLS]);
          const y = tf.tensor1d(yBuf.subarray(0, n), 'int32');
          const kept: { correct?: tf.Scalar } = {};
          const loss = optimizer.minimize(() => {
            const logits = model.apply(x, { training: true }) as tf.Tensor2D;
            // keep(): minimize() runs f in its own tidy, which would dispose the count.
            kept.correct = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), y), 'float32')) as tf.Scalar);
            return lossFromLogits(y, logits);
          }, true, vars) as tf.Scalar;
          const correct = kept.correct!;
          const both = tf.stack([loss, correct]);
          correct.dispose();
          return both.dataSync();
        });
        const loss = stats[0];
        if (!Number.isFinite(loss)) throw new Error(`train: loss became ${loss} at epoch ${epoch}, batch ${batch}`);
        lossSum += loss * n;
        correctSum += stats[1];
        seen += n;
        const seconds = (performance.now() - t0) / 1000;
        onEvent({
          type: 'batch', epoch, batch, batchesPerEpoch, loss, accuracy: stats[1] / n,
          meanLoss: lossSum / seen, meanAccuracy: correctSum / seen, imagesPerSecond: seconds > 0 ? seen / seconds : 0,
        });
      }
      const epochSeconds = (performance.now() - t0) / 1000;
      const e0 = performance.now();
      const acc = await testAccuracy(model, test, evalBatchSize, signal);
      const ev: EpochEvent = {
        type: 'epoch', epoch, meanLoss: lossSum / seen, trainAccuracy: correctSum / seen, testAccuracy: acc,
        epochSeconds, evalSeconds: (performance.now() - e0) / 1000,
      };
      history.push(ev);
      onEvent(ev);
    }
    return { weights: readWeights(model), seed, backend, epochs: history };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
