import type { EvalOutcome, MnistComparison, QuantizeReportView } from '../../../workers/lab_types';
import { formatByteCount, formatBytes, formatMs, formatPercent } from '../../format';

interface Side {
  title: string;
  fileName: string | null;
  bytes: number | null;
  outcome: EvalOutcome | null;
}

function Card({ side, testId }: { side: Side; testId: string }) {
  const ev = side.outcome?.ok ? side.outcome.eval : null;
  return (
    <article className="card" data-testid={testId} aria-label={side.title}>
      <h3>{side.title}</h3>
      {side.fileName && <p className="file-name">{side.fileName}</p>}
      <dl className="stats">
        <div><dt>File size</dt><dd><span data-testid={`${testId}-size`}>{side.bytes === null ? '–' : formatBytes(side.bytes)}</span><small data-testid={`${testId}-bytes`}>{side.bytes === null ? '' : formatByteCount(side.bytes)}</small></dd></div>
        <div><dt>Test accuracy</dt><dd><span data-testid={`${testId}-accuracy`}>{ev ? formatPercent(ev.accuracy) : '–'}</span><small>{ev ? `${ev.count.toLocaleString('en-US')} images` : ''}</small></dd></div>
        <div><dt>Time per image</dt><dd>{ev ? formatMs(ev.msPerImage) : '–'}<small>{ev ? `our interpreter, ${ev.batchSize} per invoke` : ''}</small></dd></div>
      </dl>
      {side.outcome && !side.outcome.ok && <p className="card-error" role="alert">Could not evaluate: {side.outcome.error}</p>}
    </article>
  );
}

/** Float original and quantized model side by side: size, accuracy, speed; the ratio between. */
export function SideBySide({ report, comparison, names }: {
  report: QuantizeReportView | null;
  comparison: MnistComparison | null;
  names: { a: string | null; b: string | null };
}) {
  const a: Side = { title: 'Float32 original', fileName: names.a, bytes: report?.fileBytesBefore ?? null, outcome: comparison?.a ?? null };
  const b: Side = {
    title: report?.knobs.mode === 'float16' ? 'Float16 weights' : 'Dynamic range (int8 weights)',
    fileName: names.b, bytes: report?.fileBytesAfter ?? null, outcome: comparison?.b ?? null,
  };
  const ea = comparison?.a.ok ? comparison.a.eval : null;
  const eb = comparison?.b.ok ? comparison.b.eval : null;
  return (
    <div className="side-by-side">
      <Card side={a} testId="side-float" />
      <div className="between" aria-label="Differences">
        {report && (
          <p data-testid="size-ratio">
            <strong>{report.ratio.toFixed(2)}×</strong> smaller
            <small className="block">{formatPercent(report.fileBytesAfter / report.fileBytesBefore, 1)} of the size</small>
          </p>
        )}
        {ea && eb && (
          <p data-testid="accuracy-delta">
            <strong>{((eb.accuracy - ea.accuracy) * 100 >= 0 ? '+' : '') + ((eb.accuracy - ea.accuracy) * 100).toFixed(2)}</strong> points
          </p>
        )}
        {comparison && comparison.agreement !== null && (
          <p><strong>{formatPercent(comparison.agreement)}</strong> same prediction</p>
        )}
      </div>
      <Card side={b} testId="side-quantized" />
    </div>
  );
}
