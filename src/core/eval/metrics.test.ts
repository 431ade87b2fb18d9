import { describe, expect, it } from 'vitest';
import { agreement, argmaxAt, classMetrics, looksLikeProbabilities, median, predictionFlips, softmaxTop } from './metrics';

describe('argmaxAt', () => {
  it('finds the largest value in a row, first on ties, never NaN', () => {
    const s = [0, 5, 5, 1, /* row 2 */ Number.NaN, -3, -1, -2];
    expect(argmaxAt(s, 0, 4)).toBe(1);
    expect(argmaxAt(s, 4, 4)).toBe(2);
    expect(argmaxAt([Number.NaN, Number.NaN], 0, 2)).toBe(0);
  });
});

describe('looksLikeProbabilities / softmaxTop', () => {
  it('tells a softmax output from logits', () => {
    expect(looksLikeProbabilities([0.1, 0.9, 0.5, 0.5], 2, 2)).toBe(true);
    expect(looksLikeProbabilities([0.1, 0.8, 0.5, 0.5], 2, 2)).toBe(false); // row sums to 0.9
    expect(looksLikeProbabilities([2, -1], 1, 2)).toBe(false);
  });

  it('gives softmax of the top logit', () => {
    // softmax([0, ln 3]) = [1/4, 3/4]
    expect(softmaxTop([0, Math.log(3)], 0, 2, 1)).toBeCloseTo(0.75, 12);
    // large logits do not overflow (max is subtracted)
    expect(softmaxTop([1000, 1000], 0, 2, 0)).toBeCloseTo(0.5, 12);
  });
});

describe('classMetrics', () => {
  it('computes accuracy, per-class accuracy and the confusion matrix by hand', () => {
    const labels = [0, 0, 1, 1, 1, 2];
    const predicted = [0, 1, 1, 1, 2, 2];
    const m = classMetrics(predicted, labels, 3);
    expect(m.count).toBe(6);
    expect(m.correct).toBe(4);
    expect(m.accuracy).toBeCloseTo(4 / 6, 12);
    expect(m.confusion).toEqual([
      [1, 1, 0],
      [0, 2, 1],
      [0, 0, 1],
    ]);
    expect(m.perClassCount).toEqual([2, 3, 1]);
    expect(m.perClassAccuracy[0]).toBe(0.5);
    expect(m.perClassAccuracy[1]).toBeCloseTo(2 / 3, 12);
    expect(m.perClassAccuracy[2]).toBe(1);
  });

  it('marks a class without images as NaN and refuses out-of-range labels', () => {
    expect(classMetrics([0], [0], 2).perClassAccuracy[1]).toBeNaN();
    expect(() => classMetrics([0], [3], 2)).toThrow(/image 0 has label 3/);
    expect(() => classMetrics([0, 1], [0], 2)).toThrow(/2 predictions but 1 labels/);
  });
});

describe('predictionFlips / agreement / median', () => {
  it('lists images whose prediction changed', () => {
    expect(predictionFlips([1, 2, 3], [1, 0, 3], [1, 2, 4])).toEqual([{ index: 1, label: 2, before: 2, after: 0 }]);
    expect(agreement([1, 2, 3, 4], [1, 0, 3, 0])).toBe(0.5);
    expect(agreement([], [])).toBe(1);
  });

  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });
});
