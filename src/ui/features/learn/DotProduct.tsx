// Step 5, second half: one output unit of the hybrid FULLY_CONNECTED worked through (int8 terms,
// the integer sum, the zero-point correction, the rescale), next to our interpreter's output for
// the same unit and the float model's.

import { useMemo } from 'react';
import { inputPosition, type HybridDense } from '../../../core/learn/dense_layer';
import { workUnit, type InputQuantization } from '../../../core/learn/walkthrough';
import { sig, whole } from './learn_format';
import type { FloatLesson } from './use_lesson';

export function DotProduct({ lesson, layer, input, unit, predicted, onUnit, drqOutput, floatOutput }: {
  lesson: FloatLesson;
  layer: HybridDense;
  input: InputQuantization;
  unit: number;
  predicted: number;
  onUnit: (u: number) => void;
  drqOutput: Float32Array;
  floatOutput: Float32Array;
}) {
  const w = useMemo(() => workUnit(layer, input, Math.min(unit, layer.units - 1)), [layer, input, unit]);
  const same = Object.is(w.output, drqOutput[w.unit]);
  const zp = input.zeroPoint;
  const where = (i: number) => {
    const p = inputPosition(lesson.dense, i);
    return p ? `r${p.row} c${p.col} ch${p.channel}` : '';
  };

  return (
    <>
      <h3>2. One output, in integers</h3>
      <div className="learn-units-pick" role="group" aria-label="Output unit">
        <span className="small">Output unit (digit):</span>
        {Array.from({ length: layer.units }, (_, u) => (
          <button key={u} type="button" className={`button small ${u === w.unit ? '' : 'secondary'}`} aria-pressed={u === w.unit} onClick={() => onUnit(u)}>
            {u}{u === predicted ? ' ★' : ''}
          </button>
        ))}
      </div>
      <p className="small muted">★ the digit the quantized model predicts. Row {w.unit} of the int8 weight is multiplied with the {whole(w.inDepth)} input codes; the largest of the {whole(w.nonZeroTerms)} non-zero terms:</p>
      <div className="table-wrap">
        <table className="data-table" data-testid="dot-terms">
          <thead><tr><th className="num">Input</th><th>Where</th><th className="num">x</th><th className="num">q</th><th className="num">q − zp</th><th className="num">w (int8)</th><th className="num">w · (q − zp)</th></tr></thead>
          <tbody>
            {w.topTerms.map((t) => (
              <tr key={t.input}>
                <td className="num">{whole(t.input)}</td><td className="small">{where(t.input)}</td>
                <td className="num">{sig(input.values[t.input], 5)}</td><td className="num">{whole(t.code)}</td><td className="num">{whole(t.shifted)}</td>
                <td className="num">{whole(t.weight)}</td><td className="num">{whole(t.product)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="learn-equation" data-testid="dot-sums">
        <div><span>Σ w · q (int8 × int8, summed exactly as int32)</span><b data-testid="dot-raw">{whole(w.raw)}</b></div>
        <div><span>Σ w (row sum, cached per unit) × zero point</span><b>{whole(w.rowSum)} × {whole(zp)} = {whole(w.correction)}</b></div>
        <div className="total"><span>dot = Σ w·q − row sum × zp = Σ w·(q − zp)</span><b data-testid="dot-value">{whole(w.dot)}</b></div>
      </div>
      <h3>3. Back to float</h3>
      <div className="learn-equation" data-testid="dot-rescale">
        <div><span>scale = input scale × weight scale{w.perChannel ? ` of unit ${w.unit}` : ' (one for the tensor)'}</span><b>{sig(w.inputScale, 7)} × {sig(w.weightScale, 7)} = {sig(w.combinedScale, 7)}</b></div>
        <div><span>dot × scale</span><b>{whole(w.dot)} × {sig(w.combinedScale, 7)} = {sig(w.scaled, 7)}</b></div>
        <div><span>+ bias</span><b>{sig(w.bias, 7)}</b></div>
        <div className="total"><span>output of unit {w.unit}{w.activation !== 'NONE' ? ` (after ${w.activation})` : ''}</span><b data-testid="worked-output" data-value={w.output}>{sig(w.output, 7)}</b></div>
        <div><span>our interpreter, DRQ model, unit {w.unit}</span><b data-testid="interpreter-output" data-value={drqOutput[w.unit]}>{sig(drqOutput[w.unit], 7)} {same ? '✓ same bits' : '✗ differs'}</b></div>
        <div><span>float model, unit {w.unit}</span><b data-testid="float-output" data-value={floatOutput[w.unit]}>{sig(floatOutput[w.unit], 7)} (DRQ − float = {sig(w.output - floatOutput[w.unit], 3)})</b></div>
      </div>
      <details className="learn-all-units">
        <summary>All {layer.units} outputs, DRQ vs float</summary>
        <div className="table-wrap">
          <table className="data-table" data-testid="all-units">
            <thead><tr><th>Unit</th><th className="num">DRQ</th><th className="num">float</th><th className="num">difference</th></tr></thead>
            <tbody>
              {Array.from(drqOutput, (v, u) => (
                <tr key={u}><td>{u}</td><td className="num">{sig(v, 6)}</td><td className="num">{sig(floatOutput[u], 6)}</td><td className="num">{sig(v - floatOutput[u], 3)}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
