// JSON for committed goldens: objects indented one key a line, arrays of plain values on one line
// (shapes, seeds), so diffs after `npm run goldens` show which case changed.

export function stableJson(value: unknown): string {
  return `${format(value, '')}\n`;
}

function isPlain(v: unknown): boolean {
  return v === null || typeof v !== 'object';
}

function format(v: unknown, indent: string): string {
  if (isPlain(v)) return JSON.stringify(v) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every(isPlain) || v.every((x) => Array.isArray(x) && x.every(isPlain))) return JSON.stringify(v);
    return `[\n${v.map((x) => inner + format(x, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  if (entries.every(([, x]) => isPlain(x)) && entries.length <= 4) return JSON.stringify(Object.fromEntries(entries));
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${format(x, inner)}`).join(',\n')}\n${indent}}`;
}
