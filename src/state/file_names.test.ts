import { describe, expect, it } from 'vitest';
import { baseName, quantizedFileName } from './file_names';

describe('file names', () => {
  it('names the DRQ and float16 twins after the original', () => {
    expect(quantizedFileName('mnist_cnn_float.tflite', { mode: 'int8', preset: 'tf2.21' })).toBe('mnist_cnn_drq_tf2.21.tflite');
    expect(quantizedFileName('mnist_cnn_float.tflite', { mode: 'float16', preset: 'tf2.21' })).toBe('mnist_cnn_float16.tflite');
    expect(quantizedFileName('model_fp32.tflite', { mode: 'int8', preset: 'tf2.4' })).toBe('model_drq_tf2.4.tflite');
    expect(quantizedFileName('vww.TFLITE', { mode: 'int8', preset: 'tf2.14' })).toBe('vww_drq_tf2.14.tflite');
  });

  it('keeps only a safe leaf name', () => {
    expect(baseName('C:\\x\\my model (1).tflite')).toBe('my_model_1_');
    expect(baseName('/a/b/.tflite')).toBe('model');
  });
});
