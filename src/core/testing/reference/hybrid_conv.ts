// Naive references for hybrid CONV_2D and DEPTHWISE_CONV_2D: TFLite's per-image input
// quantization (reference/hybrid.ts) and then one output element at a time over the in-bounds taps
// (no im2col), with the float steps of the kernel TFLite runs (DRQ reference §4.3, §4.4):
//   CONV per-tensor:   symmetric;  y = clamp(fr(fr(fr(acc) · fr(sf · ws)) + bias))
//   CONV per-channel:  asymmetric; y = clamp(fr(fr(fr(acc) · fr(ws[o] · sf)) + bias))
//   DEPTHWISE:         asymmetric; y = clamp(fr(fr(fr(fr(acc) · sf) · ws[o]) + bias))
// acc = Σ w · (q − zp) over the taps inside the image. Output size and padding come from
// reference/conv.ts (TFLite's padding.h formulas, independent of util/padding.ts).

import type { Activation } from '../../tflite/options';
import { refOutAndPad, type RefConvParams } from './conv';
import { refQuantize, type RefHybridWeights } from './hybrid';

const fr = Math.fround;
const FLT_MAX = 3.4028234663852886e38;

function clampRange(act: Activation): [number, number] {
  if (act === 'RELU') return [0, FLT_MAX];
  if (act === 'RELU6') return [0, 6];
  if (act === 'RELU_N1_TO_1') return [-1, 1];
  return [-FLT_MAX, FLT_MAX];
}

/** input [N,H,W,C], int8 filter [O,kH,kW,C]; perChannel picks TFLite's per-channel path. */
export function refHybridConv2d(
  input: Float32Array, inShape: number[], w: RefHybridWeights, fShape: number[], bias: Float32Array | null,
  perChannel: boolean, p: RefConvParams,
): { shape: number[]; data: Float32Array } {
  const [N, H, W, C] = inShape;
  const [O, KH, KW] = fShape;
  const [OH, pt] = refOutAndPad(p.padding, H, KH, p.strideH, p.dilationH);
  const [OW, pl] = refOutAndPad(p.padding, W, KW, p.strideW, p.dilationW);
  const [lo, hi] = clampRange(p.activation);
  const out = new Float32Array(N * OH * OW * O);
  for (let n = 0; n < N; n++) {
    const image = refQuantize(input.subarray(n * H * W * C, (n + 1) * H * W * C), perChannel);
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        for (let o = 0; o < O; o++) {
          let acc = 0;
          for (let ky = 0; ky < KH; ky++) {
            for (let kx = 0; kx < KW; kx++) {
              const iy = oy * p.strideH - pt + ky * p.dilationH;
              const ix = ox * p.strideW - pl + kx * p.dilationW;
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
              for (let c = 0; c < C; c++) {
                acc += w.q[((o * KH + ky) * KW + kx) * C + c] * (image.q[(iy * W + ix) * C + c] - image.zeroPoint);
              }
            }
          }
          const scale = perChannel ? fr(w.scales[o] * image.scale) : fr(image.scale * w.scales[0]);
          const v = fr(fr(fr(acc) * scale) + (bias ? bias[o] : 0));
          out[((n * OH + oy) * OW + ox) * O + o] = Math.min(hi, Math.max(lo, v));
        }
      }
    }
  }
  return { shape: [N, OH, OW, O], data: out };
}

/** input [N,H,W,C], int8 filter [1,kH,kW,C·M] with one scale per output channel. */
export function refHybridDepthwiseConv2d(
  input: Float32Array, inShape: number[], w: RefHybridWeights, fShape: number[], bias: Float32Array | null, p: RefConvParams,
): { shape: number[]; data: Float32Array } {
  const [N, H, W, C] = inShape;
  const [, KH, KW, O] = fShape;
  const M = O / C;
  const [OH, pt] = refOutAndPad(p.padding, H, KH, p.strideH, p.dilationH);
  const [OW, pl] = refOutAndPad(p.padding, W, KW, p.strideW, p.dilationW);
  const [lo, hi] = clampRange(p.activation);
  const out = new Float32Array(N * OH * OW * O);
  for (let n = 0; n < N; n++) {
    const image = refQuantize(input.subarray(n * H * W * C, (n + 1) * H * W * C), true);
    for (let oy = 0; oy < OH; oy++) {
      for (let ox = 0; ox < OW; ox++) {
        for (let o = 0; o < O; o++) {
          const c = Math.floor(o / M);
          let acc = 0;
          for (let ky = 0; ky < KH; ky++) {
            for (let kx = 0; kx < KW; kx++) {
              const iy = oy * p.strideH - pt + ky * p.dilationH;
              const ix = ox * p.strideW - pl + kx * p.dilationW;
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
              acc += w.q[(ky * KW + kx) * O + o] * (image.q[(iy * W + ix) * C + c] - image.zeroPoint);
            }
          }
          const v = fr(fr(fr(fr(acc) * image.scale) * w.scales[o]) + (bias ? bias[o] : 0));
          out[((n * OH + oy) * OW + ox) * O + o] = Math.min(hi, Math.max(lo, v));
        }
      }
    }
  }
  return { shape: [N, OH, OW, O], data: out };
}
