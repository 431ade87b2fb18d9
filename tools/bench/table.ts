// A plain-text table of bench rows, columns aligned.

import type { TableRow } from './types';

const num = (x: number, digits: number): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');

const COLUMNS: { head: string; cell(r: TableRow): string; right?: boolean }[] = [
  { head: 'section', cell: (r) => r.section },
  { head: 'engine', cell: (r) => r.engine },
  { head: 'model', cell: (r) => r.model },
  { head: 'images', cell: (r) => String(r.images), right: true },
  { head: 'ms total', cell: (r) => num(r.ms, 1), right: true },
  { head: 'cpu ms', cell: (r) => num(r.cpuMs, 1), right: true },
  { head: 'ms/image', cell: (r) => num(r.msPerImage, 4), right: true },
  { head: 'accuracy', cell: (r) => (Number.isFinite(r.accuracy) ? `${(r.accuracy * 100).toFixed(2)}%` : '–'), right: true },
];

export function printTable(rows: readonly TableRow[], print: (line: string) => void): void {
  const cells = rows.map((r) => COLUMNS.map((c) => c.cell(r)));
  const widths = COLUMNS.map((c, i) => Math.max(c.head.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) =>
    values.map((v, i) => (COLUMNS[i].right ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd();
  print(line(COLUMNS.map((c) => c.head)));
  print(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of cells) print(line(row));
}
