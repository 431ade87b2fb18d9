import { describe, expect, it } from 'vitest';
import { centreOfMass, inkBox, inkFromRgba, preprocessDrawing, resampleBox, type InkImage } from './preprocess';

/** A blank width × height canvas with the given rectangles filled with ink (default 1). */
function canvas(width: number, height: number, rects: { x: number; y: number; w: number; h: number; v?: number }[]): InkImage {
  const ink = new Float32Array(width * height);
  for (const r of rects) {
    for (let y = r.y; y < r.y + r.h; y++) for (let x = r.x; x < r.x + r.w; x++) ink[y * width + x] = r.v ?? 1;
  }
  return { width, height, ink };
}

/** Rows and columns of the 28×28 output that hold any ink, as [first, last] inclusive. */
function extent(out: Float32Array): { rows: [number, number]; cols: [number, number] } {
  let r0 = 28, r1 = -1, c0 = 28, c1 = -1;
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) {
    if (out[y * 28 + x] > 0) { r0 = Math.min(r0, y); r1 = Math.max(r1, y); c0 = Math.min(c0, x); c1 = Math.max(c1, x); }
  }
  return { rows: [r0, r1], cols: [c0, c1] };
}

describe('preprocessDrawing (MNIST-style 28×28)', () => {
  it('returns null for an empty drawing', () => {
    expect(preprocessDrawing(canvas(280, 280, []))).toBeNull();
  });

  it('a filled square becomes a 20×20 block of ones centred in 28×28 (rows/cols 4..23)', () => {
    const out = preprocessDrawing(canvas(280, 280, [{ x: 30, y: 150, w: 100, h: 100 }]))!;
    expect(out).toHaveLength(784);
    expect(extent(out)).toEqual({ rows: [4, 23], cols: [4, 23] });
    for (let y = 4; y < 24; y++) for (let x = 4; x < 24; x++) expect(out[y * 28 + x]).toBeCloseTo(1, 6);
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(400, 4);
  });

  it('keeps the aspect ratio: a 40×80 rectangle fills 10×20, centred (cols 9..18, rows 4..23)', () => {
    const out = preprocessDrawing(canvas(200, 200, [{ x: 10, y: 10, w: 40, h: 80 }]))!;
    expect(extent(out)).toEqual({ rows: [4, 23], cols: [9, 18] });
  });

  it('a one-pixel-wide vertical line stays one column wide and 20 rows tall', () => {
    const out = preprocessDrawing(canvas(100, 100, [{ x: 50, y: 0, w: 1, h: 100 }]))!;
    // Its centre of mass is at x = 0.5; the shift 14 − 0.5 = 13.5 rounds up to 14 (a tie).
    expect(extent(out)).toEqual({ rows: [4, 23], cols: [14, 14] });
  });

  it('is translation invariant: the same shape anywhere on the canvas gives the same input', () => {
    const shape = (dx: number, dy: number) => canvas(280, 280, [
      { x: 20 + dx, y: 20 + dy, w: 60, h: 12 }, { x: 68 + dx, y: 20 + dy, w: 12, h: 90 },
    ]);
    const a = preprocessDrawing(shape(0, 0))!;
    const b = preprocessDrawing(shape(150, 130))!;
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('centres by centre of mass, not by the bounding box', () => {
    // An "L" with a heavy vertical bar on the left: the mass is left of the box centre, so the
    // box is pushed right of centre (the bbox centring would put its columns at 4..23).
    const out = preprocessDrawing(canvas(100, 100, [
      { x: 0, y: 0, w: 30, h: 100 }, { x: 30, y: 90, w: 70, h: 10 },
    ]))!;
    const com = centreOfMass(out, 28, 28)!;
    expect(Math.abs(com.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(com.y - 14)).toBeLessThanOrEqual(0.5);
    expect(extent(out).cols[0]).toBeGreaterThan(4);
  });

  it('anti-aliases by area averaging and scales grey levels so the darkest pixel is 1', () => {
    // Bars at x 0..5 and 95..100 make the box 100 wide, so the scale is 20/100 = 0.2 and each
    // output column averages 5 source columns. A 7-wide bar at x 40..47 covers output column 8
    // fully and 2/5 = 0.4 of column 9.
    const out = preprocessDrawing(canvas(100, 100, [
      { x: 0, y: 0, w: 5, h: 100 }, { x: 40, y: 0, w: 7, h: 100 }, { x: 95, y: 0, w: 5, h: 100 },
    ]))!;
    const row = Array.from(out.subarray(10 * 28, 11 * 28)).filter((v) => v > 0);
    expect(row.map((v) => Number(v.toFixed(5)))).toEqual([1, 1, 0.4, 1]);
    // Half-strength ink is stretched to the full 0..1 range.
    const faint = preprocessDrawing(canvas(50, 50, [{ x: 10, y: 10, w: 20, h: 20, v: 0.5 }]))!;
    expect(Math.max(...faint)).toBeCloseTo(1, 6);
    expect(Math.min(...faint)).toBe(0);
  });

  it('enlarges a tiny drawing to 20 px (a 2×2 dot becomes a 20×20 block)', () => {
    const out = preprocessDrawing(canvas(10, 10, [{ x: 3, y: 3, w: 2, h: 2 }]))!;
    expect(extent(out)).toEqual({ rows: [4, 23], cols: [4, 23] });
  });

  it('rejects inconsistent sizes with a RangeError naming them', () => {
    expect(() => preprocessDrawing({ width: 10, height: 10, ink: new Float32Array(99) })).toThrow(/10×10 image needs 100/);
    expect(() => preprocessDrawing({ width: 0, height: 10, ink: [] })).toThrow(RangeError);
  });
});

describe('helpers', () => {
  it('inkFromRgba reads the alpha channel', () => {
    const rgba = new Uint8ClampedArray([0, 0, 0, 255, 0, 0, 0, 0, 9, 9, 9, 51, 0, 0, 0, 0]);
    expect(Array.from(inkFromRgba(rgba, 2, 2).ink)).toEqual([1, 0, 0.2, 0].map((v) => Math.fround(v)));
    expect(() => inkFromRgba(rgba, 3, 2)).toThrow(/needs 24 bytes/);
  });

  it('inkBox finds the tight box (end exclusive)', () => {
    expect(inkBox(canvas(10, 8, [{ x: 2, y: 3, w: 4, h: 2 }]))).toEqual({ x0: 2, y0: 3, x1: 6, y1: 5 });
    expect(inkBox(canvas(10, 8, []))).toBeNull();
  });

  it('resampleBox averages areas: a 4×4 checker of 2×2 blocks halves to 2×2', () => {
    const img = canvas(4, 4, [{ x: 0, y: 0, w: 2, h: 2 }, { x: 2, y: 2, w: 2, h: 2, v: 0.5 }]);
    expect(Array.from(resampleBox(img, { x0: 0, y0: 0, x1: 4, y1: 4 }, 2, 2))).toEqual([1, 0, 0, 0.5]);
    // 3 → 2 columns: each output column covers 1.5 source columns.
    const row = { width: 3, height: 1, ink: [1, 0, 1] };
    const r = Array.from(resampleBox(row, { x0: 0, y0: 0, x1: 3, y1: 1 }, 2, 1));
    expect(r[0]).toBeCloseTo(2 / 3, 6);
    expect(r[1]).toBeCloseTo(2 / 3, 6);
  });

  it('centreOfMass uses pixel centres', () => {
    expect(centreOfMass([0, 0, 1, 0], 2, 2)).toEqual({ x: 0.5, y: 1.5 });
    expect(centreOfMass([0, 0, 0, 0], 2, 2)).toBeNull();
  });
});
