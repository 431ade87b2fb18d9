import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PerClassRow } from '../../../state/selectors';

/** 0.975 → "97.5%", 0.98 → "98%". */
const pctTick = (v: number) => `${Number((v * 100).toFixed(1))}%`;

/** Per-digit accuracy of both models as grouped bars (the y axis starts near the lowest value). */
export function PerClassChart({ rows, names }: { rows: PerClassRow[]; names: { a: string; b: string } }) {
  if (rows.length === 0) return null;
  const values = rows.flatMap((r) => [r.a, r.b]).filter((v): v is number => v !== null);
  const low = values.length ? Math.max(0, Math.floor((Math.min(...values) - 0.02) * 50) / 50) : 0;
  return (
    <figure className="chart" aria-label="Accuracy per digit">
      <figcaption>Accuracy per digit</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid stroke="#e5e7eb" vertical={false} />
          <XAxis dataKey="digit" />
          <YAxis domain={[low, 1]} width={56} tickFormatter={pctTick} />
          <Tooltip formatter={(v) => `${(Number(v) * 100).toFixed(2)} %`} labelFormatter={(d) => `digit ${d}`} />
          <Legend itemSorter={null} />
          <Bar dataKey="a" name={names.a} fill="#1d4ed8" isAnimationActive={false} />
          <Bar dataKey="b" name={names.b} fill="#f59e0b" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
