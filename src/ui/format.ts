// Number formatting used across the views (en-US grouping so figures read the same everywhere).

const int = new Intl.NumberFormat('en-US');

/** "84,528 B" below 10 KB, else "84.5 KB" / "2.78 MB" (1 KB = 1000 bytes, as file managers show). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (n < 10_000) return `${int.format(n)} B`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} KB`;
  return `${(n / 1_000_000).toFixed(2)} MB`;
}

/** Exact byte count: "84,528 bytes". */
export function formatByteCount(n: number): string {
  return `${int.format(n)} byte${n === 1 ? '' : 's'}`;
}

export function formatInt(n: number): string {
  return int.format(n);
}

/** 0.97123 → "97.12 %". */
export function formatPercent(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return `${(x * 100).toFixed(digits)} %`;
}

/** Milliseconds with sensible precision: "0.042 ms", "3.1 ms", "1,204 ms". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1) return `${ms.toFixed(3)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${int.format(Math.round(ms))} ms`;
}

export function formatSeconds(s: number): string {
  return Number.isFinite(s) ? `${s.toFixed(1)} s` : '–';
}

/** SQNR: "41.3 dB", "exact" for Infinity. */
export function formatDb(db: number | null): string {
  if (db === null) return '–';
  if (db === Infinity) return 'exact';
  return `${db.toFixed(1)} dB`;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Scales have a wide range: 3 significant digits in exponent form when small. */
export function formatScale(s: number): string {
  if (s === 0) return '0';
  return Math.abs(s) < 0.001 || Math.abs(s) >= 1000 ? s.toExponential(3) : s.toPrecision(4);
}
