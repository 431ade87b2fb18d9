// A drawn digit → the 28×28 input an MNIST model expects, made the way the MNIST digits were made
// (LeCun et al.: "size normalized to fit in a 20x20 pixel box while preserving their aspect ratio
// ... anti-aliasing ... centered in a 28x28 image by computing the center of mass of the pixels").
//
// Steps: bounding box of the ink → area-average resample so the longer side is 20 px (aspect kept)
// → place in 28×28 so the centre of mass sits at the centre (14, 14), shifted by whole pixels as
// the original did → scale grey levels so the darkest pixel is 1 (background 0).
//
// Pure: plain arrays in, a Float32Array out; no canvas, no DOM. Coordinates are continuous: pixel
// (x, y) covers [x, x+1) × [y, y+1), so its centre is (x + 0.5, y + 0.5).

export const MNIST_SIZE = 28;
export const MNIST_BOX = 20;

/** A single-channel picture of the drawing: ink in [0, 1] per pixel, row-major [height, width]. */
export interface InkImage {
  width: number;
  height: number;
  ink: ArrayLike<number>;
}

export interface Box {
  x0: number; // first column with ink
  y0: number; // first row with ink
  x1: number; // one past the last column with ink
  y1: number; // one past the last row with ink
}

function checkImage(img: InkImage): void {
  const { width, height, ink } = img;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`preprocess: image size ${width}×${height} is not a positive whole size`);
  }
  if (ink.length !== width * height) {
    throw new RangeError(`preprocess: ${width}×${height} image needs ${width * height} ink values, got ${ink.length}`);
  }
}

/** Ink from a canvas's RGBA bytes [height, width, 4]: the alpha channel (we draw opaque ink on a transparent canvas). */
export function inkFromRgba(rgba: ArrayLike<number>, width: number, height: number): InkImage {
  if (rgba.length !== width * height * 4) {
    throw new RangeError(`preprocess: ${width}×${height} RGBA image needs ${width * height * 4} bytes, got ${rgba.length}`);
  }
  const ink = new Float32Array(width * height);
  for (let i = 0; i < ink.length; i++) ink[i] = rgba[i * 4 + 3] / 255;
  return { width, height, ink };
}

/** The smallest box holding every pixel with ink > 0, or null for an empty drawing. */
export function inkBox(img: InkImage): Box | null {
  checkImage(img);
  const { width, height, ink } = img;
  let x0 = width, y0 = height, x1 = 0, y1 = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      if (ink[row + x] > 0) {
        if (x < x0) x0 = x;
        if (x >= x1) x1 = x + 1;
        if (y < y0) y0 = y;
        y1 = y + 1;
      }
    }
  }
  return x1 === 0 ? null : { x0, y0, x1, y1 };
}

/**
 * Area-average resample of one line: out[j] is the mean of src over the source interval
 * [start + j·step, start + (j+1)·step), counting partly covered pixels by their overlap.
 * This is the anti-aliasing a box filter gives; with step < 1 (enlarging) it copies pixels.
 */
function resampleLine(src: ArrayLike<number>, srcOffset: number, srcStride: number, start: number, step: number,
  out: Float32Array, outOffset: number, outStride: number, outCount: number): void {
  const end = start + step * outCount; // never read past the box, even with rounding error
  for (let j = 0; j < outCount; j++) {
    const a = start + j * step;
    const b = Math.min(a + step, end);
    let sum = 0;
    for (let i = Math.floor(a); i < b && i < Math.ceil(end - 1e-9); i++) {
      const overlap = Math.min(b, i + 1) - Math.max(a, i);
      if (overlap > 0) sum += overlap * src[srcOffset + i * srcStride];
    }
    out[outOffset + j * outStride] = sum / step;
  }
}

/** Resample the box of img to outW × outH by area averaging (separable: rows, then columns). */
export function resampleBox(img: InkImage, box: Box, outW: number, outH: number): Float32Array {
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  // Pass 1: each row of the box → outW columns. tmp is [bh, outW].
  const tmp = new Float32Array(bh * outW);
  for (let y = 0; y < bh; y++) {
    resampleLine(img.ink, (box.y0 + y) * img.width, 1, box.x0, bw / outW, tmp, y * outW, 1, outW);
  }
  // Pass 2: each column of tmp → outH rows. out is [outH, outW].
  const out = new Float32Array(outH * outW);
  for (let x = 0; x < outW; x++) resampleLine(tmp, x, outW, 0, bh / outH, out, x, outW, outH);
  return out;
}

/** Centre of mass in continuous coordinates (pixel centres at +0.5), or null when there is no ink. */
export function centreOfMass(ink: ArrayLike<number>, width: number, height: number): { x: number; y: number } | null {
  let mass = 0, mx = 0, my = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = ink[y * width + x];
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  return mass > 0 ? { x: mx / mass, y: my / mass } : null;
}

/**
 * The MNIST-style 28×28 input for a drawing: Float32Array of 784 grey levels in [0, 1], row-major
 * [28, 28], 0 = background, 1 = the darkest ink. Returns null when nothing is drawn.
 */
export function preprocessDrawing(img: InkImage): Float32Array | null {
  const box = inkBox(img);
  if (!box) return null;
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  const scale = MNIST_BOX / Math.max(bw, bh);
  const outW = Math.max(1, Math.min(MNIST_BOX, Math.round(bw * scale)));
  const outH = Math.max(1, Math.min(MNIST_BOX, Math.round(bh * scale)));
  const small = resampleBox(img, box, outW, outH);

  const com = centreOfMass(small, outW, outH);
  if (!com) return null; // ink values > 0 always leave mass; kept for type safety
  // Whole-pixel shift that brings the centre of mass to (14, 14).
  const dx = Math.round(MNIST_SIZE / 2 - com.x);
  const dy = Math.round(MNIST_SIZE / 2 - com.y);

  const out = new Float32Array(MNIST_SIZE * MNIST_SIZE);
  let max = 0;
  for (let y = 0; y < outH; y++) {
    const ty = y + dy;
    if (ty < 0 || ty >= MNIST_SIZE) continue; // a very lopsided digit may lose an edge, as in MNIST
    for (let x = 0; x < outW; x++) {
      const tx = x + dx;
      if (tx < 0 || tx >= MNIST_SIZE) continue;
      const v = small[y * outW + x];
      out[ty * MNIST_SIZE + tx] = v;
      if (v > max) max = v;
    }
  }
  if (max <= 0) return null;
  for (let i = 0; i < out.length; i++) out[i] = Math.min(1, out[i] / max);
  return out;
}
