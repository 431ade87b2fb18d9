// Learn: which step is shown (#learn/1 … #learn/6), the weight and output unit picked, the
// threshold slider, and what the lab worker measured for the Learn view: accuracy of re-quantized
// models on the first LEARN_SUBSET test images (one run per distinct file, kept), and the test
// digit step 5 uses when nothing is drawn. The models' bytes stay in model_registry.

import { proxy } from 'comlink';
import type { StateCreator } from 'zustand';
import { DEFAULT_MIN_ELEMENTS } from '../../core/quantize/policy';
import type { EvalOutcome, ProgressEvent } from '../../workers/lab_types';
import { forgetModel, registerModel } from '../model_registry';
import type { Store } from '../store';
import { ensureLoaded, labWorker, unload } from '../workers';

export const LEARN_STEPS = 6;
/** Test images the threshold step evaluates on: the first 1,000 of the 10,000 (about a second each). */
export const LEARN_SUBSET = 1000;

export interface SubsetRun {
  status: 'running' | 'done' | 'error';
  progress: ProgressEvent | null;
  outcome: EvalOutcome | null;
  error: string | null;
}

export interface TestDigit {
  index: number;
  label: number;
  /** 28×28 grey levels 0..255, row-major. */
  pixels: Uint8Array;
}

/** Alternating timings of the float and DRQ models on the same test images (run-to-run spread). */
export interface LearnTimings {
  /** "<float id>|<DRQ id>": timings belong to that pair of files. */
  key: string;
  status: 'running' | 'done' | 'error';
  rounds: { floatMs: number; drqMs: number }[];
  error: string | null;
}

/** Rounds of the timing comparison; each times LEARN_SUBSET images per model. */
export const TIMING_ROUNDS = 3;

export interface LearnSlice {
  learnStep: number;
  /** Flat index into the Dense weight [units, inDepth]; null = the weight with the largest |w|. */
  learnWeight: number | null;
  /** Dense output unit worked through in step 5; null = the class the quantized model predicts. */
  learnUnit: number | null;
  learnMinElements: number;
  /** Subset evaluations by file key ("<float model id>|<which tensors are int8>"). */
  learnRuns: Record<string, SubsetRun>;
  learnDigit: TestDigit | null;
  learnDigitError: string | null;
  learnTimings: LearnTimings | null;
  setLearnStep(step: number): void;
  pickLearnWeight(index: number | null): void;
  setLearnUnit(unit: number | null): void;
  setLearnMinElements(n: number): void;
  /**
   * Evaluates a file on the first LEARN_SUBSET test images, once per key (again after an error).
   * `bytes` null: the key names an already registered model id (the float model itself).
   */
  evaluateLearnFile(key: string, fileName: string, bytes: Uint8Array | null, modelId?: string): Promise<void>;
  loadLearnDigit(index: number): Promise<void>;
  /** Times the float and the DRQ model TIMING_ROUNDS times each, alternating, on LEARN_SUBSET images. */
  timeLearnModels(floatId: string, drqId: string): Promise<void>;
}

/** Registry ids of files the Learn view registered, by run key (dropped with their float model). */
const learnIds = new Map<string, string>();

export function isLearnStep(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= LEARN_STEPS;
}

export const createLearnSlice: StateCreator<Store, [], [], LearnSlice> = (set, get) => ({
  learnStep: 1,
  learnWeight: null,
  learnUnit: null,
  learnMinElements: DEFAULT_MIN_ELEMENTS,
  learnRuns: {},
  learnDigit: null,
  learnDigitError: null,
  learnTimings: null,

  setLearnStep: (step) => { if (isLearnStep(step)) set({ learnStep: step }); },
  pickLearnWeight: (index) => set({ learnWeight: index }),
  setLearnUnit: (unit) => set({ learnUnit: unit }),
  setLearnMinElements: (n) => { if (Number.isSafeInteger(n) && n >= 0) set({ learnMinElements: n }); },

  async evaluateLearnFile(key, fileName, bytes, modelId) {
    const prev = get().learnRuns[key];
    if (prev && prev.status !== 'error') return;
    forgetStale(key, get, set);
    const put = (run: Partial<SubsetRun>) => set((s) => ({
      learnRuns: { ...s.learnRuns, [key]: { ...(s.learnRuns[key] ?? { status: 'running', progress: null, outcome: null, error: null }), ...run } },
    }));
    put({ status: 'running', progress: { fraction: 0, label: `Evaluating ${fileName}` }, outcome: null, error: null });
    try {
      let id = modelId ?? learnIds.get(key);
      if (!id) {
        if (!bytes) throw new Error(`no file for ${key}`);
        id = registerModel(fileName, bytes.slice()).id;
        learnIds.set(key, id);
      }
      await ensureLoaded(id);
      const loadedId: string = id;
      const onProgress = proxy((p: ProgressEvent) => { if (get().learnRuns[key]?.status === 'running') put({ progress: p }); });
      const outcome = await labWorker.call<EvalOutcome>((api, callId) => api.evaluateFirst(callId, loadedId, LEARN_SUBSET, onProgress) as Promise<EvalOutcome>);
      put({ status: 'done', progress: null, outcome });
    } catch (e) {
      put({ status: 'error', progress: null, error: (e as Error).message });
    }
  },

  async timeLearnModels(floatId, drqId) {
    const key = `${floatId}|${drqId}`;
    if (get().learnTimings?.key === key && get().learnTimings?.status === 'running') return;
    set({ learnTimings: { key, status: 'running', rounds: [], error: null } });
    const current = () => get().learnTimings?.key === key;
    const time = async (id: string): Promise<number> => {
      await ensureLoaded(id);
      const o = await labWorker.call<EvalOutcome>((api, callId) => api.evaluateFirst(callId, id, LEARN_SUBSET, proxy(() => {})) as Promise<EvalOutcome>);
      if (!o.ok) throw new Error(o.error);
      return o.eval.msPerImage;
    };
    try {
      for (let r = 0; r < TIMING_ROUNDS && current(); r++) {
        const floatMs = await time(floatId);
        const drqMs = await time(drqId);
        if (!current()) return;
        set((s) => ({ learnTimings: { ...s.learnTimings!, rounds: [...s.learnTimings!.rounds, { floatMs, drqMs }] } }));
      }
      if (current()) set((s) => ({ learnTimings: { ...s.learnTimings!, status: 'done' } }));
    } catch (e) {
      if (current()) set((s) => ({ learnTimings: { ...s.learnTimings!, status: 'error', error: (e as Error).message } }));
    }
  },

  async loadLearnDigit(index) {
    set({ learnDigitError: null });
    try {
      const digit = await labWorker.call((api, callId) => api.testImage(callId, index, proxy(() => {})));
      set({ learnDigit: digit });
    } catch (e) {
      set({ learnDigitError: (e as Error).message });
    }
  },
});

/** Runs and registered files of an earlier float model are of no further use: drop them. */
function forgetStale(key: string, get: () => Store, set: (p: Partial<Store>) => void): void {
  const prefix = key.split('|')[0];
  const runs = { ...get().learnRuns };
  let changed = false;
  for (const k of Object.keys(runs)) {
    if (k.split('|')[0] === prefix) continue;
    delete runs[k];
    changed = true;
    const id = learnIds.get(k);
    if (id) {
      unload(id);
      forgetModel(id);
      learnIds.delete(k);
    }
  }
  if (changed) set({ learnRuns: runs });
}

/** Key of a Learn run: the float model it came from and which of its tensors are int8 ("none": the float file). */
export function learnRunKey(floatId: string, preset: string, perChannel: boolean, outcomeKey: string): string {
  return outcomeKey === 'none' ? `${floatId}|none` : `${floatId}|${preset}|${perChannel ? 'pc' : 'pt'}|${outcomeKey}`;
}

