// Glue between the float CONV_2D / FULLY_CONNECTED / DEPTHWISE_CONV_2D / MAX_POOL_2D kernels and
// their SIMD loops (kernels.ts).
//
// The weights are packed once per node: filter rows [n, K] (TFLite's [outC, kH, kW, inC], or FC
// weights [units, in]) become [group][K][nPad] with nPad = the group's channel count rounded up
// to 4 (zeros in the padding lanes), so for each k the weights of all output channels are
// contiguous vectors. Bias is packed to [group][nPad] the same way.
//
// Wasm memory layout per call (bytes, each region 16-aligned):
//   koff: K i32 tap offsets | w: packed weights | bias | img: padded image [padH, padW, C] | out: [P, nPad]

import type { ConvGeometry } from '../kernels/conv_2d';
import type { DepthwiseGeometry } from '../kernels/depthwise_conv_2d';
import { align16, LANES, MAX_VECTORS, type SimdRuntime } from './kernels';

/** The builtin kernels' order (util/eigen_order.ts): depth block in bytes of the tap table, and
 *  whether the products alternate between two accumulators. */
export interface EigenArgs { kcBytes: number; split: boolean }

export interface PackedFilter {
  K: number;
  groups: number;
  /** Output channels per group, and that rounded up to a multiple of 4. */
  nPerGroup: number;
  nPad: number;
  w: Float32Array;
  bias: Float32Array;
}

/** Packs weights [groups·nPerGroup, K] (row-major) and bias (or zeros) as described above; packed
 *  row k holds filter-row position kOrder[k] (util/xnnpack_order.ts), or k without an order. */
export function packFilter(
  weights: Float32Array, bias: Float32Array | null, groups: number, nPerGroup: number, K: number, kOrder: Int32Array | null = null,
): PackedFilter {
  const nPad = Math.ceil(nPerGroup / LANES) * LANES;
  const w = new Float32Array(groups * K * nPad);
  const b = new Float32Array(groups * nPad);
  for (let g = 0; g < groups; g++) {
    for (let n = 0; n < nPerGroup; n++) {
      const row = (g * nPerGroup + n) * K;
      for (let k = 0; k < K; k++) w[(g * K + k) * nPad + n] = weights[row + (kOrder === null ? k : kOrder[k])];
      if (bias) b[g * nPad + n] = bias[g * nPerGroup + n];
    }
  }
  return { K, groups, nPerGroup, nPad, w, bias: b };
}

interface Layout { koff: number; w: number; bias: number; img: number; out: number; end: number }

function layout(pf: PackedFilter, imgFloats: number, outPixels: number): Layout {
  const koff = 0;
  const w = align16(pf.K * 4);
  const bias = align16(w + pf.w.length * 4);
  const img = align16(bias + pf.bias.length * 4);
  const out = align16(img + imgFloats * 4);
  return { koff, w, bias, img, out, end: out + outPixels * pf.nPad * 4 };
}

/** Runs the kernel over every channel block (≤ 16 channels per call) of one group. */
function runBlocks(
  rt: SimdRuntime, L: Layout, pf: PackedFilter, grp: number, rowStep: number, colStep: number, outH: number, outW: number,
  lo: number, hi: number, eigen?: EigenArgs, outOff = 0,
): void {
  const { K, nPad } = pf;
  for (let c0 = 0; c0 < nPad; c0 += LANES * MAX_VECTORS) {
    const nv = Math.min(MAX_VECTORS, (nPad - c0) / LANES);
    const args = [
      L.img, rowStep, colStep, outH, outW, L.koff, L.koff + K * 4,
      L.w + (grp * K * nPad + c0) * 4, nPad * 4, L.bias + (grp * nPad + c0) * 4, L.out + (outOff * nPad + c0) * 4, nPad * 4, lo, hi,
    ] as const;
    if (eigen) rt.convEigen[nv - 1](...args, eigen.kcBytes, eigen.split ? 1 : 0);
    else rt.conv[nv - 1](...args);
  }
}

/** Copies the [P, nPad] result of one group into out [P, outStride] at channel offset cOff. */
function copyOut(rt: SimdRuntime, L: Layout, pf: PackedFilter, P: number, out: Float32Array, base: number, outStride: number): void {
  const src = L.out / 4;
  const { nPad, nPerGroup } = pf;
  if (nPad === outStride && nPerGroup === nPad) {
    out.set(rt.f32.subarray(src, src + P * nPad), base);
    return;
  }
  const f = rt.f32;
  for (let p = 0; p < P; p++) {
    const s = src + p * nPad;
    const d = base + p * outStride;
    for (let n = 0; n < nPerGroup; n++) out[d + n] = f[s + n];
  }
}

/** CONV_2D float: input [batch, inH, inW, inC] → out [batch, outH, outW, outC]; `taps` is the
 *  summation order the filter was packed in (tapOrder). */
export function convSimd(
  rt: SimdRuntime, g: ConvGeometry, input: Float32Array, pf: PackedFilter, taps: Int32Array, out: Float32Array, lo: number, hi: number,
  eigen?: EigenArgs,
): void {
  const { inH, inW, inC, kH, kW, filterInC: C, outC, groups, outH, outW, strideH, strideW, dilationH, dilationW } = g;
  if (outH === 0 || outW === 0 || g.batch === 0) return;
  const padH = Math.max(g.padTop + inH, (outH - 1) * strideH + (kH - 1) * dilationH + 1);
  const padW = Math.max(g.padLeft + inW, (outW - 1) * strideW + (kW - 1) * dilationW + 1);
  const P = outH * outW;
  const L = layout(pf, padH * padW * C, P);
  rt.ensure(L.end);
  const f = rt.f32;
  const iv = rt.i32;
  let k = 0;
  for (const t of taps) {
    const ky = Math.floor(t / kW), kx = t % kW;
    for (let c = 0; c < C; c++) iv[L.koff / 4 + k++] = ((ky * dilationH * padW + kx * dilationW) * C + c) * 4;
  }
  f.set(pf.w, L.w / 4);
  f.set(pf.bias, L.bias / 4);
  f.fill(0, L.img / 4, L.img / 4 + padH * padW * C); // the border stays zero; the interior is rewritten per image
  const imgBase = L.img / 4;
  for (let b = 0; b < g.batch; b++) {
    for (let grp = 0; grp < groups; grp++) {
      const cOff = grp * C;
      for (let y = 0; y < inH; y++) {
        const dst = imgBase + ((y + g.padTop) * padW + g.padLeft) * C;
        const src = ((b * inH + y) * inW) * inC;
        if (C === inC) {
          f.set(input.subarray(src, src + inW * C), dst);
        } else {
          for (let x = 0; x < inW; x++) for (let c = 0; c < C; c++) f[dst + x * C + c] = input[src + x * inC + cOff + c];
        }
      }
      runBlocks(rt, L, pf, grp, strideH * padW * C * 4, strideW * C * 4, outH, outW, lo, hi, eigen);
      copyOut(rt, L, pf, P, out, b * P * outC + grp * pf.nPerGroup, outC);
    }
  }
}

/** Rows per FULLY_CONNECTED call: bounds the wasm memory an FC uses (memory never shrinks). */
const FC_ROWS = 256;

/** FULLY_CONNECTED float: x [rows, K] → out [rows, units], as a 1×1 "image" per row; with
 *  `eigen`, in the builtin kernels' order: rows come in items of rowsPerItem, and each item's
 *  first splitRows rows use the split accumulators. */
export function fullyConnectedSimd(
  rt: SimdRuntime, x: Float32Array, rows: number, pf: PackedFilter, out: Float32Array, lo: number, hi: number,
  eigen?: { kcBytes: number; rowsPerItem: number; splitRows: number },
): void {
  const K = pf.K;
  const band = Math.min(rows, FC_ROWS);
  if (band === 0) return;
  const L = layout(pf, band * K, band);
  rt.ensure(L.end);
  const f = rt.f32;
  const iv = rt.i32;
  for (let k = 0; k < K; k++) iv[L.koff / 4 + k] = k * 4;
  f.set(pf.w, L.w / 4);
  f.set(pf.bias, L.bias / 4);
  for (let r0 = 0; r0 < rows; r0 += band) {
    const n = Math.min(band, rows - r0);
    f.set(x.subarray(r0 * K, (r0 + n) * K), L.img / 4);
    if (!eigen) {
      runBlocks(rt, L, pf, 0, 0, K * 4, 1, n, lo, hi); // rows as one image row of n pixels: pairs share weights
    } else {
      // runs of rows with the same split flag, one kernel call each
      for (let a = 0; a < n;) {
        const inItem = (r0 + a) % eigen.rowsPerItem;
        const split = inItem < eigen.splitRows;
        const runEnd = Math.min(n, a + (split ? eigen.splitRows : eigen.rowsPerItem) - inItem);
        const run = { ...L, img: L.img + a * K * 4 };
        runBlocks(rt, run, pf, 0, 0, K * 4, 1, runEnd - a, lo, hi, { kcBytes: eigen.kcBytes, split }, a);
        a = runEnd;
      }
    }
    copyOut(rt, L, pf, n, out, r0 * pf.nPerGroup, pf.nPerGroup);
  }
}

/** Input floats per MAX_POOL_2D band: the images copied into wasm memory at once (1 MiB). */
const POOL_BAND_FLOATS = 1 << 18;

/** MAX_POOL_2D float with channels a multiple of 4, through wasm memory in bands of images. */
export function maxPoolSimd(
  rt: SimdRuntime, x: Float32Array, y: Float32Array,
  g: { batch: number; inH: number; inW: number; channels: number; outH: number; outW: number; padTop: number; padLeft: number },
  strideH: number, strideW: number, filterH: number, filterW: number, lo: number, hi: number,
): void {
  const inSize = g.inH * g.inW * g.channels;
  const outSize = g.outH * g.outW * g.channels;
  if (inSize === 0 || outSize === 0) return;
  const band = Math.max(1, Math.min(g.batch, Math.floor(POOL_BAND_FLOATS / inSize)));
  const outPtr = align16(band * inSize * 4);
  rt.ensure(outPtr + band * outSize * 4);
  const f = rt.f32;
  const c4 = g.channels / LANES;
  // The 2×2 stride-2 window without padding (2·out ≤ in holds for VALID) has its own loop.
  const twoByTwo = filterH === 2 && filterW === 2 && strideH === 2 && strideW === 2 && g.padTop === 0 && g.padLeft === 0 &&
    2 * g.outH <= g.inH && 2 * g.outW <= g.inW;
  for (let b0 = 0; b0 < g.batch; b0 += band) {
    const n = Math.min(band, g.batch - b0);
    f.set(x.subarray(b0 * inSize, (b0 + n) * inSize), 0);
    for (let i = 0; i < n; i++) {
      const inp = i * inSize * 4;
      const out = outPtr + i * outSize * 4;
      if (twoByTwo) rt.maxPool2x2(inp, g.inW, c4, g.outH, g.outW, out, lo, hi);
      else rt.maxPool(inp, g.inH, g.inW, c4, g.outH, g.outW, strideH, strideW, filterH, filterW, g.padTop, g.padLeft, out, lo, hi);
    }
    y.set(f.subarray(outPtr / 4, outPtr / 4 + n * outSize), b0 * outSize);
  }
}

/** DEPTHWISE_CONV_2D float with multiplier 1 and channels a multiple of 4 (filter [1, kH, kW, C]),
 *  summing the taps in the order `taps` (tapOrder). */
export function depthwiseSimd(
  rt: SimdRuntime, g: DepthwiseGeometry, x: Float32Array, filter: Float32Array, bias: Float32Array | null, taps: Int32Array,
  y: Float32Array, lo: number, hi: number,
): void {
  const { batch, inH, inW, inC: C, kH, kW, outH, outW, strideH, strideW, dilationH, dilationW } = g;
  if (outH === 0 || outW === 0 || batch === 0) return;
  const padH = Math.max(g.padTop + inH, (outH - 1) * strideH + (kH - 1) * dilationH + 1);
  const padW = Math.max(g.padLeft + inW, (outW - 1) * strideW + (kW - 1) * dilationW + 1);
  const T = kH * kW;
  const P = outH * outW;
  const koff = 0;
  const w = align16(T * 4);
  const b = align16(w + T * C * 4);
  const img = align16(b + C * 4);
  const out = align16(img + padH * padW * C * 4);
  rt.ensure(out + P * C * 4);
  const f = rt.f32;
  const iv = rt.i32;
  taps.forEach((t, i) => {
    const ky = Math.floor(t / kW), kx = t % kW;
    iv[koff / 4 + i] = (ky * dilationH * padW + kx * dilationW) * C * 4;
    f.set(filter.subarray(t * C, (t + 1) * C), w / 4 + i * C);
  });
  if (bias) f.set(bias, b / 4);
  else f.fill(0, b / 4, b / 4 + C);
  f.fill(0, img / 4, img / 4 + padH * padW * C);
  for (let n = 0; n < batch; n++) {
    for (let yy = 0; yy < inH; yy++) {
      const src = ((n * inH + yy) * inW) * C;
      f.set(x.subarray(src, src + inW * C), img / 4 + ((yy + g.padTop) * padW + g.padLeft) * C);
    }
    rt.depthwise(img, strideH * padW * C * 4, strideW * C * 4, outH, outW, C / LANES, koff, koff + T * 4, w, b, out, lo, hi);
    y.set(f.subarray(out / 4, out / 4 + P * C), n * P * C);
  }
}
