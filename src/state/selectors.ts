// Selectors that shape store data for charts and tables. Pure functions of plain data.

import type { BatchPoint } from '../workers/train_api';
import type { EvalOutcome, MnistComparison, QuantizeReportView } from '../workers/lab_types';

export interface CurvePoint {
  /** Position in epochs (1.5 = half way through the second epoch). */
  epoch: number;
  loss: number;
  accuracy: number;
}

/**
 * Training curves with at most maxPoints points: consecutive batches are averaged into buckets
 * (1,875 batches an epoch would be noise at chart width; the mean is what a reader wants).
 */
export function curveData(points: readonly BatchPoint[], batchesPerEpoch: number, maxPoints = 300): CurvePoint[] {
  if (points.length === 0 || batchesPerEpoch <= 0) return [];
  const size = Math.max(1, Math.ceil(points.length / maxPoints));
  const out: CurvePoint[] = [];
  for (let start = 0; start < points.length; start += size) {
    const bucket = points.slice(start, start + size);
    let loss = 0, acc = 0;
    for (const p of bucket) { loss += p.loss; acc += p.accuracy; }
    const last = bucket[bucket.length - 1];
    out.push({ epoch: (last.step + 1) / batchesPerEpoch, loss: loss / bucket.length, accuracy: acc / bucket.length });
  }
  return out;
}

export interface PerClassRow {
  digit: string;
  a: number | null;
  b: number | null;
}

const evalOf = (o: EvalOutcome | undefined) => (o && o.ok ? o.eval : null);

/** Per-class accuracy of both models, one row per class (for a grouped bar chart). */
export function perClassData(c: MnistComparison | null): PerClassRow[] {
  if (!c) return [];
  const a = evalOf(c.a);
  const b = evalOf(c.b);
  const n = Math.max(a?.perClass.length ?? 0, b?.perClass.length ?? 0);
  return Array.from({ length: n }, (_, i) => ({
    digit: String(i),
    a: a && Number.isFinite(a.perClass[i]) ? a.perClass[i] : null,
    b: b && Number.isFinite(b.perClass[i]) ? b.perClass[i] : null,
  }));
}

export interface AccuracyDelta {
  a: number;
  b: number;
  /** b − a in percentage points. */
  points: number;
}

export function accuracyDelta(c: MnistComparison | null): AccuracyDelta | null {
  const a = evalOf(c?.a);
  const b = evalOf(c?.b);
  if (!a || !b) return null;
  return { a: a.accuracy, b: b.accuracy, points: (b.accuracy - a.accuracy) * 100 };
}

export interface TensorBytesRow {
  name: string;
  before: number;
  after: number;
}

/** The largest tensors by bytes before quantization (for the size chart), biggest first. */
export function largestTensors(r: QuantizeReportView | null, limit = 8): TensorBytesRow[] {
  if (!r) return [];
  return [...r.rows].sort((x, y) => y.bytesBefore - x.bytesBefore).slice(0, limit)
    .map((t) => ({ name: t.name || `tensor ${t.tensorIndex}`, before: t.bytesBefore, after: t.bytesAfter }));
}

/** Row-normalised confusion matrix (fraction of each true class), for cell shading. */
export function confusionShares(confusion: readonly (readonly number[])[]): number[][] {
  return confusion.map((row) => {
    const total = row.reduce((s, v) => s + v, 0);
    return row.map((v) => (total ? v / total : 0));
  });
}
