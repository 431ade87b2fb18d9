// Naive references for the data-movement ops (PAD, CONCATENATION, GATHER), MEAN and
// RESIZE_BILINEAR: one output element at a time, from its multi-index.

import { refUnravel } from './arith';

const prod = (s: readonly number[]): number => s.reduce((p, d) => p * d, 1);
const flat = (idx: readonly number[], shape: readonly number[]): number => idx.reduce((f, v, i) => f * shape[i] + v, 0);

export function refPad(x: ArrayLike<number>, shape: number[], pads: number[][], value = 0): { shape: number[]; data: number[] } {
  const outShape = shape.map((d, i) => pads[i][0] + d + pads[i][1]);
  const data: number[] = [];
  for (let f = 0; f < prod(outShape); f++) {
    const idx = refUnravel(f, outShape).map((v, i) => v - pads[i][0]);
    data.push(idx.every((v, i) => v >= 0 && v < shape[i]) ? x[flat(idx, shape)] : value);
  }
  return { shape: outShape, data };
}

export function refConcat(parts: { data: ArrayLike<number>; shape: number[] }[], axis: number): { shape: number[]; data: number[] } {
  const rank = parts[0].shape.length;
  const a = axis < 0 ? axis + rank : axis;
  const outShape = parts[0].shape.slice();
  outShape[a] = parts.reduce((s, p) => s + p.shape[a], 0);
  const data: number[] = [];
  for (let f = 0; f < prod(outShape); f++) {
    const idx = refUnravel(f, outShape);
    let k = 0;
    while (idx[a] >= parts[k].shape[a]) { idx[a] -= parts[k].shape[a]; k++; }
    data.push(parts[k].data[flat(idx, parts[k].shape)]);
  }
  return { shape: outShape, data };
}

export function refGather(
  params: ArrayLike<number>, pShape: number[], indices: ArrayLike<number>, iShape: number[], axis: number, batchDims: number,
): { shape: number[]; data: number[] } {
  const ax = axis < 0 ? axis + pShape.length : axis;
  const bd = batchDims < 0 ? batchDims + iShape.length : batchDims;
  const outShape = [...pShape.slice(0, ax), ...iShape.slice(bd), ...pShape.slice(ax + 1)];
  const data: number[] = [];
  for (let f = 0; f < prod(outShape); f++) {
    const idx = refUnravel(f, outShape);
    const before = idx.slice(0, ax); // includes the batch dims
    const coord = idx.slice(ax, ax + iShape.length - bd);
    const after = idx.slice(ax + iShape.length - bd);
    const which = indices[flat([...before.slice(0, bd), ...coord], iShape)];
    data.push(params[flat([...before, which, ...after], pShape)]);
  }
  return { shape: outShape, data };
}

export function refMean(x: ArrayLike<number>, shape: number[], axes: number[], keepDims: boolean): { shape: number[]; data: number[] } {
  const red = new Set(axes.map((a) => (a < 0 ? a + shape.length : a)));
  const keptShape = shape.map((d, i) => (red.has(i) ? 1 : d));
  const sums = new Array<number>(prod(keptShape)).fill(0);
  for (let f = 0; f < prod(shape); f++) {
    const idx = refUnravel(f, shape).map((v, i) => (red.has(i) ? 0 : v));
    sums[flat(idx, keptShape)] += x[f];
  }
  const count = shape.reduce((p, d, i) => (red.has(i) ? p * d : p), 1);
  const outShape = keepDims ? keptShape : shape.filter((_, i) => !red.has(i));
  return { shape: outShape, data: sums.map((s) => Math.fround(s / count)) };
}

/** TFLite's reference formula, evaluated with float32 rounding at every step. */
export function refResizeBilinear(
  x: ArrayLike<number>, shape: number[], outH: number, outW: number, alignCorners: boolean, halfPixel: boolean,
): { shape: number[]; data: number[] } {
  const f = Math.fround;
  const [n, h, w, c] = shape;
  const scale = (inS: number, outS: number): number => (alignCorners && outS > 1 ? f((inS - 1) / (outS - 1)) : f(inS / outS));
  const hs = scale(h, outH);
  const ws = scale(w, outW);
  const src = (v: number, s: number): number => (halfPixel ? f(f(f(v + 0.5) * s) - 0.5) : f(v * s));
  const data: number[] = [];
  for (let b = 0; b < n; b++) for (let y = 0; y < outH; y++) for (let xx = 0; xx < outW; xx++) for (let ch = 0; ch < c; ch++) {
    const iy = src(y, hs);
    const ix = src(xx, ws);
    const y0 = Math.max(Math.floor(iy), 0);
    const y1 = Math.min(Math.ceil(iy), h - 1);
    const x0 = Math.max(Math.floor(ix), 0);
    const x1 = Math.min(Math.ceil(ix), w - 1);
    const at = (yy: number, xv: number): number => x[((b * h + yy) * w + xv) * c + ch];
    const dy = f(iy - y0);
    const dx = f(ix - x0);
    let v = f(f(at(y0, x0) * f(1 - dy)) * f(1 - dx));
    v = f(v + f(f(at(y1, x0) * dy) * f(1 - dx)));
    v = f(v + f(f(at(y0, x1) * f(1 - dy)) * dx));
    v = f(v + f(f(at(y1, x1) * dy) * dx));
    data.push(f(v + 0));
  }
  return { shape: [n, outH, outW, c], data };
}
