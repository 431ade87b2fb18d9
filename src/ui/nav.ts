// The app's views, in navigation order. Each is a hash route (#train, #compare, ...).
// A later issue adds a "Learn" view (interactive DRQ teaching on the live model): it gets an entry
// here ({ id: 'learn', label: 'Learn' }), a ViewName in state/slices/ui.ts and a case in App.tsx.

import type { ViewName } from '../state/slices/ui';

export { viewFromHash } from '../state/slices/ui';

export interface ViewEntry {
  id: ViewName;
  label: string;
}

export const VIEWS: readonly ViewEntry[] = [
  { id: 'train', label: 'Train' },
  { id: 'compare', label: 'Quantize & compare' },
  { id: 'draw', label: 'Draw' },
  { id: 'upload', label: 'Upload' },
  { id: 'inspect', label: 'Inspect' },
];
