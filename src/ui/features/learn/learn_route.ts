// The Learn view's address: #learn/<step>, step 1 … LEARN_STEPS. Plain functions (no React) so
// they can be tested and shared by the view and its links.

import { isLearnStep } from '../../../state/slices/learn';

/** "#learn/3" (or "#/learn/3") → 3; null when the hash names no valid step. */
export function stepFromHash(hash: string): number | null {
  const m = /^#\/?learn\/(\d+)$/.exec(hash);
  const n = m ? Number(m[1]) : NaN;
  return isLearnStep(n) ? n : null;
}

export function stepHash(step: number): string {
  return `#learn/${step}`;
}
