// The lab worker's API (exposed by lab.worker.ts with comlink; the page's type is `typeof labApi`).
// It holds the loaded models (IR + our interpreter, by id) and the MNIST test set, and does the
// heavy work off the page's thread: read/inspect, quantize, evaluate, classify, compare outputs.
//
// Long calls take a callId (cancel(callId) aborts them) and report progress through a comlink
// proxy callback. Bytes come in transferred (the page sends a copy) and go out transferred.

import { transfer } from 'comlink';
import { sliceSet, type ImageSet } from '../core/data/mnist';
import { compareOutputs } from '../core/eval/compare';
import { evaluate, type Evaluation } from '../core/eval/evaluate';
import { imageInputLayout } from '../core/eval/image_input';
import { agreement, argmaxAt, looksLikeProbabilities, predictionFlips } from '../core/eval/metrics';
import type { Interpreter } from '../core/interpreter/interpreter';
import type { Model } from '../core/tflite/ir';
import { readModel } from '../core/tflite/reader';
import { cancelCall, withCancel } from './cancel';
import { errorForPage } from './errors';
import type {
  ClassifyOutcome, DataInfo, EvalOutcome, EvalView, FlipView, Knobs, MnistComparison, ModelSummary,
  OutputAgreementView, ProgressEvent, QuantizeResult,
} from './lab_types';
import { loadMnist } from './mnist_loader';
import { modelView, tryInterpreter } from './model_view';
import { quantizeBytes } from './quantize_job';

/** Changed-prediction images sent with their pixels (the gallery shows these). */
export const FLIP_LIMIT = 60;

interface Loaded {
  model: Model;
  fileName: string;
  interpreter: Interpreter | null;
  summary: ModelSummary;
}

const models = new Map<string, Loaded>();
let testSet: Promise<ImageSet> | null = null;

function loadedModel(id: string): Loaded {
  const m = models.get(id);
  if (!m) throw new Error(`model ${id} is not loaded in the lab worker`);
  return m;
}

/** Page-facing errors: the core's message, a plain Error (comlink keeps name and message). */
async function guard<R>(run: () => Promise<R> | R): Promise<R> {
  try {
    return await run();
  } catch (e) {
    throw errorForPage(e);
  }
}

function testData(onProgress: (p: ProgressEvent) => void, signal: AbortSignal): Promise<ImageSet> {
  if (!testSet) {
    testSet = loadMnist('test', (p) => onProgress({
      fraction: p.totalBytes ? p.loadedBytes / p.totalBytes : 0,
      label: p.fromCache ? 'Reading the MNIST test set from the browser cache' : 'Downloading the MNIST test set',
    }), signal);
    testSet.catch(() => { testSet = null; });
  }
  return testSet;
}

function evalView(e: Evaluation): EvalView {
  return {
    count: e.count, accuracy: e.accuracy, perClass: e.perClassAccuracy, confusion: e.confusion, msPerImage: e.msPerImage,
    totalMs: e.totalMs, batchSize: e.batchSize, outputKind: e.outputKind,
  };
}

async function evaluateOne(m: Loaded, set: ImageSet, signal: AbortSignal, onFraction: (f: number) => void): Promise<{ outcome: EvalOutcome; predicted: Uint8Array | null }> {
  if (!m.interpreter) return { outcome: { ok: false, error: m.summary.notRunnableReason ?? 'the model cannot run' }, predicted: null };
  try {
    const e = await evaluate(m.interpreter, set, { signal, onProgress: (done, total) => onFraction(done / total) });
    return { outcome: { ok: true, eval: evalView(e) }, predicted: e.predicted };
  } catch (err) {
    if (signal.aborted) throw err;
    return { outcome: { ok: false, error: (err as Error).message }, predicted: null };
  }
}

export const labApi = {
  /** Reads a model, checks whether our interpreter runs it, keeps both under `id`. */
  loadModel(id: string, bytes: Uint8Array, fileName: string): Promise<ModelSummary> {
    return guard(() => {
      const model = readModel(bytes, fileName);
      const { interpreter, error } = tryInterpreter(model, fileName);
      const summary = modelView(model, fileName, bytes.length, error);
      models.set(id, { model, fileName, interpreter, summary });
      return summary;
    });
  },

  unloadModel(id: string): void {
    models.delete(id);
  },

  inspect(id: string): Promise<ModelSummary> {
    return guard(() => loadedModel(id).summary);
  },

  /** Loads (or reuses) the MNIST test set. */
  loadTestData(callId: number, onProgress: (p: ProgressEvent) => void): Promise<DataInfo> {
    return guard(() => withCancel(callId, async (signal) => {
      const set = await testData(onProgress, signal);
      return { count: set.count, rows: set.rows, cols: set.cols, fromCache: false };
    }));
  },

  /** Quantizes a float model with the knobs: new file bytes and the per-tensor report. */
  quantize(callId: number, bytes: Uint8Array, fileName: string, knobs: Knobs, onProgress: (p: ProgressEvent) => void): Promise<QuantizeResult> {
    return guard(() => withCancel(callId, async (signal) => {
      const result = await quantizeBytes(bytes, fileName, knobs, onProgress, signal);
      return transfer(result, [result.bytes.buffer as ArrayBuffer]);
    }));
  },

  /** Both models over the MNIST test set; the images whose prediction changed from a to b. */
  evaluatePair(callId: number, idA: string, idB: string, onProgress: (p: ProgressEvent) => void): Promise<MnistComparison> {
    return guard(() => withCancel(callId, async (signal) => {
      const a = loadedModel(idA);
      const b = loadedModel(idB);
      const set = await testData(onProgress, signal);
      const label = (m: Loaded) => `Evaluating ${m.fileName} on ${set.count.toLocaleString('en-US')} test images`;
      const ra = await evaluateOne(a, set, signal, (f) => onProgress({ fraction: f / 2, label: label(a) }));
      const rb = await evaluateOne(b, set, signal, (f) => onProgress({ fraction: 0.5 + f / 2, label: label(b) }));
      let flips: FlipView[] = [];
      let flipCount = 0;
      let agree: number | null = null;
      if (ra.predicted && rb.predicted) {
        const all = predictionFlips(ra.predicted, rb.predicted, set.labels);
        flipCount = all.length;
        agree = agreement(ra.predicted, rb.predicted);
        const size = set.rows * set.cols;
        flips = all.slice(0, FLIP_LIMIT).map((f) => ({
          ...f, pixels: set.images.slice(f.index * size, (f.index + 1) * size),
        }));
      }
      const result: MnistComparison = { a: ra.outcome, b: rb.outcome, flips, flipCount, agreement: agree };
      return transfer(result, flips.map((f) => f.pixels.buffer as ArrayBuffer));
    }));
  },

  /** One model over the first `count` test images (the Learn view re-evaluates a re-quantized model quickly). */
  evaluateFirst(callId: number, id: string, count: number, onProgress: (p: ProgressEvent) => void): Promise<EvalOutcome> {
    return guard(() => withCancel(callId, async (signal) => {
      const m = loadedModel(id);
      const set = sliceSet(await testData(onProgress, signal), count);
      const label = `Evaluating ${m.fileName} on the first ${set.count.toLocaleString('en-US')} test images`;
      return (await evaluateOne(m, set, signal, (f) => onProgress({ fraction: f, label }))).outcome;
    }));
  },

  /** Test image `index`: 28×28 grey levels 0..255 (row-major) and its label. */
  testImage(callId: number, index: number, onProgress: (p: ProgressEvent) => void): Promise<{ index: number; label: number; pixels: Uint8Array }> {
    return guard(() => withCancel(callId, async (signal) => {
      const set = await testData(onProgress, signal);
      if (!Number.isInteger(index) || index < 0 || index >= set.count) throw new Error(`there is no test image ${index} (0..${set.count - 1})`);
      const size = set.rows * set.cols;
      const pixels = set.images.slice(index * size, (index + 1) * size);
      return transfer({ index, label: set.labels[index], pixels }, [pixels.buffer]);
    }));
  },

  /** One 28×28 input (grey levels 0..1) through each model: class probabilities. */
  classify(ids: string[], pixels: Float32Array): Promise<Record<string, ClassifyOutcome>> {
    return guard(() => {
      if (pixels.length !== 28 * 28) throw new Error(`classify takes 784 pixels (28×28), got ${pixels.length}`);
      // As an MNIST image: uint8 grey levels, so the models see exactly what a test image looks like.
      const image: ImageSet = { count: 1, rows: 28, cols: 28, images: new Uint8Array(784), labels: new Uint8Array(1) };
      for (let i = 0; i < 784; i++) image.images[i] = Math.round(Math.min(1, Math.max(0, pixels[i])) * 255);
      const out: Record<string, ClassifyOutcome> = {};
      for (const id of ids) {
        const m = models.get(id);
        if (!m) { out[id] = { error: 'model not loaded' }; continue; }
        if (!m.interpreter) { out[id] = { error: m.summary.notRunnableReason ?? 'the model cannot run' }; continue; }
        try {
          const t0 = performance.now();
          const layout = imageInputLayout(m.interpreter.inputs[0], 28, 28);
          const [scores] = m.interpreter.invoke([layout.fill(image, 0, 1)]);
          const values = Array.from(scores.data as Float32Array);
          out[id] = { probabilities: looksLikeProbabilities(values, 1, values.length) ? values : softmax(values), ms: performance.now() - t0 };
        } catch (e) {
          out[id] = { error: (e as Error).message };
        }
      }
      return out;
    });
  },

  /** Output agreement of two models (same inputs) on seeded random inputs. */
  compareOutputs(callId: number, idA: string, idB: string, seed: number, samples: number): Promise<OutputAgreementView> {
    return guard(() => withCancel(callId, async (signal) => {
      const a = loadedModel(idA);
      const b = loadedModel(idB);
      if (!a.interpreter) throw new Error(`${a.fileName}: ${a.summary.notRunnableReason}`);
      if (!b.interpreter) throw new Error(`${b.fileName}: ${b.summary.notRunnableReason}`);
      const c = await compareOutputs(a.interpreter, b.interpreter, { seed, samples, signal });
      return {
        seed: c.seed, samples: c.samples, top1Agreement: c.top1Agreement, maxAbsDiff: c.maxAbsDiff,
        outputs: c.outputs.map((o) => ({ index: o.index, shape: o.shape, top1Agreement: o.top1Agreement, maxAbsDiff: o.maxAbsDiff, maxRelDiff: o.maxRelDiff })),
      };
    }));
  },

  /** Whether the worker is cross-origin isolated (threads and SharedArrayBuffer available). */
  environment(): { crossOriginIsolated: boolean; hardwareConcurrency: number } {
    return { crossOriginIsolated: self.crossOriginIsolated === true, hardwareConcurrency: navigator.hardwareConcurrency ?? 1 };
  },

  cancel(callId: number): void {
    cancelCall(callId);
  },
};

function softmax(logits: number[]): number[] {
  const top = logits[argmaxAt(logits, 0, logits.length)];
  const exps = logits.map((v) => Math.exp(v - top));
  const sum = exps.reduce((s, v) => s + v, 0);
  return exps.map((v) => v / sum);
}

export type LabApi = typeof labApi;
