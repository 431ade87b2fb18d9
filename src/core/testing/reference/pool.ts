// Naive reference pools: for every output element, loop over the whole window and skip the taps
// that fall outside the image. Output size and padding from reference/conv.ts (TFLite's padding.h
// formulas, dilation 1).

import type { Activation, Padding } from '../../tflite/options';
import { refActivation, refOutAndPad } from './conv';

export interface RefPoolParams {
  padding: Padding;
  strideH: number; strideW: number;
  filterH: number; filterW: number;
  activation: Activation;
}

export function refPool(kind: 'max' | 'avg', input: Float32Array, shape: number[], p: RefPoolParams): { shape: number[]; data: Float32Array } {
  const [N, H, W, C] = shape;
  const [OH, pt] = refOutAndPad(p.padding, H, p.filterH, p.strideH, 1);
  const [OW, pl] = refOutAndPad(p.padding, W, p.filterW, p.strideW, 1);
  const out = new Float32Array(N * OH * OW * C);
  for (let n = 0; n < N; n++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        for (let c = 0; c < C; c++) {
          let acc = kind === 'max' ? -Infinity : 0;
          let count = 0;
          for (let ky = 0; ky < p.filterH; ky++) {
            for (let kx = 0; kx < p.filterW; kx++) {
              const iy = oy * p.strideH - pt + ky;
              const ix = ox * p.strideW - pl + kx;
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
              const v = input[((n * H + iy) * W + ix) * C + c];
              acc = kind === 'max' ? Math.max(acc, v) : acc + v;
              count++;
            }
          }
          out[((n * OH + oy) * OW + ox) * C + c] = refActivation(kind === 'max' ? acc : acc / count, p.activation);
        }
      }
    }
  }
  return { shape: [N, OH, OW, C], data: out };
}
