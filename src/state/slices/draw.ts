// Draw: the 28×28 input made from the drawing, and both trained models' probabilities for it.
// Classification is "latest wins": while one call is in flight, only the newest drawing waits,
// so a fast stroke never queues up stale work.

import { transfer } from 'comlink';
import type { StateCreator } from 'zustand';
import type { ClassifyOutcome } from '../../workers/lab_types';
import type { ModelRole } from './models';
import type { Store } from '../store';
import { ensureLoaded, labWorker } from '../workers';

export const DRAW_ROLES: readonly ModelRole[] = ['trainedFloat', 'trainedDrq'];

export interface DrawSlice {
  /** The 28×28 input (grey levels 0..1, row-major), or null when nothing is drawn. */
  drawInput: Float32Array | null;
  /** Per role: probabilities for drawInput, or why the model could not run. */
  drawResults: Partial<Record<ModelRole, ClassifyOutcome>>;
  classifyDrawing(input: Float32Array | null): void;
  clearDrawResults(): void;
}

let inFlight = false;
let waiting: Float32Array | null = null;

export const createDrawSlice: StateCreator<Store, [], [], DrawSlice> = (set, get) => {
  async function run(input: Float32Array): Promise<void> {
    inFlight = true;
    try {
      const roles = DRAW_ROLES.filter((r) => get().roles[r]);
      const ids = roles.map((r) => get().roles[r]!);
      if (ids.length === 0) return;
      await Promise.all(ids.map((id) => ensureLoaded(id)));
      const copy = input.slice();
      const byId = await labWorker.call((api) => api.classify(ids, transfer(copy, [copy.buffer])));
      if (get().drawInput !== input && waiting === null) return; // cleared meanwhile
      const results: DrawSlice['drawResults'] = {};
      roles.forEach((r, i) => { results[r] = byId[ids[i]] ?? { error: 'no result' }; });
      set({ drawResults: results });
    } catch (e) {
      set({ drawResults: { trainedFloat: { error: (e as Error).message } } });
    } finally {
      inFlight = false;
      const next = waiting;
      waiting = null;
      if (next) void run(next);
    }
  }

  return {
    drawInput: null,
    drawResults: {},
    classifyDrawing(input) {
      set({ drawInput: input });
      if (!input) {
        waiting = null;
        set({ drawResults: {} });
        return;
      }
      if (inFlight) waiting = input;
      else void run(input);
    },
    clearDrawResults: () => set({ drawResults: {}, drawInput: null }),
  };
};
