// Histogram of the Dense weights drawn on the int8 grid. The x axis is the code axis (−127..127,
// one unit per code): bars cover their bin's codes, a tick marks every grid point q·scale, and the
// picked weight is a line at w / scale. The SVG stretches to any width (preserveAspectRatio none,
// non-scaling strokes); labels are HTML placed by percentage so they stay readable on a phone.
// Keyboard: the chart is a slider over bins (←/→: previous/next non-empty bin, Enter: next weight in it).

import type { KeyboardEvent } from 'react';
import type { GridHistogram, WeightGrid } from '../../../core/learn/weight_grid';
import { binOfCode } from '../../../core/learn/weight_grid';
import { sig, whole } from './learn_format';

const CODES = 255;
const H = 100;
const LABEL_CODES = [-127, -96, -64, -32, 0, 32, 64, 96, 127];

const xOf = (code: number) => code + 127.5; // code → SVG x (0..255)
const pct = (code: number) => `${(xOf(code) / CODES) * 100}%`;

export function WeightHistogram({ grid, hist, picked, pickedOnGrid, onPickBin }: {
  grid: WeightGrid;
  hist: GridHistogram;
  picked: number;
  /** The picked weight divided by the scale: where it sits on the code axis. */
  pickedOnGrid: number;
  /** `next`: another weight of the same bin (Enter, or a click on the picked bar). */
  onPickBin: (bin: number) => void;
}) {
  const pickedCode = grid.q[picked];
  const pickedBin = binOfCode(pickedCode, hist.codesPerBin);
  const maxBin = binOfCode(grid.q[grid.absMaxIndex], hist.codesPerBin);
  const pickedX = xOf(Math.max(-127.5, Math.min(127.5, pickedOnGrid)));

  const step = (dir: 1 | -1) => {
    for (let b = pickedBin + dir; b >= 0 && b < hist.counts.length; b += dir) {
      if (hist.counts[b] > 0) return onPickBin(b);
    }
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') step(-1);
    else if (e.key === 'ArrowRight' || e.key === 'ArrowUp') step(1);
    else if (e.key === 'Enter' || e.key === ' ') onPickBin(pickedBin);
    else return;
    e.preventDefault();
  };

  return (
    <figure className="learn-hist">
      <div className="learn-hist-plot">
        <svg
          viewBox={`0 0 ${CODES} ${H}`} preserveAspectRatio="none" className="learn-hist-svg" tabIndex={0} role="slider"
          aria-label="Weight histogram: pick a bin with the arrow keys, Enter for the next weight in it"
          aria-valuemin={-127} aria-valuemax={127} aria-valuenow={pickedCode}
          aria-valuetext={`code ${pickedCode}, bin of ${hist.counts[pickedBin]} weights`}
          onKeyDown={onKey} data-testid="weight-histogram"
        >
          {Array.from(hist.counts, (count, b) => {
            if (count === 0) return null;
            const x = xOf(hist.firstCode[b]) - 0.5;
            const w = Math.min(hist.codesPerBin, 127 - hist.firstCode[b] + 1);
            const h = Math.max(1.5, (count / hist.maxCount) * (H - 8));
            const cls = b === pickedBin ? 'learn-bar picked' : b === maxBin ? 'learn-bar max' : 'learn-bar';
            // The visible bar, and a full-height transparent target so that short bars are easy to click.
            return (
              <g key={b}>
                <rect x={x} width={w} y={H - h} height={h} className={cls} />
                <rect x={x} width={w} y={0} height={H} className="learn-bar-hit" onClick={() => onPickBin(b)} data-bin={b}>
                  <title>{`codes ${hist.firstCode[b]}…${hist.firstCode[b] + w - 1}: ${whole(count)} weights`}</title>
                </rect>
              </g>
            );
          })}
          {Array.from({ length: CODES }, (_, k) => (
            <line key={k} x1={k + 0.5} x2={k + 0.5} y1={H} y2={H - 3} className="learn-grid-tick" vectorEffect="non-scaling-stroke" />
          ))}
          <line x1={pickedX} x2={pickedX} y1={0} y2={H} className="learn-picked-line" vectorEffect="non-scaling-stroke" />
        </svg>
        <span className={`learn-hist-note ${grid.q[grid.absMaxIndex] < 0 ? 'right' : 'left'}`} style={{ left: pct(grid.q[grid.absMaxIndex]) }} aria-hidden="true">
          {grid.q[grid.absMaxIndex] < 0 ? '← max|w|' : 'max|w| →'}
        </span>
      </div>
      <div className="learn-axis" aria-hidden="true">
        {LABEL_CODES.map((c) => (
          <span key={c} style={{ left: pct(c) }} className={c === -127 ? 'first' : c === 127 ? 'last' : undefined}>
            <b>{whole(c)}</b>
            <small>{sig(c * grid.scale, 3)}</small>
          </span>
        ))}
      </div>
      <figcaption className="small muted">
        {whole(grid.count)} weights in bins of {hist.codesPerBin} codes (tallest bin: {whole(hist.maxCount)}). Ticks along the bottom are
        the 255 grid points q·scale; upper labels are codes q, lower ones their values. Click a bar to pick a weight in it.
      </figcaption>
    </figure>
  );
}

