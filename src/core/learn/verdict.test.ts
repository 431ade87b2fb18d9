import { describe, expect, it } from 'vitest';
import { drqVerdict, timingSpread } from './verdict';

describe('drqVerdict', () => {
  it('hand case: ratios and differences of measured figures', () => {
    const v = drqVerdict({
      float: { fileBytes: 84000, accuracy: 0.9654, msPerImage: 0.4 },
      drq: { fileBytes: 24000, accuracy: 0.9651, msPerImage: 0.5 },
      images: 10000, agreement: 0.998,
    });
    expect(v.sizeRatio).toBe(3.5);
    expect(v.bytesSaved).toBe(60000);
    expect(v.accuracyDeltaPoints).toBeCloseTo(-0.03, 10);
    expect(v.pointsPerImage).toBe(0.01);
    expect(v.timeRatio).toBeCloseTo(1.25, 12);
    expect(v.faster).toBe(false);
  });

  it('faster when the DRQ time is lower; NaN rather than Infinity for missing figures', () => {
    const v = drqVerdict({ float: { fileBytes: 10, accuracy: 1, msPerImage: 2 }, drq: { fileBytes: 0, accuracy: 1, msPerImage: 1 }, images: 0, agreement: null });
    expect(v.faster).toBe(true);
    expect(Number.isNaN(v.sizeRatio)).toBe(true);
    expect(Number.isNaN(v.pointsPerImage)).toBe(true);
  });
});

describe('timingSpread', () => {
  it('ratios per round, median, and whether every round agrees', () => {
    const t = timingSpread([{ floatMs: 2, drqMs: 3 }, { floatMs: 1, drqMs: 1.2 }, { floatMs: 4, drqMs: 4.4 }])!;
    expect(t.ratios).toEqual([1.5, 1.2, 1.1]);
    expect([t.median, t.min, t.max, t.verdict]).toEqual([1.2, 1.1, 1.5, 'slower']);
    expect(timingSpread([{ floatMs: 2, drqMs: 1 }, { floatMs: 2, drqMs: 1.5 }])!).toMatchObject({ median: 0.625, verdict: 'faster' });
    expect(timingSpread([{ floatMs: 2, drqMs: 1 }, { floatMs: 1, drqMs: 2 }])!.verdict).toBe('mixed');
    expect(timingSpread([])).toBeNull();
    expect(timingSpread([{ floatMs: 0, drqMs: 1 }])).toBeNull();
  });
});
