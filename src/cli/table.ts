// Plain-text tables for human CLI output: columns padded to their widest cell, numbers
// right-aligned, two spaces between columns.

export type Cell = string | number;

export function formatTable(headers: string[], rows: Cell[][], indent = '  '): string[] {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const numeric = headers.map((_, c) => rows.length > 0 && rows.every((r) => typeof r[c] === 'number'));
  const line = (cells: Cell[]): string =>
    indent +
    cells
      .map((cell, c) => (numeric[c] ? String(cell).padStart(widths[c]!) : String(cell).padEnd(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}

/** 1234567 → "1,234,567". */
export const thousands = (n: number): string => n.toLocaleString('en-US');
