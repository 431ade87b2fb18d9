// Quantize and compare: the knobs, and the run that quantizes the trained model in the lab worker
// and evaluates both models on the 10,000 test images. A knob change cancels the run in flight
// and starts a new one (for the uploaded model too).

import { proxy, transfer } from 'comlink';
import type { StateCreator } from 'zustand';
import { DEFAULT_MIN_ELEMENTS, DEFAULT_PRESET } from '../../core/quantize/policy';
import { isCancel } from '../../workers/bridge';
import type { Knobs, MnistComparison, ProgressEvent, QuantizeReportView } from '../../workers/lab_types';
import { modelFile } from '../model_registry';
import { saveSession } from '../persist';
import type { Store } from '../store';
import { ensureLoaded, labWorker } from '../workers';

export type CompareStatus = 'idle' | 'quantizing' | 'evaluating' | 'done' | 'error' | 'cancelled';

export const DEFAULT_KNOBS: Knobs = { preset: DEFAULT_PRESET, mode: 'int8', minElements: DEFAULT_MIN_ELEMENTS, perChannel: true };

export interface CompareSlice {
  knobs: Knobs;
  compareStatus: CompareStatus;
  compareProgress: ProgressEvent | null;
  report: QuantizeReportView | null;
  comparison: MnistComparison | null;
  compareError: string | null;
  /** Changes knobs and re-runs every comparison that depends on them. */
  setKnobs(patch: Partial<Knobs>): void;
  /** Changes knobs without re-running (restoring a saved session). */
  setKnobsQuietly(knobs: Knobs): void;
  /** Quantizes the trained float model with the knobs, then evaluates both. */
  runCompare(): Promise<void>;
  /** Evaluates the trained float and DRQ models on the MNIST test set. */
  evaluateTrained(signal?: AbortSignal): Promise<void>;
  cancelCompare(): void;
}

let compareAbort: AbortController | null = null;
let rerunTimer: ReturnType<typeof setTimeout> | null = null;

/** Re-run after knob changes settle (typing "2048" must not start four runs). */
const RERUN_DELAY_MS = 250;

export const createCompareSlice: StateCreator<Store, [], [], CompareSlice> = (set, get) => ({
  knobs: { ...DEFAULT_KNOBS },
  compareStatus: 'idle',
  compareProgress: null,
  report: null,
  comparison: null,
  compareError: null,

  setKnobs(patch) {
    set((s) => ({ knobs: { ...s.knobs, ...patch } }));
    if (rerunTimer) clearTimeout(rerunTimer);
    rerunTimer = setTimeout(() => {
      rerunTimer = null;
      if (get().roles.trainedFloat) void get().runCompare();
      if (get().roles.upload) void get().runUploadQuantize();
    }, RERUN_DELAY_MS);
  },

  setKnobsQuietly: (knobs) => set({ knobs: { ...knobs } }),

  async runCompare() {
    const floatId = get().roles.trainedFloat;
    if (!floatId) return;
    compareAbort?.abort();
    const abort = new AbortController();
    compareAbort = abort;
    const knobs = { ...get().knobs };
    const stale = () => compareAbort !== abort;
    set({ compareStatus: 'quantizing', compareError: null, compareProgress: { fraction: 0, label: 'Quantizing' }, report: null, comparison: null });
    const onProgress = (p: ProgressEvent) => { if (!stale()) set({ compareProgress: p }); };
    try {
      const file = modelFile(floatId);
      const copy = file.bytes.slice();
      const result = await labWorker.call(
        (api, callId) => api.quantize(callId, transfer(copy, [copy.buffer]), file.fileName, knobs, proxy(onProgress)),
        { signal: abort.signal },
      );
      if (stale()) return;
      set({ report: result.report });
      await get().putModel('trainedDrq', result.fileName, result.bytes, () => !stale());
      const training = get().training;
      if (training) {
        void saveSession({
          float: { fileName: file.fileName, bytes: file.bytes }, training,
          drq: { fileName: result.fileName, bytes: result.bytes, knobs, report: result.report },
        }).catch(() => {});
      }
      if (stale()) return;
      await get().evaluateTrained(abort.signal);
    } catch (e) {
      if (stale()) return;
      if (isCancel(e)) set({ compareStatus: 'cancelled', compareProgress: null });
      else set({ compareStatus: 'error', compareError: (e as Error).message, compareProgress: null });
    } finally {
      if (compareAbort === abort) compareAbort = null;
    }
  },

  async evaluateTrained(signal) {
    const { trainedFloat, trainedDrq } = get().roles;
    if (!trainedFloat || !trainedDrq) return;
    let own: AbortController | null = null;
    if (!signal) {
      compareAbort?.abort();
      own = new AbortController();
      compareAbort = own;
      signal = own.signal;
    }
    const stale = () => signal!.aborted;
    set({ compareStatus: 'evaluating', compareError: null, compareProgress: { fraction: 0, label: 'Evaluating' } });
    try {
      await Promise.all([ensureLoaded(trainedFloat), ensureLoaded(trainedDrq)]);
      const comparison = await labWorker.call(
        (api, callId) => api.evaluatePair(callId, trainedFloat, trainedDrq, proxy((p: ProgressEvent) => { if (!stale()) set({ compareProgress: p }); })),
        { signal },
      );
      if (stale()) return;
      set({ comparison, compareStatus: 'done', compareProgress: null });
    } catch (e) {
      if (stale()) {
        if (!own) throw e;
        return;
      }
      if (isCancel(e)) set({ compareStatus: 'cancelled', compareProgress: null });
      else set({ compareStatus: 'error', compareError: (e as Error).message, compareProgress: null });
      if (!own) throw e;
    } finally {
      if (own && compareAbort === own) compareAbort = null;
    }
  },

  cancelCompare() {
    if (!compareAbort) return;
    compareAbort.abort();
    compareAbort = null;
    set({ compareStatus: 'cancelled', compareProgress: null });
  },
});
