// Step 2: one scale for the whole Dense weight, or one per output unit; the error of each, per
// unit and overall; and what each converter generation writes for this very layer.

import { useEffect, useMemo, useState } from 'react';
import { compareGranularity } from '../../../core/learn/channels';
import { denseUnderPresets, type GenerationOutcome } from '../../../core/learn/generations';
import { PRESETS } from '../../../core/quantize/policy';
import { readBack } from '../../../core/learn/weight_grid';
import { formatByteCount, formatDb } from '../../format';
import { Message } from '../../components/Message';
import { sig, whole } from './learn_format';
import { usePickedWeight, type FloatLesson } from './use_lesson';

function useGenerations(lesson: FloatLesson): { rows: GenerationOutcome[] | null; error: string | null } {
  const [state, setState] = useState<{ id: string; rows: GenerationOutcome[] | null; error: string | null } | null>(null);
  useEffect(() => {
    let live = true;
    denseUnderPresets(lesson.model, lesson.fileBytes, lesson.dense.outputName).then(
      (rows) => { if (live) setState({ id: lesson.id, rows, error: null }); },
      (e: Error) => { if (live) setState({ id: lesson.id, rows: null, error: e.message }); },
    );
    return () => { live = false; };
  }, [lesson]);
  return state && state.id === lesson.id ? state : { rows: null, error: null };
}

export function ChannelStep({ lesson }: { lesson: FloatLesson }) {
  const d = lesson.dense;
  const c = useMemo(() => compareGranularity(d.weights, d.units, d.inDepth), [d]);
  const gens = useGenerations(lesson);
  const index = usePickedWeight(lesson);
  const unit = Math.floor(index / d.inDepth);
  const shared = readBack(d.weights, c.sharedQ, c.sharedScale, index);
  const own = readBack(d.weights, c.ownQ, c.ownScales[unit], index);
  const gain = c.own.sqnrDb - c.shared.sqnrDb;
  const narrowest = c.perUnit.reduce((a, b) => (b.absMax < a.absMax ? b : a));

  return (
    <div className="learn-step-body">
      <p>
        One scale for all {whole(d.weights.length)} weights must cover the largest one anywhere in the tensor. A unit whose own
        weights are smaller then uses only part of the codes: here unit {narrowest.unit} reaches at most ±{narrowest.codesUsedShared}{' '}
        of ±127. Giving every unit (row) its own scale, max|w<sub>unit</sub>| / 127, spends {d.units - 1} more float32 scales and
        gives every unit all 255 codes.
      </p>
      <p className="learn-summary" data-testid="granularity-summary">
        One scale: SQNR <b data-testid="sqnr-shared">{formatDb(c.shared.sqnrDb)}</b>, largest error {sig(c.shared.maxAbsError, 3)}.{' '}
        One per unit: SQNR <b data-testid="sqnr-own">{formatDb(c.own.sqnrDb)}</b> ({gain >= 0 ? '+' : '−'}{Math.abs(gain).toFixed(1)} dB), largest error {sig(c.own.maxAbsError, 3)}.
        The units' ranges differ by {c.rangeSpread.toFixed(1)}×.
      </p>
      <div className="table-wrap">
        <table className="data-table learn-units" data-testid="unit-table">
          <caption className="sr-only">Per output unit: range, scale, codes used and error, one scale vs one scale per unit</caption>
          <thead>
            <tr>
              <th>Unit</th><th className="num">max|w|</th><th>Codes reached with one scale</th><th className="num">Own scale</th>
              <th className="num">SQNR: one → own</th><th className="num">Largest error: one → own</th>
            </tr>
          </thead>
          <tbody>
            {c.perUnit.map((u) => (
              <tr key={u.unit} className={u.unit === unit ? 'picked' : undefined}>
                <td>{u.unit}</td>
                <td className="num">{sig(u.absMax, 4)}</td>
                <td className="nowrap"><span className="learn-meter" title={`±${u.codesUsedShared} of ±127`}><span style={{ width: `${(u.codesUsedShared / 127) * 100}%` }} /></span> ±{u.codesUsedShared}</td>
                <td className="num" data-value={u.ownScale}>{sig(u.ownScale, 5)}</td>
                <td className="num">{formatDb(u.shared.sqnrDb)} → {formatDb(u.own.sqnrDb)}</td>
                <td className="num">{sig(u.shared.maxAbsError, 3)} → {sig(u.own.maxAbsError, 3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="small" data-testid="picked-both-ways">
        The weight picked in step 1 (#{whole(index)}, unit {unit}, w = {sig(shared.value, 6)}): with one scale q = {whole(shared.q)}, error{' '}
        {sig(shared.error, 3)}; with its unit's scale q = {whole(own.q)}, error {sig(own.error, 3)}.
      </p>

      <h3>Why the converter changed its default</h3>
      <p>
        TensorFlow's converter wrote one scale for a FULLY_CONNECTED weight until TF 2.16 (per-tensor; TF 2.3–2.4 with symmetric
        input quantization, TF 2.9–2.16 asymmetric). Since about TF 2.17 it writes one per unit: the error above is why, and the
        price is a newer op version that older runtimes refuse. Here is what each generation writes for this layer (our quantizer,
        run now on this model with each preset):
      </p>
      {gens.error && <Message kind="error">{gens.error}</Message>}
      <div className="table-wrap">
        <table className="data-table" data-testid="generation-table">
          <thead>
            <tr><th>Converter</th><th className="num">FC version</th><th className="num">Scales</th><th>Inputs</th><th>min runtime in the file</th><th className="num">File</th></tr>
          </thead>
          <tbody>
            {(gens.rows ?? []).map((g) => (
              <tr key={g.preset} data-preset={g.preset}>
                <td>{g.title}</td>
                <td className="num">v{g.fcVersion}</td>
                <td className="num">{g.scaleCount}</td>
                <td>{g.asymmetricInputs ? 'asymmetric' : 'symmetric'}</td>
                <td>{g.minRuntime ?? '–'}{!PRESETS[g.preset].updatesMinRuntime && <small className="muted"> (this converter left it as it was)</small>}</td>
                <td className="num">{formatByteCount(g.fileBytes)}</td>
              </tr>
            ))}
            {!gens.rows && !gens.error && <tr><td colSpan={6} className="muted">Quantizing with each preset…</td></tr>}
          </tbody>
        </table>
      </div>
    </div>
  );
}
