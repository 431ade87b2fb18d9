// Naive references for the element-wise ops: textbook formulas, one element at a time.

export const refRelu = (x: number): number => (Number.isNaN(x) ? x : Math.max(0, x));
export const refRelu6 = (x: number): number => (Number.isNaN(x) ? x : Math.min(6, Math.max(0, x)));
export const refTanh = (x: number): number => Math.fround((Math.exp(2 * x) - 1) / (Math.exp(2 * x) + 1));
export const refLogistic = (x: number): number => Math.fround(1 / (1 + Math.exp(-x)));

/** IEEE 754 binary16 bits → value, straight from the definition. */
export function refHalfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}
