// Upload: any .tflite the user drops is read and inspected in the lab worker, quantized with the
// same knobs as the trained model, and compared with its float original: MNIST accuracy when it
// takes one 28×28 image, otherwise output agreement on seeded inputs. A bad file gets the reader's
// message and leaves the rest of the app as it was.

import { proxy, transfer } from 'comlink';
import type { StateCreator } from 'zustand';
import { isCancel } from '../../workers/bridge';
import type { MnistComparison, OutputAgreementView, ProgressEvent, QuantizeReportView } from '../../workers/lab_types';
import { modelFile } from '../model_registry';
import type { Store } from '../store';
import { ensureLoaded, labWorker } from '../workers';

export type UploadStatus = 'idle' | 'reading' | 'quantizing' | 'evaluating' | 'done' | 'error';

/** Larger files are refused before reading: the tab would run out of memory quantizing them. */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
/** Seeded inputs for output agreement (non-MNIST models). */
export const AGREEMENT_SEED = 1;
export const AGREEMENT_SAMPLES = 16;

export function tooLarge(fileName: string, size: number): string {
  return `${fileName}: ${size.toLocaleString('en-US')} bytes is more than this app handles (${MAX_UPLOAD_BYTES / 1024 / 1024} MB).`;
}

export interface UploadSlice {
  uploadStatus: UploadStatus;
  uploadFileName: string | null;
  /** The file could not be used at all (not a model, truncated, ...). */
  uploadError: string | null;
  /** The model was read but not quantized or not compared: why (e.g. "already quantized"). */
  uploadNote: string | null;
  uploadProgress: ProgressEvent | null;
  uploadReport: QuantizeReportView | null;
  uploadMnist: MnistComparison | null;
  uploadAgreement: OutputAgreementView | null;
  uploadFile(fileName: string, bytes: Uint8Array): Promise<void>;
  /** A file that could not even be read (too large, unreadable): show why. */
  uploadFailed(fileName: string, message: string): void;
  runUploadQuantize(): Promise<void>;
  cancelUpload(): void;
}

let uploadAbort: AbortController | null = null;
/** Bumped by every upload: a slower earlier file must not replace a later one. */
let uploadTicket = 0;

const resultsReset = { uploadNote: null, uploadReport: null, uploadMnist: null, uploadAgreement: null, uploadProgress: null };

export const createUploadSlice: StateCreator<Store, [], [], UploadSlice> = (set, get) => ({
  uploadStatus: 'idle',
  uploadFileName: null,
  uploadError: null,
  ...resultsReset,

  async uploadFile(fileName, bytes) {
    uploadAbort?.abort();
    uploadAbort = null;
    const ticket = ++uploadTicket;
    set({ uploadStatus: 'reading', uploadFileName: fileName, uploadError: null, ...resultsReset });
    if (bytes.length > MAX_UPLOAD_BYTES) {
      set({ uploadStatus: 'error', uploadError: tooLarge(fileName, bytes.length) });
      return;
    }
    get().dropRole('uploadQuantized');
    try {
      await get().putModel('upload', fileName, bytes, () => ticket === uploadTicket);
    } catch (e) {
      if (ticket !== uploadTicket) return;
      get().dropRole('upload');
      set({ uploadStatus: 'error', uploadError: (e as Error).message });
      return;
    }
    await get().runUploadQuantize();
  },

  uploadFailed(fileName, message) {
    uploadAbort?.abort();
    uploadAbort = null;
    uploadTicket++;
    set({ uploadStatus: 'error', uploadFileName: fileName, uploadError: message, ...resultsReset });
  },

  async runUploadQuantize() {
    const id = get().roles.upload;
    if (!id) return;
    uploadAbort?.abort();
    const abort = new AbortController();
    uploadAbort = abort;
    const stale = () => uploadAbort !== abort;
    const onProgress = (p: ProgressEvent) => { if (!stale()) set({ uploadProgress: p }); };
    const knobs = { ...get().knobs };
    set({ uploadStatus: 'quantizing', ...resultsReset, uploadProgress: { fraction: 0, label: 'Quantizing' } });
    get().dropRole('uploadQuantized');
    try {
      const file = modelFile(id);
      const copy = file.bytes.slice();
      let quantizedId: string;
      try {
        const result = await labWorker.call(
          (api, callId) => api.quantize(callId, transfer(copy, [copy.buffer]), file.fileName, knobs, proxy(onProgress)),
          { signal: abort.signal },
        );
        if (stale()) return;
        set({ uploadReport: result.report });
        quantizedId = (await get().putModel('uploadQuantized', result.fileName, result.bytes, () => !stale())).id;
      } catch (e) {
        if (stale() || isCancel(e)) throw e;
        // A refusal (full-integer, already quantized, nothing to quantize...): the model stays
        // inspectable; say why it was not quantized.
        set({ uploadStatus: 'done', uploadNote: (e as Error).message, uploadProgress: null });
        return;
      }
      if (stale()) return;
      const original = get().models[id].summary;
      if (!original.runnable) {
        set({ uploadStatus: 'done', uploadProgress: null, uploadNote: `Sizes only: our interpreter cannot run this model (${original.notRunnableReason}).` });
        return;
      }
      set({ uploadStatus: 'evaluating', uploadProgress: { fraction: 0, label: 'Comparing' } });
      await Promise.all([ensureLoaded(id), ensureLoaded(quantizedId)]);
      if (original.takesMnistImage) {
        const mnist = await labWorker.call((api, callId) => api.evaluatePair(callId, id, quantizedId, proxy(onProgress)), { signal: abort.signal });
        if (stale()) return;
        set({ uploadMnist: mnist });
      } else {
        const agreement = await labWorker.call(
          (api, callId) => api.compareOutputs(callId, id, quantizedId, AGREEMENT_SEED, AGREEMENT_SAMPLES), { signal: abort.signal },
        );
        if (stale()) return;
        set({ uploadAgreement: agreement });
      }
      set({ uploadStatus: 'done', uploadProgress: null });
    } catch (e) {
      if (stale()) return;
      if (isCancel(e)) set({ uploadStatus: 'done', uploadProgress: null, uploadNote: 'Cancelled.' });
      else set({ uploadStatus: 'done', uploadProgress: null, uploadNote: (e as Error).message });
    } finally {
      if (uploadAbort === abort) uploadAbort = null;
    }
  },

  cancelUpload() {
    uploadAbort?.abort();
    uploadAbort = null;
    set({ uploadStatus: 'done', uploadProgress: null, uploadNote: 'Cancelled.' });
  },
});
