// A close-up of the int8 grid around one value: the grid points q·scale near it, where the value
// sits (value / scale, between two points) and the point it rounds to. Used for a weight (step 1)
// and for an activation (step 5). HTML labels over a stretched SVG, as in WeightHistogram.

import { sig, whole } from './learn_format';

export function GridZoom({ onGrid, code, scale, zeroPoint = 0, qmin = -127, qmax = 127, label }: {
  /** value / scale + zeroPoint: the value's position on the code axis. */
  onGrid: number;
  code: number;
  scale: number;
  zeroPoint?: number;
  qmin?: number;
  qmax?: number;
  label: string;
}) {
  const lo = Math.max(qmin, Math.min(code, Math.floor(onGrid)) - 2);
  const hi = Math.min(qmax, Math.max(code, Math.ceil(onGrid)) + 2);
  const span = hi - lo + 1;
  const pct = (c: number) => `${((c - lo + 0.5) / span) * 100}%`;
  const codes = Array.from({ length: span }, (_, k) => lo + k);
  const at = Math.max(lo - 0.5, Math.min(hi + 0.5, onGrid));
  return (
    <figure className="learn-zoom" aria-label={label}>
      <div className="learn-zoom-plot">
        <svg viewBox={`0 0 ${span} 30`} preserveAspectRatio="none" aria-hidden="true">
          <line x1={0} x2={span} y1={15} y2={15} className="learn-zoom-axis" vectorEffect="non-scaling-stroke" />
          <line x1={at - lo + 0.5} x2={code - lo + 0.5} y1={8} y2={8} className="learn-zoom-arrow" vectorEffect="non-scaling-stroke" />
        </svg>
        {codes.map((c) => (
          <span key={c} className={c === code ? 'learn-zoom-point hit' : 'learn-zoom-point'} style={{ left: pct(c) }} />
        ))}
        <span className="learn-zoom-value" style={{ left: pct(at) }} title={`at ${sig(onGrid, 6)} on the code axis`} />
      </div>
      <div className="learn-zoom-labels" aria-hidden="true">
        {codes.map((c) => (
          <span key={c} style={{ left: pct(c) }} className={c === code ? 'hit' : undefined}>
            <b>{whole(c)}</b>
            <small>{sig((c - zeroPoint) * scale, 4)}</small>
          </span>
        ))}
      </div>
      <figcaption className="small muted">{label}</figcaption>
    </figure>
  );
}
