// On-the-fly int8 quantization of float activations, as TFLite's hybrid (dynamic-range) kernels do
// it before their integer matrix product (LiteRT tflite/kernels/internal/reference/
// portable_tensor_utils.cc: PortableAsymmetricQuantizeFloats, PortableSymmetricQuantizeFloats;
// portable_tensor_utils.h: BatchQuantizeFloats). x86 and WebAssembly builds run these portable
// versions (the NEON variant rounds differently at ties; see the DRQ reference §4.1).
//
// Every float32 step is emulated with Math.fround in TFLite's order, so q, scale and zero point are
// bit-identical to the runtime's. Rounding is TfLiteRound = roundf: half away from zero.
//
//   asymmetric (one row): rmin = min(0, min x), rmax = max(0, max x) (as doubles)
//     all zero → q = 0, scale 1, zero point 0
//     scale_d = (rmax − rmin) / 255; zero point from the end with the smaller error, nudged into
//     [−128, 127]; scale = float(scale_d); inv = float(1 / scale)
//     q = clamp(round(float(zp + float(x · inv))), −128, 127)           real x ≈ scale · (q − zp)
//   symmetric (one row): range = max(|min x|, |max x|) (float)
//     range 0 → q = 0, scale 1
//     scale = float(range / 127); inv = float(127 / range)
//     q = clamp(round(float(x · inv)), −127, 127), zero point 0           real x ≈ scale · q
//
// These are pure functions over typed arrays: kernels call quantizeRows on whole batches into
// reused buffers; the Learn view can call quantizeInput on a toy vector and show the same numbers.

const fr = Math.fround;

/** roundf: round half away from zero (exact for any float32 or double argument). */
export function roundHalfAwayFromZero(v: number): number {
  return v >= 0 ? Math.floor(v + 0.5) : -Math.floor(0.5 - v);
}

/**
 * Asymmetric row parameters from the row's min(0, min x) and max(0, max x): writes the scaling
 * factor, zero point and float32 inverse scale at `row`. Returns false for an all-zero row (lo = hi:
 * q = 0, scale 1, zero point 0, and inv is set to 0).
 */
export function asymmetricParams(
  lo: number, hi: number, scales: Float32Array, zeroPoints: Int32Array, invs: Float32Array | null, row: number,
): boolean {
  if (lo === hi) {
    scales[row] = 1;
    zeroPoints[row] = 0;
    if (invs) invs[row] = 0;
    return false;
  }
  // Doubles, exactly as the C++ (qmin −128, qmax 127).
  const scaleD = (hi - lo) / 255;
  const zpFromMin = -128 - lo / scaleD;
  const zpFromMax = 127 - hi / scaleD;
  const errFromMin = 128 + Math.abs(lo / scaleD);
  const errFromMax = 127 + Math.abs(hi / scaleD);
  const zpD = errFromMin < errFromMax ? zpFromMin : zpFromMax;
  const scale = fr(scaleD);
  scales[row] = scale;
  zeroPoints[row] = zpD <= -128 ? -128 : zpD >= 127 ? 127 : roundHalfAwayFromZero(zpD);
  if (invs) invs[row] = fr(1 / scale);
  return true;
}

/**
 * Quantizes x[xOff, xOff + n) asymmetrically into q[qOff, qOff + n).
 * Writes the row's scaling factor to scales[row] and its zero point to zeroPoints[row].
 */
export function asymmetricQuantizeRow(
  x: Float32Array, xOff: number, n: number, q: Int8Array, qOff: number,
  scales: Float32Array, zeroPoints: Int32Array, row: number,
): void {
  let lo = 0; // min(0, min x)
  let hi = 0; // max(0, max x)
  for (let i = xOff; i < xOff + n; i++) {
    const v = x[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!asymmetricParams(lo, hi, scales, zeroPoints, null, row)) {
    q.fill(0, qOff, qOff + n);
    return;
  }
  const zp = zeroPoints[row];
  const inv = fr(1 / scales[row]);
  for (let i = 0; i < n; i++) {
    const v = fr(zp + fr(x[xOff + i] * inv));
    const r = v >= 0 ? Math.floor(v + 0.5) : -Math.floor(0.5 - v);
    q[qOff + i] = r < -128 ? -128 : r > 127 ? 127 : r;
  }
}

/**
 * Symmetric row parameters from the row's min and max: writes the scaling factor, zero point 0 and
 * the float32 inverse scale 127 / range at `row`. Returns false when the range is 0 (q = 0, scale 1).
 */
export function symmetricParams(
  lo: number, hi: number, scales: Float32Array, zeroPoints: Int32Array | null, invs: Float32Array | null, row: number,
): boolean {
  if (zeroPoints) zeroPoints[row] = 0;
  const range = Math.max(Math.abs(lo), Math.abs(hi));
  if (range === 0) {
    scales[row] = 1;
    if (invs) invs[row] = 0;
    return false;
  }
  scales[row] = fr(range / 127);
  if (invs) invs[row] = fr(127 / range);
  return true;
}

/**
 * Quantizes x[xOff, xOff + n) symmetrically into q[qOff, qOff + n) (zero point 0).
 * Writes the row's scaling factor to scales[row] and 0 to zeroPoints[row] when given.
 */
export function symmetricQuantizeRow(
  x: Float32Array, xOff: number, n: number, q: Int8Array, qOff: number,
  scales: Float32Array, zeroPoints: Int32Array | null, row: number,
): void {
  let lo = n > 0 ? x[xOff] : 0;
  let hi = lo;
  for (let i = xOff + 1; i < xOff + n; i++) {
    const v = x[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (n === 0 || !symmetricParams(lo, hi, scales, zeroPoints, null, row)) {
    q.fill(0, qOff, qOff + n);
    return;
  }
  const inv = fr(127 / Math.max(Math.abs(lo), Math.abs(hi)));
  for (let i = 0; i < n; i++) {
    const v = fr(x[xOff + i] * inv);
    const r = v >= 0 ? Math.floor(v + 0.5) : -Math.floor(0.5 - v);
    q[qOff + i] = r < -127 ? -127 : r > 127 ? 127 : r;
  }
}

/**
 * BatchQuantizeFloats: `rows` consecutive rows of `n` values each, one scale (and zero point) per
 * row. Symmetric rows get zero point 0.
 */
export function quantizeRows(
  x: Float32Array, xOff: number, rows: number, n: number, asymmetric: boolean,
  q: Int8Array, scales: Float32Array, zeroPoints: Int32Array,
): void {
  for (let r = 0; r < rows; r++) {
    if (asymmetric) asymmetricQuantizeRow(x, xOff + r * n, n, q, r * n, scales, zeroPoints, r);
    else symmetricQuantizeRow(x, xOff + r * n, n, q, r * n, scales, zeroPoints, r);
  }
}

/** One vector quantized, with its parameters: real value ≈ scale · (q − zeroPoint). */
export interface QuantizedInput {
  q: Int8Array;
  scale: number;
  zeroPoint: number;
}

/** Quantizes one vector the way a hybrid kernel quantizes one batch row (or image). */
export function quantizeInput(values: ArrayLike<number>, asymmetric: boolean): QuantizedInput {
  const x = Float32Array.from(values);
  const q = new Int8Array(x.length);
  const scales = new Float32Array(1);
  const zeroPoints = new Int32Array(1);
  if (asymmetric) asymmetricQuantizeRow(x, 0, x.length, q, 0, scales, zeroPoints, 0);
  else symmetricQuantizeRow(x, 0, x.length, q, 0, scales, zeroPoints, 0);
  return { q, scale: scales[0], zeroPoint: zeroPoints[0] };
}
