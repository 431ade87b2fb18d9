// Step 1: the Dense layer's float weights on the int8 grid, one scale for the tensor
// (scale = max|w| / 127), and one picked weight read back: float → int8 code → float, and its error.

import { useMemo } from 'react';
import { inputPosition, type FloatDense } from '../../../core/learn/dense_layer';
import { codesCovering, gridHistogram, nextIndexInBin, readBack } from '../../../core/learn/weight_grid';
import { useStore } from '../../../state/store';
import { formatDb } from '../../format';
import { GridZoom } from './GridZoom';
import { sig, whole } from './learn_format';
import { denseGrid, usePickedWeight, type FloatLesson } from './use_lesson';
import { WeightHistogram } from './WeightHistogram';

/** Codes per histogram bin: 255 codes → 85 bars. */
const CODES_PER_BIN = 3;

export function WeightStep({ lesson }: { lesson: FloatLesson }) {
  const d = lesson.dense;
  const grid = denseGrid(d);
  const hist = useMemo(() => gridHistogram(grid, CODES_PER_BIN), [grid]);
  const covering = useMemo(() => codesCovering(grid, 0.9), [grid]);
  const pick = useStore((s) => s.pickLearnWeight);
  const index = usePickedWeight(lesson);
  const r = readBack(d.weights, grid.q, grid.scale, index);
  const go = (i: number) => pick(((i % grid.count) + grid.count) % grid.count);

  return (
    <div className="learn-step-body">
      <p>
        The Dense layer <code>{d.weightName}</code> holds {whole(grid.count)} float32 weights, shape [{d.units}, {d.inDepth}]: one row of{' '}
        {whole(d.inDepth)} per output unit. Dynamic range quantization stores each weight as an 8-bit code q from −127 to 127 and
        keeps one float scale, so that q · scale is close to the weight. The largest magnitude decides the scale: it must land on
        code ±127.
      </p>
      <div className="learn-formula" data-testid="scale-formula">
        <div><span>max|w|</span> = <b data-testid="abs-max" data-value={grid.absMax}>{sig(grid.absMax, 9)}</b>{' '}
          <button type="button" className="link-button small" onClick={() => pick(grid.absMaxIndex)}>weight #{whole(grid.absMaxIndex)}</button></div>
        <div><span>scale</span> = max|w| / 127 = {sig(grid.absMax, 9)} / 127 = <b data-testid="scale-formula-value" data-value={grid.scaleFormula}>{sig(grid.scaleFormula, 9)}</b></div>
        <div><span>stored</span> as float32: <b data-testid="scale-stored" data-value={grid.scale}>{sig(grid.scale, 9)}</b>
          <small> (one scale for the tensor; SQNR over all weights {formatDb(grid.sqnrDb)})</small></div>
      </div>

      <WeightHistogram grid={grid} hist={hist} picked={index} pickedOnGrid={r.onGrid} onPickBin={(b) => go(nextIndexInBin(grid, hist, b, index))} />
      <p className="small" data-testid="codes-covering">
        {Math.round((grid.q.filter((q) => Math.abs(q) <= covering).length / grid.count) * 100)} % of the weights lie within ±{covering} codes:
        a few large weights set a scale that most weights do not need, so most of the 255 codes stay unused. (Step 2 shows one remedy.)
      </p>

      <div className="learn-picker" role="group" aria-label="Pick a weight">
        <button type="button" className="button secondary small" onClick={() => go(index - 1)}>◀ Previous weight</button>
        <label className="inline">
          Weight #
          <input
            type="number" min={0} max={grid.count - 1} step={1} value={index} aria-label="Weight index"
            onChange={(e) => { const n = Number(e.target.value); if (Number.isInteger(n) && n >= 0 && n < grid.count) pick(n); }}
          />
        </label>
        <button type="button" className="button secondary small" onClick={() => go(index + 1)}>Next weight ▶</button>
      </div>

      <div className="learn-two">
        <dl className="facts learn-readback" data-testid="weight-readback">
          <div className="fact"><dt>Weight</dt><dd>#{whole(index)}: {describeWeight(d, index)}</dd></div>
          <div className="fact"><dt>float32 w</dt><dd data-testid="pick-value" data-value={r.value}>{sig(r.value, 9)}</dd></div>
          <div className="fact"><dt>w / scale</dt><dd>{sig(r.onGrid, 6)} → rounds to <b data-testid="pick-q" data-value={r.q}>{whole(r.q)}</b></dd></div>
          <div className="fact"><dt>back to float</dt><dd>q · scale = {whole(r.q)} × {sig(grid.scale, 6)} = <span data-testid="pick-dequantized" data-value={r.dequantized}>{sig(r.dequantized, 9)}</span></dd></div>
          <div className="fact"><dt>error</dt><dd data-testid="pick-error">{sig(r.error, 4)} ({sig(r.errorInSteps, 3)} of a step; never more than ½ step = {sig(grid.scale / 2, 4)})</dd></div>
        </dl>
        <GridZoom onGrid={r.onGrid} code={r.q} scale={grid.scale} label="The grid near this weight: dots are codes (value below); the orange mark is the weight, the line shows where it rounds to." />
      </div>
    </div>
  );
}

function describeWeight(d: FloatDense, index: number): string {
  const unit = Math.floor(index / d.inDepth);
  const input = index % d.inDepth;
  const at = inputPosition(d, input);
  const where = at ? ` (pooled map row ${at.row}, column ${at.col}, channel ${at.channel})` : '';
  return `unit ${unit}, input ${whole(input)}${where}`;
}
