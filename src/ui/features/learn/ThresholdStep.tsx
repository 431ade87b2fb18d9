// Step 3: the converter's minimum weight size (1,024 elements). A slider moves the threshold over
// the values where something changes; the plan says what is quantized and why, the file is
// re-quantized here, and the lab worker re-evaluates it on the first LEARN_SUBSET test images.

import { useEffect, useMemo } from 'react';
import { quantizableWeights, thresholdOutcome, thresholdStops } from '../../../core/learn/threshold';
import { DEFAULT_MIN_ELEMENTS } from '../../../core/quantize/policy';
import { LEARN_SUBSET, learnRunKey, type SubsetRun } from '../../../state/slices/learn';
import { useStore } from '../../../state/store';
import { Message } from '../../components/Message';
import { ProgressBar } from '../../components/ProgressBar';
import { formatByteCount, formatPercent, formatShape } from '../../format';
import { points, times, whole } from './learn_format';
import { useLessonChoices, useQuantizedFile, type FloatLesson } from './use_lesson';

export function ThresholdStep({ lesson }: { lesson: FloatLesson }) {
  const choices = useLessonChoices();
  const { preset, perChannel } = choices;
  const weights = useMemo(() => quantizableWeights(lesson.model, { preset, perChannel }), [lesson, preset, perChannel]);
  const stops = useMemo(() => thresholdStops(weights), [weights]);
  const minElements = useStore((s) => s.learnMinElements);
  const setMin = useStore((s) => s.setLearnMinElements);
  const outcome = useMemo(() => thresholdOutcome(lesson.model, { preset, perChannel }, minElements, lesson.fileName), [lesson, preset, perChannel, minElements]);
  const file = useQuantizedFile(lesson, { preset, perChannel }, minElements, outcome.key);
  const runs = useStore((s) => s.learnRuns);
  const evaluate = useStore((s) => s.evaluateLearnFile);
  const floatKey = learnRunKey(lesson.id, preset, perChannel, 'none');
  const key = learnRunKey(lesson.id, preset, perChannel, outcome.key);

  useEffect(() => { void evaluate(floatKey, lesson.fileName, null, lesson.id); }, [evaluate, floatKey, lesson]);
  useEffect(() => {
    if (file.status === 'ready' && file.value) void evaluate(key, file.value.fileName, file.value.bytes);
  }, [evaluate, key, file]);

  const stopIndex = Math.max(0, stops.findLastIndex((s) => s <= minElements));
  // Marks under the slider: each weight's size (where it flips) and the converter's default.
  const marks = [...weights.map((w) => ({ value: w.elements, what: w.opName })), { value: DEFAULT_MIN_ELEMENTS, what: 'default' }]
    .filter((m, i, all) => stops.includes(m.value) && all.findIndex((x) => x.value === m.value) === i);
  const shortcuts = [
    { value: 0, what: 'quantize every weight' },
    ...weights.map((w) => ({ value: w.elements + 1, what: `keep the ${w.opName} weight float` })),
    { value: DEFAULT_MIN_ELEMENTS, what: "the converter's default" },
  ].sort((a, b) => a.value - b.value).filter((b, i, all) => all.findIndex((x) => x.value === b.value) === i);
  const size = file.status === 'ready' ? (file.value ? file.value.bytes.length : lesson.fileBytes) : null;
  const floatRun = runs[floatKey];
  const run = outcome.key === 'none' ? floatRun : runs[key];
  const kept = outcome.rows.filter((r) => !r.quantized);

  return (
    <div className="learn-step-body">
      <p>
        The converter quantizes a weight only if it has at least <code>minimum_elements_for_weights</code> elements, 1,024 by default;
        smaller ones stay float32 and their op stays a plain float op. A small weight saves little (3 bytes an element) while its op
        would have to quantize its input on the fly at every call.
      </p>
      <div className="learn-slider">
        <label htmlFor="learn-threshold">Minimum elements: <b data-testid="threshold-value">{whole(minElements)}</b>
          {minElements === DEFAULT_MIN_ELEMENTS && <span className="muted"> (the converter's default)</span>}</label>
        <input
          id="learn-threshold" type="range" min={0} max={stops.length - 1} step={1} value={stopIndex}
          aria-valuetext={`${whole(minElements)} elements`}
          onChange={(e) => setMin(stops[Number(e.target.value)])}
        />
        <div className="learn-slider-marks" aria-hidden="true">
          {marks.map((m) => (
            <span key={m.value} style={{ left: `${(stops.indexOf(m.value) / (stops.length - 1)) * 100}%` }} className={stops.indexOf(m.value) / (stops.length - 1) > 0.85 ? 'end' : undefined}>{whole(m.value)}<small className="muted">{m.what}</small></span>
          ))}
        </div>
        <div className="actions">
          <label className="inline small">Exact value
            <input type="number" min={0} step={1} value={minElements} aria-label="Minimum elements, exact"
              onChange={(e) => { if (/^\d+$/.test(e.target.value)) setMin(Number(e.target.value)); }} />
          </label>
          {shortcuts.map((b) => (
            <button key={b.value} type="button" className="button secondary small" aria-pressed={b.value === minElements} onClick={() => setMin(b.value)}>
              {whole(b.value)}: {b.what}
            </button>
          ))}
        </div>
      </div>

      <div className="table-wrap">
        <table className="data-table" data-testid="threshold-table">
          <thead><tr><th className="learn-name-col">Weight</th><th>Read by</th><th>Shape</th><th className="num">Elements</th><th>At this threshold</th></tr></thead>
          <tbody>
            {outcome.rows.map((r) => (
              <tr key={r.tensorIndex} className={r.quantized ? undefined : 'kept'} data-op={r.opName}>
                <td className="learn-name-col"><code>{r.name}</code></td>
                <td>{r.opName}</td>
                <td>{formatShape(r.shape)}</td>
                <td className="num">{whole(r.elements)}</td>
                <td><span className={`badge badge-${r.quantized ? 'int8' : 'kept'}`}>{r.quantized ? 'int8' : 'float32'}</span> {r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {kept.length > 0 && (
        <p className="small">
          Kept float here: {kept.map((r) => `${r.opName} weight (${whole(r.elements)} elements: quantizing it would save ${whole(r.elements * 3)} bytes, ${formatPercent((r.elements * 3) / lesson.fileBytes, 1)} of the float file)`).join('; ')}.
        </p>
      )}
      {outcome.refusal && <Message kind="note">{outcome.refusal} The file would be the float model itself.</Message>}

      <dl className="stats learn-results" data-testid="threshold-results">
        <div>
          <dt>File size</dt>
          <dd data-testid="threshold-size">{size === null ? '…' : formatByteCount(size)}<small>{size === null ? '' : `${times(lesson.fileBytes / size)} smaller than float (${formatByteCount(lesson.fileBytes)})`}</small></dd>
        </div>
        <div>
          <dt>Accuracy, this file</dt>
          <dd data-testid="threshold-accuracy">{accuracyText(run)}<small>{deltaText(run, floatRun)}</small></dd>
        </div>
        <div>
          <dt>Accuracy, float model</dt>
          <dd data-testid="threshold-float-accuracy">{accuracyText(floatRun)}<small>same images</small></dd>
        </div>
      </dl>
      {[run, floatRun].map((r, i) => r?.status === 'running' && r.progress && <ProgressBar key={i} fraction={r.progress.fraction} label={r.progress.label} />)}
      {[run, floatRun].map((r, i) => r?.status === 'error' && <Message key={i} kind="error" title="Evaluation failed">{r.error}</Message>)}
      {file.status === 'error' && <Message kind="error" title="Quantizing failed">{file.error}</Message>}
      <p className="small muted" data-testid="subset-note">
        Accuracy here is measured on the first {whole(LEARN_SUBSET)} of the 10,000 MNIST test images (one image = {(100 / LEARN_SUBSET).toFixed(1)} points),
        so that a new threshold answers in about a second; each distinct file is evaluated once. Quantize & compare uses all 10,000.
      </p>
    </div>
  );
}

function accuracyText(run: SubsetRun | undefined): string {
  if (!run || run.status === 'running') return '…';
  if (run.status === 'error') return '–';
  return run.outcome?.ok ? formatPercent(run.outcome.eval.accuracy) : '–';
}

function deltaText(run: SubsetRun | undefined, base: SubsetRun | undefined): string {
  const a = run?.outcome?.ok ? run.outcome.eval : null;
  const b = base?.outcome?.ok ? base.outcome.eval : null;
  if (!a || !b) return '';
  return `${points((a.accuracy - b.accuracy) * 100)} points vs float (${whole(Math.round(a.accuracy * a.count))} of ${whole(a.count)} right)`;
}
