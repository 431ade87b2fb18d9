// The app's two workers, created lazily on first use. The lab worker keeps an interpreter per
// loaded model id; when it is restarted (stuck or cancelled) those are gone, so ensureLoaded()
// re-sends a model's bytes (a copy, transferred) before the next call that needs it.

import { transfer } from 'comlink';
import { WorkerSlot } from '../workers/bridge';
import type { LabApi } from '../workers/lab_api';
import type { ModelSummary } from '../workers/lab_types';
import type { TrainApi } from '../workers/train_api';
import { modelFile } from './model_registry';

export const labWorker = new WorkerSlot<LabApi>(
  'lab',
  () => new Worker(new URL('../workers/lab.worker.ts', import.meta.url), { type: 'module', name: 'lab' }),
);

export const trainWorker = new WorkerSlot<TrainApi>(
  'training',
  () => new Worker(new URL('../workers/train.worker.ts', import.meta.url), { type: 'module', name: 'train' }),
);

const loaded = new Map<string, Promise<ModelSummary>>();
labWorker.onRestart(() => loaded.clear());

/** Sends a model to the lab worker (once per worker lifetime) and returns its summary. */
export function ensureLoaded(id: string): Promise<ModelSummary> {
  let p = loaded.get(id);
  if (!p) {
    const file = modelFile(id);
    const copy = file.bytes.slice();
    p = labWorker.call((api) => api.loadModel(id, transfer(copy, [copy.buffer]), file.fileName));
    p.catch(() => loaded.delete(id));
    loaded.set(id, p);
  }
  return p;
}

/** Drops a model from the lab worker (e.g. replaced by a new training run). */
export function unload(id: string): void {
  if (!loaded.delete(id) || !labWorker.running) return;
  void labWorker.call((api) => api.unloadModel(id)).catch(() => {});
}
