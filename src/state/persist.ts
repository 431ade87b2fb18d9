// The session that survives a reload: the trained float model, its training curves and settings,
// and the DRQ model derived from it (with the knobs that made it), in IndexedDB via idb-keyval.
//
// One record under one key, with a version number. Anything that is not exactly what this version
// writes (an older layout, a half-written record, bytes of the wrong type) is deleted and reported
// with a message; it never crashes the app. "Train again" clears it.

import { del as idbDel, get as idbGet, set as idbSet } from 'idb-keyval';
import { isPresetName } from '../core/quantize/policy';
import type { Knobs, QuantizeReportView } from '../workers/lab_types';
import type { BatchPoint, TrainSettings } from '../workers/train_api';

export const SESSION_KEY = 'quantlab:session';
/** Bump when SavedSession changes shape; older records are then discarded with a message. */
export const SESSION_VERSION = 1;

export interface SavedEpoch {
  epoch: number;
  meanLoss: number;
  trainAccuracy: number;
  testAccuracy: number;
  epochSeconds: number;
}

export interface SavedTraining {
  /** 'trained' in this browser, or 'fixture' (a test hook loaded a pretrained file). */
  source: 'trained' | 'fixture';
  settings: TrainSettings;
  seed: number;
  trainCount: number;
  backend: string | null;
  imagesPerSecond: number | null;
  points: BatchPoint[];
  batchesPerEpoch: number;
  epochs: SavedEpoch[];
  savedAt: string;
}

export interface SavedModel {
  fileName: string;
  bytes: Uint8Array;
}

/** The quantized twin of the float model, with the knobs and the report that made it. */
export interface SavedDrq extends SavedModel {
  knobs: Knobs;
  report: QuantizeReportView | null;
}

export interface SavedSession {
  version: number;
  float: SavedModel;
  training: SavedTraining;
  drq: SavedDrq | null;
}

/** The storage the session lives in: IndexedDB in the app, a Map in tests. */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

export const indexedDbStore: KeyValueStore = { get: idbGet, set: idbSet, del: idbDel };

type Check = (v: unknown) => string | null;

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function checkModel(v: unknown, what: string): string | null {
  if (!isObj(v)) return `${what} is missing`;
  if (typeof v.fileName !== 'string') return `${what} has no file name`;
  if (!(v.bytes instanceof Uint8Array) || v.bytes.length < 8) return `${what} has no model bytes`;
  return null;
}

function checkKnobs(v: unknown): string | null {
  if (!isObj(v)) return 'the DRQ model has no quantizer settings';
  if (typeof v.preset !== 'string' || !isPresetName(v.preset)) return `unknown preset ${String(v.preset)}`;
  if (v.mode !== 'int8' && v.mode !== 'float16') return `unknown mode ${String(v.mode)}`;
  if (!finite(v.minElements) || typeof v.perChannel !== 'boolean') return 'the quantizer settings are incomplete';
  return null;
}

const checkTraining: Check = (v) => {
  if (!isObj(v)) return 'the training record is missing';
  if (v.source !== 'trained' && v.source !== 'fixture') return 'the training record has no source';
  const s = v.settings;
  if (!isObj(s) || !finite(s.epochs) || !finite(s.batchSize) || !finite(s.learningRate) || !finite(s.seed)) {
    return 'the training settings are incomplete';
  }
  if (!(s.trainLimit === null || finite(s.trainLimit))) return 'the training subset is not a number';
  if (!Array.isArray(v.points) || !v.points.every((p) => isObj(p) && finite(p.step) && finite(p.loss) && finite(p.accuracy))) {
    return 'the training curves are damaged';
  }
  if (!Array.isArray(v.epochs) || !v.epochs.every((e) => isObj(e) && finite(e.testAccuracy) && finite(e.epochSeconds))) {
    return 'the per-epoch results are damaged';
  }
  if (!finite(v.seed) || !finite(v.trainCount) || !finite(v.batchesPerEpoch)) return 'the training record is incomplete';
  return null;
};

/** null when `v` is a session this version wrote; otherwise why it is not. */
export function sessionProblem(v: unknown): string | null {
  if (!isObj(v)) return 'the stored session is not a record';
  if (v.version !== SESSION_VERSION) return `it was saved by another version of Quant Lab (format ${String(v.version)}, this is ${SESSION_VERSION})`;
  return checkModel(v.float, 'the float model') ?? checkTraining(v.training)
    ?? (v.drq === null ? null : checkModel(v.drq, 'the DRQ model') ?? checkKnobs((v.drq as Record<string, unknown>).knobs)
      ?? checkReport((v.drq as Record<string, unknown>).report));
}

function checkReport(v: unknown): string | null {
  if (v === null) return null;
  if (!isObj(v) || !Array.isArray(v.rows) || !finite(v.fileBytesBefore) || !finite(v.fileBytesAfter)) return 'the quantization report is damaged';
  return null;
}

export interface LoadedSession {
  session: SavedSession | null;
  /** Set when a stored session was found but discarded: the message to show. */
  discarded: string | null;
}

export async function loadSession(store: KeyValueStore = indexedDbStore): Promise<LoadedSession> {
  let value: unknown;
  try {
    value = await store.get(SESSION_KEY);
  } catch (e) {
    return { session: null, discarded: `The saved session could not be read (${(e as Error).message}).` };
  }
  if (value === undefined) return { session: null, discarded: null };
  const problem = sessionProblem(value);
  if (problem === null) return { session: value as SavedSession, discarded: null };
  await store.del(SESSION_KEY).catch(() => {});
  return { session: null, discarded: `The saved model was discarded: ${problem}.` };
}

export async function saveSession(session: Omit<SavedSession, 'version'>, store: KeyValueStore = indexedDbStore): Promise<void> {
  await store.set(SESSION_KEY, { version: SESSION_VERSION, ...session });
}

export async function clearSession(store: KeyValueStore = indexedDbStore): Promise<void> {
  await store.del(SESSION_KEY);
}
