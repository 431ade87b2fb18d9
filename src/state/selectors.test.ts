import { describe, expect, it } from 'vitest';
import { accuracyDelta, confusionShares, curveData, largestTensors, perClassData } from './selectors';
import type { EvalView, MnistComparison, QuantizeReportView } from '../workers/lab_types';

const evalView = (accuracy: number, perClass: number[]): EvalView => ({
  count: 100, accuracy, perClass, confusion: [], msPerImage: 0.1, totalMs: 10, batchSize: 100, outputKind: 'logits',
});

describe('selectors', () => {
  it('curveData averages batches into at most maxPoints buckets, x in epochs', () => {
    const points = Array.from({ length: 10 }, (_, i) => ({ step: i, loss: i, accuracy: i / 10 }));
    const c = curveData(points, 5, 4); // buckets of 3: [0,1,2] [3,4,5] [6,7,8] [9]
    expect(c).toHaveLength(4);
    expect(c[0].epoch).toBe(3 / 5);
    expect(c[0].loss).toBe(1);
    expect(c[0].accuracy).toBeCloseTo(0.1, 12);
    expect(c[3]).toEqual({ epoch: 2, loss: 9, accuracy: 0.9 });
    expect(curveData([], 5)).toEqual([]);
    expect(curveData(points, 5, 300)).toHaveLength(10);
  });

  it('perClassData and accuracyDelta read both sides, and tolerate a failed side', () => {
    const c: MnistComparison = {
      a: { ok: true, eval: evalView(0.9, [1, 0.8]) }, b: { ok: true, eval: evalView(0.85, [0.9, Number.NaN]) },
      flips: [], flipCount: 0, agreement: 0.95,
    };
    expect(perClassData(c)).toEqual([{ digit: '0', a: 1, b: 0.9 }, { digit: '1', a: 0.8, b: null }]);
    expect(accuracyDelta(c)!.points).toBeCloseTo(-5, 10);
    const failed: MnistComparison = { ...c, b: { ok: false, error: 'x' } };
    expect(accuracyDelta(failed)).toBeNull();
    expect(perClassData(failed)[0]).toEqual({ digit: '0', a: 1, b: null });
    expect(perClassData(null)).toEqual([]);
  });

  it('largestTensors sorts by bytes before', () => {
    const row = (name: string, before: number) => ({
      tensorIndex: 0, name, shape: [], elements: 0, action: 'kept' as const, reason: '', dtypeBefore: 'float32',
      dtypeAfter: 'float32', bytesBefore: before, bytesAfter: before, axis: null, channels: 0, sqnrDb: null, scaleRange: null,
    });
    const r = { rows: [row('a', 10), row('b', 30), row('', 20)] } as unknown as QuantizeReportView;
    expect(largestTensors(r, 2).map((t) => t.name)).toEqual(['b', 'tensor 0']);
  });

  it('confusionShares normalises rows and leaves empty rows at 0', () => {
    expect(confusionShares([[3, 1], [0, 0]])).toEqual([[0.75, 0.25], [0, 0]]);
  });
});
