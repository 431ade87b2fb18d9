// The models the app holds, by role: the trained float model and its DRQ twin, an uploaded model
// and its quantized twin. Entries carry the worker's summary; the bytes stay in model_registry.

import type { StateCreator } from 'zustand';
import type { ModelSummary } from '../../workers/lab_types';
import { forgetModel, registerModel } from '../model_registry';
import type { Store } from '../store';
import { ensureLoaded, unload } from '../workers';

export type ModelRole = 'trainedFloat' | 'trainedDrq' | 'upload' | 'uploadQuantized';

export const ROLE_LABELS: Record<ModelRole, string> = {
  trainedFloat: 'Trained model (float32)',
  trainedDrq: 'Trained model (quantized)',
  upload: 'Uploaded model',
  uploadQuantized: 'Uploaded model (quantized)',
};

export interface ModelEntry {
  id: string;
  role: ModelRole;
  fileName: string;
  fileBytes: number;
  summary: ModelSummary;
}

export interface ModelsSlice {
  models: Record<string, ModelEntry>;
  roles: Record<ModelRole, string | null>;
  /**
   * Registers bytes for a role, has the lab worker read them, and (once that worked) replaces the
   * role's previous model. Rejects with the reader's message for a file that is not a model.
   * stillWanted: checked once the worker has read the file; when it says no (a newer run took
   * over meanwhile) the model is dropped and the call rejects with an AbortError, so a slow old
   * run can never replace the model of a newer one.
   */
  putModel(role: ModelRole, fileName: string, bytes: Uint8Array, stillWanted?: () => boolean): Promise<ModelEntry>;
  dropRole(role: ModelRole): void;
}

export const createModelsSlice: StateCreator<Store, [], [], ModelsSlice> = (set, get) => ({
  models: {},
  roles: { trainedFloat: null, trainedDrq: null, upload: null, uploadQuantized: null },

  async putModel(role, fileName, bytes, stillWanted) {
    const file = registerModel(fileName, bytes);
    let summary: ModelSummary;
    try {
      summary = await ensureLoaded(file.id);
    } catch (e) {
      forgetModel(file.id);
      throw e;
    }
    if (stillWanted && !stillWanted()) {
      unload(file.id);
      forgetModel(file.id);
      throw new DOMException(`${fileName} was superseded`, 'AbortError');
    }
    const entry: ModelEntry = { id: file.id, role, fileName, fileBytes: bytes.length, summary };
    get().dropRole(role);
    set((s) => ({ models: { ...s.models, [file.id]: entry }, roles: { ...s.roles, [role]: file.id } }));
    return entry;
  },

  dropRole(role) {
    const id = get().roles[role];
    if (!id) return;
    unload(id);
    forgetModel(id);
    set((s) => {
      const models = { ...s.models };
      delete models[id];
      return { models, roles: { ...s.roles, [role]: null }, inspectId: s.inspectId === id ? null : s.inspectId };
    });
  },
});
