// Which view is shown, messages for the user, and the test-set download status.

import type { StateCreator } from 'zustand';
import type { Store } from '../store';

export type ViewName = 'train' | 'compare' | 'draw' | 'upload' | 'inspect' | 'learn';
export const VIEW_NAMES: readonly ViewName[] = ['train', 'compare', 'draw', 'upload', 'inspect', 'learn'];

/** The view named by a location hash ("#compare", "#/compare", "#learn/3": a view may add a sub-path), or null. */
export function viewFromHash(hash: string): ViewName | null {
  const id = hash.replace(/^#\/?/, '').split('/')[0];
  return VIEW_NAMES.find((v) => v === id) ?? null;
}

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

export interface UiSlice {
  view: ViewName;
  notices: Notice[];
  /** Model shown by the Inspect view (a model id), or null for the first available. */
  inspectId: string | null;
  setView(view: ViewName): void;
  notify(kind: Notice['kind'], text: string): void;
  dismiss(id: number): void;
  inspect(id: string): void;
}

let nextNotice = 1;

export const createUiSlice: StateCreator<Store, [], [], UiSlice> = (set) => ({
  view: (typeof location !== 'undefined' && viewFromHash(location.hash)) || 'train',
  notices: [],
  inspectId: null,
  setView: (view) => set({ view }),
  notify: (kind, text) => set((s) => ({ notices: [...s.notices.filter((n) => n.text !== text), { id: nextNotice++, kind, text }] })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  inspect: (id) => set({ inspectId: id, view: 'inspect' }),
});
