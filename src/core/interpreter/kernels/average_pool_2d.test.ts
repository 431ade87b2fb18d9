import { describe, expect, it } from 'vitest';
import { checkOpGoldens } from '../../testing/golden_check';
import type { Kernel } from '../kernel';
import { averagePool2d } from './average_pool_2d';
import { poolOpts, runPool, sweepPool } from '../../testing/pool_cases';

const k = averagePool2d as Kernel<never>;

describe('AVERAGE_POOL_2D', () => {
  it('hand case from tflite pooling_test.cc: 2×2 stride 2 VALID', () => {
    const out = runPool(k, 'AVERAGE_POOL_2D', [1, 2, 4, 1], [0, 6, 2, 4, 3, 2, 10, 7], poolOpts());
    expect(Array.from(out.data as Float32Array)).toEqual([2.75, 5.75]);
  });
  it('SAME padding averages over the in-bounds taps only', () => {
    const out = runPool(k, 'AVERAGE_POOL_2D', [1, 3, 3, 1], [1, 2, 3, 4, 5, 6, 7, 8, 9], poolOpts({ padding: 'SAME', strideH: 1, strideW: 1 }));
    expect(Array.from(out.data as Float32Array)).toEqual([3, 4, 4.5, 6, 7, 7.5, 7.5, 8.5, 9]);
  });
  it('applies RELU_N1_TO_1 and keeps channels apart', () => {
    const out = runPool(k, 'AVERAGE_POOL_2D', [1, 2, 2, 2], [1, -4, 1, -4, 0.5, -4, 0.5, 0], poolOpts({ fusedActivation: 'RELU_N1_TO_1' }));
    expect(Array.from(out.data as Float32Array)).toEqual([0.75, -1]);
  });
  it('matches the naive reference on a seeded sweep', () => sweepPool(k, 'AVERAGE_POOL_2D', 'avg', 23));
  it('refuses a non-float input type', () => {
    expect(() => runPool(k, 'AVERAGE_POOL_2D', [1, 2, 2], [1, 2, 3, 4], poolOpts())).toThrow(/AVERAGE_POOL_2D \(node 0\): input must be 4-D/);
  });
});

describe('AVERAGE_POOL_2D vs the official runtime (goldens)', () => {
  it('every case equals the official outputs bit for bit (XNNPACK\'s window and global-average trees)', () => {
    expect(checkOpGoldens('AVERAGE_POOL_2D', 0).length).toBeGreaterThanOrEqual(11);
  });
});
