import { useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { curveData } from '../../../state/selectors';
import { useStore } from '../../../state/store';

const fmtEpoch = (v: number) => v.toFixed(2);
/** Epoch ticks: 0, 0.25, 0.5 … without trailing zeros. */
const fmtTick = (v: number) => String(Number(v.toFixed(2)));

/** Live loss and accuracy per batch (bucket means), x axis in epochs. */
export function TrainCharts() {
  const points = useStore((s) => s.points);
  const perEpoch = useStore((s) => s.batchesPerEpoch);
  const epochs = useStore((s) => s.trainSettings.epochs);
  const data = useMemo(() => curveData(points, perEpoch), [points, perEpoch]);
  if (data.length === 0) return null;
  const domain: [number, number] = [0, Math.max(epochs, Math.ceil(data[data.length - 1].epoch))];
  return (
    <div className="chart-pair">
      <figure className="chart" aria-label="Training loss per batch">
        <figcaption>Loss (cross-entropy, batch mean)</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid stroke="#e5e7eb" />
            <XAxis dataKey="epoch" type="number" domain={domain} tickFormatter={fmtTick} label={{ value: 'epoch', position: 'insideBottomRight', offset: -4 }} />
            <YAxis domain={[0, 'auto']} width={52} />
            <Tooltip formatter={(v) => Number(v).toFixed(4)} labelFormatter={(v) => `epoch ${fmtEpoch(Number(v))}`} />
            <Line type="monotone" dataKey="loss" stroke="#1d4ed8" dot={false} isAnimationActive={false} strokeWidth={2} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart" aria-label="Training accuracy per batch">
        <figcaption>Accuracy on training batches</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid stroke="#e5e7eb" />
            <XAxis dataKey="epoch" type="number" domain={domain} tickFormatter={fmtTick} label={{ value: 'epoch', position: 'insideBottomRight', offset: -4 }} />
            <YAxis domain={[0, 1]} width={52} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} />
            <Tooltip formatter={(v) => `${(Number(v) * 100).toFixed(1)} %`} labelFormatter={(v) => `epoch ${fmtEpoch(Number(v))}`} />
            <Line type="monotone" dataKey="accuracy" stroke="#059669" dot={false} isAnimationActive={false} strokeWidth={2} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}
