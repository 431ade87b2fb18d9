// The training worker's API (exposed by train.worker.ts with comlink; the page's type is
// `typeof trainApi`). Training runs in its own worker, not in the lab worker, because a tfjs epoch
// keeps its thread busy for 20+ s: the lab worker stays free to classify drawings, quantize and
// evaluate meanwhile, and tfjs (~1.5 MB of JS plus its wasm) is only loaded when someone trains.
//
// Events are plain objects sent through a comlink proxy callback. Per-batch events (~100/s at
// batch 32) are batched into one message every BATCH_EVENT_MS so the page re-renders calmly.

import * as tf from '@tensorflow/tfjs';
import { transfer } from 'comlink';
import { sliceSet } from '../core/data/mnist';
import { initBackend, type BackendInfo } from '../core/train/backend';
import { exportTflite } from '../core/train/export';
import { train, type BatchEvent, type EpochEvent, type StartEvent } from '../core/train/train';
import { cancelCall, withCancel } from './cancel';
import { loadMnist, type DataProgress } from './mnist_loader';
import { errorForPage } from './errors';
import { TFJS_WASM_PATHS } from './wasm_paths';

export interface TrainSettings {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Train on the first N training images only (null: all 60,000). */
  trainLimit: number | null;
}

/** One point of the training curves: a batch's loss and accuracy. */
export interface BatchPoint {
  /** Global batch index (epoch × batchesPerEpoch + batch). */
  step: number;
  loss: number;
  accuracy: number;
}

export type TrainWorkerEvent =
  | { type: 'data'; progress: DataProgress }
  | { type: 'backend'; backend: BackendInfo }
  | { type: 'start'; start: StartEvent }
  | { type: 'batches'; points: BatchPoint[]; latest: BatchEvent }
  | { type: 'epoch'; epoch: EpochEvent }
  | { type: 'exporting' };

export interface TrainOutcome {
  /** The trained model as a float32 .tflite file. */
  bytes: Uint8Array;
  seed: number;
  backend: BackendInfo;
  epochs: EpochEvent[];
  trainCount: number;
  /** Every batch's loss and accuracy, and the speed at the end: the same data the events carried,
   *  repeated here because events travel on their own channel and may arrive after the result. */
  points: BatchPoint[];
  batchesPerEpoch: number;
  imagesPerSecond: number | null;
}

const BATCH_EVENT_MS = 100;


let backend: BackendInfo | null = null;

export const trainApi = {
  async train(callId: number, settings: TrainSettings, onEvent: (e: TrainWorkerEvent) => void): Promise<TrainOutcome> {
    try {
      return await withCancel(callId, async (signal) => {
        const [fullTrain, test] = await Promise.all([
          loadMnist('train', (progress) => onEvent({ type: 'data', progress }), signal),
          loadMnist('test', (progress) => onEvent({ type: 'data', progress }), signal),
        ]);
        const set = settings.trainLimit ? sliceSet(fullTrain, settings.trainLimit) : fullTrain;
        backend ??= await initBackend({ wasmPaths: TFJS_WASM_PATHS });
        onEvent({ type: 'backend', backend });

        const all: BatchPoint[] = [];
        let batchesPerEpoch = 0;
        let pending: BatchPoint[] = [];
        let lastSent = 0;
        let latest: BatchEvent | null = null;
        const flush = () => {
          if (latest && pending.length) onEvent({ type: 'batches', points: pending, latest });
          pending = [];
          lastSent = performance.now();
        };
        const result = await train(set, test, {
          epochs: settings.epochs, batchSize: settings.batchSize, learningRate: settings.learningRate,
          seed: settings.seed, signal,
        }, (e) => {
          if (e.type === 'start') {
            batchesPerEpoch = e.batchesPerEpoch;
            onEvent({ type: 'start', start: e });
          } else if (e.type === 'batch') {
            latest = e;
            const point = { step: e.epoch * e.batchesPerEpoch + e.batch, loss: e.loss, accuracy: e.accuracy };
            all.push(point);
            pending.push(point);
            if (performance.now() - lastSent >= BATCH_EVENT_MS || e.batch === e.batchesPerEpoch - 1) flush();
          } else {
            flush();
            onEvent({ type: 'epoch', epoch: e });
          }
        });
        onEvent({ type: 'exporting' });
        const bytes = exportTflite(result.weights);
        const outcome: TrainOutcome = {
          bytes, seed: result.seed, backend, epochs: result.epochs, trainCount: set.count, points: all, batchesPerEpoch,
          imagesPerSecond: (latest as BatchEvent | null)?.imagesPerSecond ?? null,
        };
        return transfer(outcome, [bytes.buffer as ArrayBuffer]);
      });
    } catch (e) {
      throw errorForPage(e);
    }
  },

  cancel(callId: number): void {
    cancelCall(callId);
  },
};

export type TrainApi = typeof trainApi;
