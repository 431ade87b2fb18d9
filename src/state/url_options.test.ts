import { describe, expect, it } from 'vitest';
import { parseUrlOptions } from './url_options';

describe('parseUrlOptions', () => {
  it('reads a training subset and ignores nonsense', () => {
    expect(parseUrlOptions('?trainLimit=2000', false).trainLimit).toBe(2000);
    for (const bad of ['?trainLimit=0', '?trainLimit=-5', '?trainLimit=2e3', '?trainLimit=abc', '?trainLimit=60000', '']) {
      expect(parseUrlOptions(bad, false).trainLimit).toBeNull();
    }
  });

  it('honours a same-origin fixture path in dev builds only', () => {
    expect(parseUrlOptions('?fixture=/__fixtures__/m.tflite', true).fixture).toBe('/__fixtures__/m.tflite');
    expect(parseUrlOptions('?fixture=/__fixtures__/m.tflite', false).fixture).toBeNull();
    expect(parseUrlOptions('?fixture=https://example.com/m.tflite', true).fixture).toBeNull();
    expect(parseUrlOptions('?fixture=//example.com/m.tflite', true).fixture).toBeNull();
  });
});
