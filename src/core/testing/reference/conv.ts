// Naive reference convolutions: plain nested loops straight from the definitions, no im2col, no
// blocking. Used by the seeded sweeps to check the optimised kernels. Padding is recomputed here
// from TFLite's formulas (padding.h) on purpose, independently of util/padding.ts.

import type { Activation, Padding } from '../../tflite/options';

export interface RefConvParams {
  padding: Padding;
  strideH: number; strideW: number;
  dilationH: number; dilationW: number;
  activation: Activation;
}

export interface RefResult { shape: number[]; data: Float32Array }

/** [output size, padding before] of one spatial dimension (also used by the hybrid and pool references). */
export function refOutAndPad(padding: Padding, inSize: number, k: number, stride: number, dil: number): [number, number] {
  const eff = (k - 1) * dil + 1;
  const out = padding === 'SAME' ? Math.ceil(inSize / stride) : Math.floor((inSize - eff) / stride) + 1;
  const total = Math.max(0, (out - 1) * stride + eff - inSize);
  return [out, Math.floor(total / 2)];
}

export function refActivation(v: number, act: Activation): number {
  if (act === 'RELU') return Math.max(0, v);
  if (act === 'RELU6') return Math.min(6, Math.max(0, v));
  if (act === 'RELU_N1_TO_1') return Math.min(1, Math.max(-1, v));
  return v;
}

/** input [N,H,W,C], filter [O,kH,kW,I] with C = groups·I, bias [O] or null. */
export function refConv2d(
  input: Float32Array, inShape: number[], filter: Float32Array, fShape: number[], bias: Float32Array | null, p: RefConvParams,
): RefResult {
  const [N, H, W, C] = inShape;
  const [O, KH, KW, I] = fShape;
  const groups = C / I;
  const opg = O / groups;
  const [OH, pt] = refOutAndPad(p.padding, H, KH, p.strideH, p.dilationH);
  const [OW, pl] = refOutAndPad(p.padding, W, KW, p.strideW, p.dilationW);
  const out = new Float32Array(N * OH * OW * O);
  for (let n = 0; n < N; n++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        for (let o = 0; o < O; o++) {
          const g = Math.floor(o / opg);
          let sum = bias ? bias[o] : 0;
          for (let ky = 0; ky < KH; ky++) {
            for (let kx = 0; kx < KW; kx++) {
              const iy = oy * p.strideH - pt + ky * p.dilationH;
              const ix = ox * p.strideW - pl + kx * p.dilationW;
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
              for (let i = 0; i < I; i++) {
                const c = g * I + i;
                sum += input[((n * H + iy) * W + ix) * C + c] * filter[((o * KH + ky) * KW + kx) * I + i];
              }
            }
          }
          out[((n * OH + oy) * OW + ox) * O + o] = refActivation(sum, p.activation);
        }
      }
    }
  }
  return { shape: [N, OH, OW, O], data: out };
}

/** input [N,H,W,C], filter [1,kH,kW,C·M], bias [C·M] or null; output channel c·M + m reads input channel c. */
export function refDepthwiseConv2d(
  input: Float32Array, inShape: number[], filter: Float32Array, fShape: number[], bias: Float32Array | null, p: RefConvParams,
): RefResult {
  const [N, H, W, C] = inShape;
  const [, KH, KW, O] = fShape;
  const M = O / C;
  const [OH, pt] = refOutAndPad(p.padding, H, KH, p.strideH, p.dilationH);
  const [OW, pl] = refOutAndPad(p.padding, W, KW, p.strideW, p.dilationW);
  const out = new Float32Array(N * OH * OW * O);
  for (let n = 0; n < N; n++) {
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        for (let c = 0; c < C; c++) {
          for (let m = 0; m < M; m++) {
            const o = c * M + m;
            let sum = bias ? bias[o] : 0;
            for (let ky = 0; ky < KH; ky++) {
              for (let kx = 0; kx < KW; kx++) {
                const iy = oy * p.strideH - pt + ky * p.dilationH;
                const ix = ox * p.strideW - pl + kx * p.dilationW;
                if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                sum += input[((n * H + iy) * W + ix) * C + c] * filter[(ky * KW + kx) * O + o];
              }
            }
            out[((n * OH + oy) * OW + ox) * O + o] = refActivation(sum, p.activation);
          }
        }
      }
    }
  }
  return { shape: [N, OH, OW, O], data: out };
}
