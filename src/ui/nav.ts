// The app's views, in navigation order. Each is a hash route (#train, #compare, ...; the Learn view
// adds its step: #learn/1 … #learn/6).

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
  { id: 'learn', label: 'Learn' },
];
