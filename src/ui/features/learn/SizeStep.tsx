// Step 4: the size of the DRQ file, predicted byte by byte from the quantizer's report (4 → 1 byte
// per quantized weight, plus 4 bytes per scale and 8 per zero point) and set against the real file.

import { useMemo } from 'react';
import { sizeArithmetic, type FileComposition } from '../../../core/learn/size_arithmetic';
import { thresholdOutcome } from '../../../core/learn/threshold';
import { useStore } from '../../../state/store';
import { Message } from '../../components/Message';
import { formatByteCount } from '../../format';
import { signedWhole, times, whole } from './learn_format';
import { useLessonChoices, useQuantizedFile, type FloatLesson } from './use_lesson';

const PARTS: { key: keyof Omit<FileComposition, 'total'>; label: string }[] = [
  { key: 'convertedWeights', label: 'quantized weights' },
  { key: 'keptConstants', label: 'constants kept as they were' },
  { key: 'quantParams', label: 'scales and zero points' },
  { key: 'structure', label: 'flatbuffer structure' },
];

export function SizeStep({ lesson }: { lesson: FloatLesson }) {
  const { preset, perChannel } = useLessonChoices();
  const minElements = useStore((s) => s.learnMinElements);
  const outcome = useMemo(() => thresholdOutcome(lesson.model, { preset, perChannel }, minElements, lesson.fileName), [lesson, preset, perChannel, minElements]);
  const file = useQuantizedFile(lesson, { preset, perChannel }, minElements, outcome.key);
  const s = useMemo(() => (file.status === 'ready' && file.value ? sizeArithmetic(file.value.report, file.value.model) : null), [file]);

  if (file.status === 'loading') return <p className="muted">Quantizing…</p>;
  if (file.status === 'error') return <Message kind="error" title="Quantizing failed">{file.error}</Message>;
  if (!s || !file.value) {
    return <Message kind="note">At the threshold set in step 3 ({whole(minElements)} elements) nothing is quantized, so the file is the float model. <a href="#learn/3">Lower the threshold</a> to see the arithmetic.</Message>;
  }
  return (
    <div className="learn-step-body">
      <p>
        A float32 weight takes 4 bytes, an int8 code 1. Each quantized tensor also stores its scales (float32, 4 bytes each) and
        zero points (int64, 8 bytes each, all 0). These figures are for <code>{file.value.fileName}</code> as step 3 made it
        (minimum elements {whole(minElements)}), taken from the quantizer's report.
      </p>
      <div className="table-wrap">
        <table className="data-table" data-testid="size-table">
          <thead>
            <tr><th>Quantized tensor</th><th className="num">Elements</th><th className="num">float32 (× 4 B)</th><th className="num">int8 (× 1 B)</th><th className="num">Saved</th><th className="num">Scales (× 4 B)</th><th className="num">Zero points (× 8 B)</th></tr>
          </thead>
          <tbody>
            {s.lines.map((l) => (
              <tr key={l.tensorIndex}>
                <td><code>{l.name}</code></td>
                <td className="num">{whole(l.elements)}</td>
                <td className="num">{whole(l.bytesBefore)}</td>
                <td className="num">{whole(l.bytesAfter)}</td>
                <td className="num">{whole(l.bytesBefore - l.bytesAfter)}</td>
                <td className="num">{l.scales} → {whole(l.scales * 4)}</td>
                <td className="num">{l.zeroPoints} → {whole(l.zeroPoints * 8)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="learn-equation" data-testid="size-equation">
        <div><span>float file</span><b data-testid="size-before">{whole(s.fileBefore)}</b></div>
        <div><span>− weight bytes saved</span><b>{whole(s.savedWeightBytes)}</b></div>
        <div><span>+ scales and zero points</span><b>{whole(s.paramBytes)}</b></div>
        <div className="total"><span>= predicted</span><b data-testid="size-predicted">{whole(s.predicted)}</b></div>
        <div className="total"><span>real file (quantizer's report)</span><b data-testid="size-real">{whole(s.real)}</b></div>
        <div><span>difference: flatbuffer structure</span><b data-testid="size-structure">{signedWhole(s.structureDelta)}</b></div>
      </div>
      <p className="small">
        The difference is bytes no weight accounts for: the tables that hold the new scale and zero-point vectors (offsets, length
        prefixes, padding to keep each vector aligned) and the options, versions and metadata the rewrite changed. It is measured here:
        real size minus prediction.
      </p>

      <h3>Why the file shrinks {times(s.fileBefore / s.real)}, not 4×</h3>
      <div className="learn-bars" data-testid="size-composition">
        {([['float32 file', s.before], ['DRQ file', s.after]] as const).map(([name, c]) => (
          <div key={name} className="learn-bar-row">
            <span className="learn-bar-name">{name}: {formatByteCount(c.total)}</span>
            <span className="learn-stack" style={{ width: `${(c.total / s.fileBefore) * 100}%` }}>
              {PARTS.map((p) => c[p.key] > 0 && <span key={p.key} className={`part ${p.key}`} style={{ width: `${(c[p.key] / c.total) * 100}%` }} title={`${p.label}: ${whole(c[p.key])} B`} />)}
            </span>
          </div>
        ))}
        <ul className="learn-legend small">
          {PARTS.map((p) => (
            <li key={p.key}><span className={`swatch-part ${p.key}`} /> {p.label}: {whole(s.before[p.key])} B → {whole(s.after[p.key])} B</li>
          ))}
        </ul>
      </div>
      <p className="small">
        Only the quantized weights shrink (4 → 1 byte each). Constants that stay float32 ({whole(s.after.keptConstants)} B) and the
        flatbuffer structure ({whole(s.after.structure)} B) do not, so the whole file gets {times(s.fileBefore / s.real)} smaller while the
        quantized weights alone get {times(s.before.convertedWeights / (s.after.convertedWeights + s.after.quantParams))} smaller (with their scales).
      </p>
    </div>
  );
}
