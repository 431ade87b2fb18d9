// Training: settings, live progress and curves, and what happens to the trained model (it becomes
// the "trained float" model, is saved for the next visit, and is quantized and compared).

import { proxy } from 'comlink';
import type { StateCreator } from 'zustand';
import type { BackendInfo } from '../../core/train/backend';
import { isCancel } from '../../workers/bridge';
import type { BatchPoint, TrainSettings, TrainWorkerEvent } from '../../workers/train_api';
import { clearSession, loadSession, saveSession, type SavedDrq, type SavedEpoch, type SavedModel, type SavedTraining } from '../persist';
import type { Store } from '../store';
import { currentUrlOptions } from '../url_options';
import { trainWorker } from '../workers';

export type TrainStatus = 'idle' | 'loading-data' | 'training' | 'exporting' | 'done' | 'cancelled' | 'error';

export const TRAINED_FILE_NAME = 'mnist_cnn_float.tflite';

export interface TrainSlice {
  trainSettings: TrainSettings;
  trainStatus: TrainStatus;
  trainError: string | null;
  /** Download of the MNIST files: bytes so far and total (0 while unknown). */
  dataProgress: { loadedBytes: number; totalBytes: number; fromCache: boolean } | null;
  backend: BackendInfo | null;
  batchesPerEpoch: number;
  totalBatches: number;
  batchesDone: number;
  imagesPerSecond: number | null;
  points: BatchPoint[];
  epochs: SavedEpoch[];
  /** What the current trained model is: its record as saved (null when there is none). */
  training: SavedTraining | null;
  /** The session was restored from IndexedDB at start-up. */
  restored: boolean;
  setTrainSettings(patch: Partial<TrainSettings>): void;
  startTraining(): Promise<void>;
  cancelTraining(): void;
  /** Forgets the trained model, its DRQ twin and the saved session, then trains anew. */
  trainAgain(): Promise<void>;
  /** Start-up: brings back the saved session, or loads the ?fixture= model in dev. */
  restoreSession(): Promise<void>;
  /** Makes `bytes` the trained float model; saves the session; quantizes and compares. */
  adoptTrained(float: SavedModel, training: SavedTraining, drq?: SavedDrq | null): Promise<void>;
}

let trainAbort: AbortController | null = null;

const defaultSettings = (): TrainSettings => ({
  epochs: 1, batchSize: 32, learningRate: 0.001, seed: 1, trainLimit: currentUrlOptions().trainLimit,
});

const progressReset = {
  trainError: null, dataProgress: null, batchesPerEpoch: 0, totalBatches: 0, batchesDone: 0, imagesPerSecond: null,
  points: [] as BatchPoint[], epochs: [] as SavedEpoch[],
};

export const createTrainSlice: StateCreator<Store, [], [], TrainSlice> = (set, get) => ({
  trainSettings: defaultSettings(),
  trainStatus: 'idle',
  backend: null,
  training: null,
  restored: false,
  ...progressReset,

  setTrainSettings: (patch) => set((s) => ({ trainSettings: { ...s.trainSettings, ...patch } })),

  async startTraining() {
    trainAbort?.abort();
    const abort = new AbortController();
    trainAbort = abort;
    const settings = { ...get().trainSettings };
    set({ ...progressReset, trainStatus: 'loading-data' });
    // Events travel on their own channel and may arrive after the result: ignore them then.
    let finished = false;
    const onEvent = (e: TrainWorkerEvent) => {
      if (trainAbort !== abort || finished) return;
      switch (e.type) {
        case 'data': {
          const p = e.progress;
          // Two files per split, two splits: show the train split's bytes (the big one).
          if (p.split === 'train') set({ dataProgress: { loadedBytes: p.loadedBytes, totalBytes: p.totalBytes, fromCache: p.fromCache } });
          break;
        }
        case 'backend': set({ backend: e.backend }); break;
        case 'start':
          set({ trainStatus: 'training', batchesPerEpoch: e.start.batchesPerEpoch, totalBatches: e.start.batchesPerEpoch * e.start.epochs });
          break;
        case 'batches':
          set((s) => ({
            points: s.points.concat(e.points),
            batchesDone: e.latest.epoch * e.latest.batchesPerEpoch + e.latest.batch + 1,
            imagesPerSecond: e.latest.imagesPerSecond,
          }));
          break;
        case 'epoch':
          set((s) => ({
            epochs: [...s.epochs.filter((x) => x.epoch !== e.epoch.epoch), {
              epoch: e.epoch.epoch, meanLoss: e.epoch.meanLoss, trainAccuracy: e.epoch.trainAccuracy,
              testAccuracy: e.epoch.testAccuracy, epochSeconds: e.epoch.epochSeconds,
            }],
          }));
          break;
        case 'exporting': set({ trainStatus: 'exporting' }); break;
      }
    };
    try {
      const outcome = await trainWorker.call((api, callId) => api.train(callId, settings, proxy(onEvent)), { signal: abort.signal, graceMs: 3000 });
      finished = true;
      if (trainAbort !== abort) return;
      const epochs: SavedEpoch[] = outcome.epochs.map((e) => ({
        epoch: e.epoch, meanLoss: e.meanLoss, trainAccuracy: e.trainAccuracy, testAccuracy: e.testAccuracy, epochSeconds: e.epochSeconds,
      }));
      const training: SavedTraining = {
        source: 'trained', settings, seed: outcome.seed, trainCount: outcome.trainCount, backend: describeBackend(outcome.backend),
        imagesPerSecond: outcome.imagesPerSecond, points: outcome.points, batchesPerEpoch: outcome.batchesPerEpoch, epochs,
        savedAt: new Date().toISOString(),
      };
      set({
        trainStatus: 'done', backend: outcome.backend, points: outcome.points, epochs, batchesPerEpoch: outcome.batchesPerEpoch,
        imagesPerSecond: outcome.imagesPerSecond, batchesDone: outcome.points.length,
      });
      await get().adoptTrained({ fileName: TRAINED_FILE_NAME, bytes: outcome.bytes }, training);
    } catch (e) {
      if (trainAbort !== abort) return;
      if (isCancel(e)) set({ trainStatus: 'cancelled' });
      else set({ trainStatus: 'error', trainError: (e as Error).message });
    } finally {
      if (trainAbort === abort) trainAbort = null;
    }
  },

  cancelTraining() {
    trainAbort?.abort();
  },

  async trainAgain() {
    get().cancelCompare();
    get().dropRole('trainedDrq');
    get().dropRole('trainedFloat');
    set({ training: null, restored: false, comparison: null, report: null, compareStatus: 'idle', compareError: null });
    get().clearDrawResults();
    await clearSession().catch(() => {});
    await get().startTraining();
  },

  async restoreSession() {
    const fixture = currentUrlOptions().fixture;
    if (fixture) {
      await loadFixture(fixture, set, get);
      return;
    }
    const { session, discarded } = await loadSession();
    if (discarded) get().notify('info', discarded);
    if (!session) return;
    const t = session.training;
    set({
      trainSettings: { ...t.settings, trainLimit: currentUrlOptions().trainLimit ?? t.settings.trainLimit },
      trainStatus: 'done', restored: true, points: t.points, epochs: t.epochs, batchesPerEpoch: t.batchesPerEpoch,
      totalBatches: t.batchesPerEpoch * t.settings.epochs, batchesDone: t.batchesPerEpoch * t.settings.epochs,
      imagesPerSecond: t.imagesPerSecond,
    });
    if (session.drq) get().setKnobsQuietly(session.drq.knobs);
    try {
      await get().adoptTrained(session.float, t, session.drq);
    } catch (e) {
      await clearSession().catch(() => {});
      set({ trainStatus: 'idle', restored: false, ...progressReset, training: null });
      get().notify('info', `The saved model was discarded: ${(e as Error).message}`);
    }
  },

  async adoptTrained(float, training, drq) {
    await get().putModel('trainedFloat', float.fileName, float.bytes);
    set({ training });
    // A restored session is already stored as is; a new model (or a fixture) is saved now.
    if (!get().restored) await saveSession({ float, training, drq: null }).catch((e) => get().notify('info', `The model could not be saved for your next visit (${(e as Error).message}).`));
    if (drq) {
      try {
        await get().putModel('trainedDrq', drq.fileName, drq.bytes);
        set({ report: drq.report });
        await get().evaluateTrained();
        return;
      } catch {
        // The stored DRQ file no longer loads (an older quantizer wrote it?): make it again.
      }
    }
    await get().runCompare();
  },
});

export function describeBackend(b: BackendInfo): string {
  if (b.name !== 'wasm') return b.name;
  return `wasm${b.simd ? ' SIMD' : ''}${b.multithreaded ? `, ${b.threads} thread${b.threads === 1 ? '' : 's'}` : ''}`;
}

/** Dev/test hook: a pretrained file stands in for training (the Train view says so). */
async function loadFixture(path: string, set: (p: Partial<Store>) => void, get: () => Store): Promise<void> {
  try {
    const res = await fetch(path);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const settings = get().trainSettings;
    const training: SavedTraining = {
      source: 'fixture', settings, seed: settings.seed, trainCount: 0, backend: null, imagesPerSecond: null,
      points: [], batchesPerEpoch: 0, epochs: [], savedAt: new Date().toISOString(),
    };
    set({ trainStatus: 'done' });
    await get().adoptTrained({ fileName: TRAINED_FILE_NAME, bytes }, training);
  } catch (e) {
    get().notify('error', `The fixture model ${path} could not be loaded: ${(e as Error).message}`);
  }
}

