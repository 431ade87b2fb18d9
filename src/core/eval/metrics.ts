// Classification metrics over per-image predictions: accuracy, per-class accuracy, the confusion
// matrix, and the list of images whose prediction changed between two models.
//
// Plain functions over typed arrays (no model, no timing), so the app's charts, the CLI and the
// tests compute the same numbers the same way.

/** Index of the largest value in scores[offset, offset+n); the first one wins ties (as numpy/TFLite
 *  argmax). NaN never wins; all-NaN gives 0. */
export function argmaxAt(scores: ArrayLike<number>, offset: number, n: number): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let k = 0; k < n; k++) {
    const v = scores[offset + k];
    if (v > bestValue) {
      bestValue = v;
      best = k;
    }
  }
  return best;
}

/**
 * Whether rows of `n` scores already look like probabilities (a softmax output): every value in
 * [0, 1] and every row summing to 1 within `tol`. Otherwise they are treated as logits.
 */
export function looksLikeProbabilities(scores: ArrayLike<number>, rows: number, n: number, tol = 1e-3): boolean {
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const v = scores[r * n + k];
      if (!(v >= 0 && v <= 1)) return false;
      sum += v;
    }
    if (Math.abs(sum - 1) > tol) return false;
  }
  return true;
}

/** softmax(row)[top] for one row of logits, computed stably (subtract the max). */
export function softmaxTop(scores: ArrayLike<number>, offset: number, n: number, top: number): number {
  const max = scores[offset + top];
  let sum = 0;
  for (let k = 0; k < n; k++) sum += Math.exp(scores[offset + k] - max);
  return 1 / sum;
}

export interface ClassMetrics {
  count: number;
  correct: number;
  accuracy: number;
  /** Per true class: correct / images of that class (NaN for a class with no images). */
  perClassAccuracy: number[];
  /** Images per true class. */
  perClassCount: number[];
  /** confusion[true][predicted]: image counts; rows are true labels, columns predictions. */
  confusion: number[][];
}

/** Metrics of `predicted` against `labels` (same length) over classes 0..numClasses-1. */
export function classMetrics(predicted: ArrayLike<number>, labels: ArrayLike<number>, numClasses = 10): ClassMetrics {
  if (predicted.length !== labels.length) {
    throw new Error(`classMetrics: ${predicted.length} predictions but ${labels.length} labels`);
  }
  const confusion = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  const perClassCount = new Array<number>(numClasses).fill(0);
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i];
    const p = predicted[i];
    if (!(t >= 0 && t < numClasses) || !(p >= 0 && p < numClasses)) {
      throw new Error(`classMetrics: image ${i} has label ${t} / prediction ${p} outside 0..${numClasses - 1}`);
    }
    confusion[t][p]++;
    perClassCount[t]++;
    if (t === p) correct++;
  }
  const perClassAccuracy = perClassCount.map((n, c) => (n === 0 ? Number.NaN : confusion[c][c] / n));
  const count = labels.length;
  return { count, correct, accuracy: count === 0 ? Number.NaN : correct / count, perClassAccuracy, perClassCount, confusion };
}

export interface PredictionFlip {
  index: number;
  label: number;
  before: number;
  after: number;
}

/** Images whose predicted class differs between two runs over the same set (e.g. float vs DRQ). */
export function predictionFlips(before: ArrayLike<number>, after: ArrayLike<number>, labels: ArrayLike<number>): PredictionFlip[] {
  if (before.length !== after.length || before.length !== labels.length) {
    throw new Error(`predictionFlips: lengths differ (${before.length}, ${after.length}, ${labels.length} labels)`);
  }
  const flips: PredictionFlip[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (before[i] !== after[i]) flips.push({ index: i, label: labels[i], before: before[i], after: after[i] });
  }
  return flips;
}

/** Fraction of positions where two prediction lists agree (1 for two empty lists). */
export function agreement(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`agreement: lengths differ (${a.length} vs ${b.length})`);
  if (a.length === 0) return 1;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** The median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const s = [...values].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
