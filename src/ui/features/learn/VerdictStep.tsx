// Step 6: when DRQ helps and when it does not. The figures are the app's own measurements (Quantize
// & compare: both files over the 10,000 test images in the lab worker, on this machine) and where
// the model's arithmetic is (multiply-adds per op, from the files' shapes).

import { useEffect, useMemo } from 'react';
import { int8MacShare, opCosts } from '../../../core/learn/costs';
import { drqVerdict, timingSpread } from '../../../core/learn/verdict';
import { LEARN_SUBSET, TIMING_ROUNDS } from '../../../state/slices/learn';
import { readModel } from '../../../core/tflite/reader';
import { hasModel, modelFile } from '../../../state/model_registry';
import { useStore } from '../../../state/store';
import { Message } from '../../components/Message';
import { ProgressBar } from '../../components/ProgressBar';
import { formatByteCount, formatMs, formatPercent } from '../../format';
import { points, times, whole } from './learn_format';
import type { FloatLesson } from './use_lesson';

export function VerdictStep({ lesson }: { lesson: FloatLesson }) {
  const drqId = useStore((s) => s.roles.trainedDrq);
  const report = useStore((s) => s.report);
  const comparison = useStore((s) => s.comparison);
  const status = useStore((s) => s.compareStatus);
  const progress = useStore((s) => s.compareProgress);
  const runCompare = useStore((s) => s.runCompare);
  const floatId = useStore((s) => s.roles.trainedFloat);
  const timings = useStore((s) => s.learnTimings);
  const timeModels = useStore((s) => s.timeLearnModels);
  const timingKey = floatId && drqId ? `${floatId}|${drqId}` : null;
  // Once the comparison is in, time both models again, alternating: one run each says little on a busy machine.
  useEffect(() => {
    if (status === 'done' && floatId && drqId && useStore.getState().learnTimings?.key !== `${floatId}|${drqId}`) void timeModels(floatId, drqId);
  }, [status, floatId, drqId, timeModels]);
  const rounds = timings && timings.key === timingKey ? timings : null;
  const spread = rounds ? timingSpread(rounds.rounds) : null;
  const costs = useMemo(() => {
    if (!drqId || !hasModel(drqId)) return null;
    const f = modelFile(drqId);
    return opCosts(readModel(f.bytes, f.fileName));
  }, [drqId]);

  const a = comparison?.a.ok ? comparison.a.eval : null;
  const b = comparison?.b.ok ? comparison.b.eval : null;
  const running = status === 'quantizing' || status === 'evaluating';
  if (!report || !a || !b) {
    return (
      <div className="learn-step-body">
        <p>This step uses the measurements of Quantize & compare: both files over the 10,000 test images.</p>
        {running && progress ? <ProgressBar fraction={progress.fraction} label={progress.label} />
          : <Message kind="note">No comparison yet. <button type="button" className="link-button" onClick={() => void runCompare()}>Quantize and compare now</button></Message>}
        {comparison && !comparison.b.ok && <Message kind="error">{comparison.b.error}</Message>}
      </div>
    );
  }
  const v = drqVerdict({
    float: { fileBytes: report.fileBytesBefore, accuracy: a.accuracy, msPerImage: a.msPerImage },
    drq: { fileBytes: report.fileBytesAfter, accuracy: b.accuracy, msPerImage: b.msPerImage },
    images: a.count, agreement: comparison?.agreement ?? null,
  });
  const share = costs ? int8MacShare(costs) : null;
  const totalMacs = costs?.reduce((n, c) => n + c.macs, 0) ?? 0;
  const changed = Math.round(Math.abs(b.accuracy - a.accuracy) * a.count);
  const float16 = report.knobs.mode === 'float16';
  const bName = float16 ? 'float16' : 'DRQ';

  return (
    <div className="learn-step-body">
      <p>
        Measured in this tab: the trained model and its quantized twin ({float16 ? 'float16 weights' : `DRQ int8, preset ${report.knobs.preset}`},
        as set on Quantize & compare), each run by our TypeScript interpreter in the lab worker over the {whole(a.count)} MNIST test images.
      </p>
      {float16 && <Message kind="note">Quantize & compare is set to float16 weights; switch it to int8 to see DRQ's figures here.</Message>}
      <div className="table-wrap">
        <table className="data-table learn-verdict-table" data-testid="verdict-table">
          <thead><tr><th>Measured</th><th className="num">float32</th><th className="num">{bName}</th><th>What it says</th></tr></thead>
          <tbody>
            <tr data-row="size">
              <td>File size</td><td className="num" data-label="float32">{formatByteCount(report.fileBytesBefore)}</td><td className="num" data-label={bName}>{formatByteCount(report.fileBytesAfter)}</td>
              <td><b data-testid="verdict-size">{times(v.sizeRatio)} smaller</b>, {whole(v.bytesSaved)} bytes less to download and hold in memory.</td>
            </tr>
            <tr data-row="accuracy">
              <td>Test accuracy</td><td className="num" data-label="float32">{formatPercent(a.accuracy)}</td><td className="num" data-label={bName}>{formatPercent(b.accuracy)}</td>
              <td><b data-testid="verdict-accuracy">{points(v.accuracyDeltaPoints)} points</b> ({changed === 0 ? 'the same number of images right' : `${whole(changed)} image${changed === 1 ? '' : 's'} ${b.accuracy > a.accuracy ? 'more' : 'fewer'} right`}; one image is {v.pointsPerImage.toFixed(2)} points){comparison?.agreement != null ? `; both predict the same digit on ${formatPercent(comparison.agreement)} of the images` : ''}.</td>
            </tr>
            <tr data-row="time">
              <td>Time per image</td><td className="num" data-label="float32">{formatMs(a.msPerImage)}</td><td className="num" data-label={bName}>{formatMs(b.msPerImage)}</td>
              <td><b data-testid="verdict-time">{v.faster ? `${times(1 / v.timeRatio)} faster` : `${times(v.timeRatio)} the float time`}</b> in our interpreter on this machine, one run over {whole(a.count)} images ({whole(a.batchSize)} per invoke).</td>
            </tr>
          </tbody>
        </table>
      </div>
      {costs && share !== null && (
        <p data-testid="verdict-macs">
          Where the arithmetic is: {costs.map((c) => `${c.opName} ${whole(c.macs)} multiply-adds per image (${c.weightDtype} weight)`).join(', ')}.{' '}
          Only <b>{formatPercent(share, 1)}</b> of the {whole(totalMacs)} multiply-adds use int8 weights; the rest run exactly as in the float model.
        </p>
      )}
      <h3>Timing again, alternating</h3>
      <p className="small">
        One run of each model says little on a machine shared with other work, so both are timed {TIMING_ROUNDS} more times, alternating,
        on the first {whole(LEARN_SUBSET)} test images (time per image).
      </p>
      <div className="table-wrap">
        <table className="data-table learn-timings" data-testid="timing-rounds">
          <thead><tr><th>Round</th><th className="num">float32</th><th className="num">{bName}</th><th className="num">{bName} / float</th></tr></thead>
          <tbody>
            {(rounds?.rounds ?? []).map((r, i) => (
              <tr key={i}><td>{i + 1}</td><td className="num">{formatMs(r.floatMs)}</td><td className="num">{formatMs(r.drqMs)}</td><td className="num">{times(r.drqMs / r.floatMs)}</td></tr>
            ))}
            {rounds?.status === 'running' && <tr><td colSpan={4} className="muted">Timing round {rounds.rounds.length + 1} of {TIMING_ROUNDS}…</td></tr>}
          </tbody>
        </table>
      </div>
      {rounds?.status === 'error' && <Message kind="error">{rounds.error}</Message>}
      {spread && rounds?.status === 'done' && (
        <p data-testid="timing-summary">
          {bName} / float: median <b>{times(spread.median)}</b>, from {times(spread.min)} to {times(spread.max)} over the rounds:{' '}
          {spread.verdict === 'faster' ? `${bName} was faster in every round` : spread.verdict === 'slower' ? `${bName} was slower in every round` : 'the rounds disagree, so there is no clear difference'}.{' '}
          {floatId && drqId && <button type="button" className="link-button" onClick={() => void timeModels(floatId, drqId)}>Time again</button>}
        </p>
      )}

      <h3>So</h3>
      <ul className="learn-verdict">
        <li><b>Size: DRQ helps here.</b> The weights that dominate the file shrink 4× without any data to calibrate; the {times(v.sizeRatio)} above is what you ship.</li>
        <li><b>Accuracy: {Math.abs(v.accuracyDeltaPoints) < 0.5 ? 'practically unchanged' : 'it moved'}</b> ({points(v.accuracyDeltaPoints)} points here): activations stay float between layers, and each Dense input row gets its own scale at run time.</li>
        <li>
          <b>Speed: {speedHeadline(spread?.verdict ?? null, rounds?.status === 'done')}.</b>{' '}
          {spread?.verdict === 'faster'
            ? 'The hybrid Dense layer beat the float one in this interpreter'
            : 'The hybrid kernel quantizes its input on every call and this interpreter runs its int8 loop in JavaScript numbers, so it gains little or nothing over float math'}
          {share !== null ? `; only ${formatPercent(share, 1)} of the multiply-adds are in the quantized layer anyway` : ''}. Native runtimes with int8 SIMD kernels
          can speed the Dense layer up; the float convolution stays as it was.
        </li>
        <li><b>When DRQ does not help:</b> weights below the 1,024-element minimum stay float; models whose time goes into convolutions with few weights gain little speed; and integer-only hardware (microcontrollers, many NPUs) needs full-integer quantization with a representative dataset instead.</li>
      </ul>
      <p className="small muted">Model: {lesson.fileName}. Change the preset or the mode on Quantize & compare and these figures follow.</p>
    </div>
  );
}

function speedHeadline(verdict: 'faster' | 'slower' | 'mixed' | null, done: boolean): string {
  if (!done || verdict === null) return 'being timed';
  return verdict === 'faster' ? 'faster here, in every round' : verdict === 'slower' ? 'slower here, in every round' : 'no clear difference here';
}
