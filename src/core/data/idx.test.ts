import { describe, expect, it } from 'vitest';
import { IdxFormatError, parseIdx } from './idx';
import { imageSetFromIdx, sliceSet, toFloatPixels } from './mnist';
import { idxBytes as idx } from '../testing/idx_bytes';

describe('parseIdx', () => {
  it('reads big-endian dims and the data that follows', () => {
    const a = parseIdx(idx([2, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]));
    expect(a.dims).toEqual([2, 2, 3]);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('refuses bad magic, wrong type, truncation and extra bytes with a typed error naming the file', () => {
    expect(() => parseIdx(new Uint8Array([1, 0, 8, 1, 0, 0, 0, 0]), 'x.idx')).toThrow(/x\.idx: not an IDX/);
    expect(() => parseIdx(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 0]))).toThrow(IdxFormatError);
    expect(() => parseIdx(idx([3], [1, 2]))).toThrow(/need 3 data bytes, found 2/);
    expect(() => parseIdx(idx([1], [1, 2]))).toThrow(/need 1 data bytes, found 2/);
    expect(() => parseIdx(new Uint8Array([0, 0, 8, 3, 0]))).toThrow(/truncated header/);
    expect(() => parseIdx(new Uint8Array([0, 0]))).toThrow(/too short/);
  });
});

describe('imageSetFromIdx', () => {
  const images = idx([2, 2, 2], [0, 255, 51, 102, 1, 2, 3, 4]);
  it('pairs images with labels and scales pixels by 1/255', () => {
    const set = imageSetFromIdx(images, idx([2], [7, 3]));
    expect(set.count).toBe(2);
    expect([set.rows, set.cols]).toEqual([2, 2]);
    expect(Array.from(toFloatPixels(set, 0, 1))).toEqual([0, 1, Math.fround(0.2), Math.fround(0.4)]);
    expect(sliceSet(set, 1).labels).toEqual(new Uint8Array([7]));
  });
  it('refuses mismatched counts and labels outside 0..9', () => {
    expect(() => imageSetFromIdx(images, idx([3], [1, 2, 3]))).toThrow(/2 images but 3 labels/);
    expect(() => imageSetFromIdx(images, idx([2], [1, 12]))).toThrow(/label 12/);
  });
});
