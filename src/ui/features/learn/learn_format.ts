// How the Learn view writes numbers. Weights, scales and errors span many decades, so they are
// shown with significant digits, not fixed decimals; e2e formats the values it computes with the
// same functions and compares the text.

const int = new Intl.NumberFormat('en-US');

/** `digits` significant digits without trailing zeros: 0.00245938, 63.5, −0.0123; exponent form below 1e-4. */
export function sig(x: number, digits = 6): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  const text = a >= 1e-4 && a < 1e7 ? String(Number(x.toPrecision(digits))) : x.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  return text.replace(/^-/, '−');
}

/** An integer with thousands separators and a real minus sign: −2,560. */
export function whole(n: number): string {
  return int.format(n).replace(/^-/, '−');
}

/** A signed integer: +5,090 / −2,560. */
export function signedWhole(n: number): string {
  return n > 0 ? `+${whole(n)}` : whole(n);
}

/** A difference in percentage points: +0.10 / −0.30. */
export function points(p: number, digits = 2): string {
  if (!Number.isFinite(p)) return '–';
  const t = Math.abs(p).toFixed(digits);
  return p > 0 ? `+${t}` : p < 0 && Number(t) !== 0 ? `−${t}` : t;
}

/** 3.597 → "3.60×". */
export function times(r: number): string {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : '–';
}
