import type { QuantizeReportView } from '../../../workers/lab_types';
import { formatByteCount, formatDb, formatScale, formatShape } from '../../format';

/** Every constant tensor: what the quantizer did to it and why, bytes before/after, SQNR. */
export function TensorTable({ report }: { report: QuantizeReportView }) {
  const rows = [...report.rows].sort((x, y) => y.bytesBefore - x.bytesBefore);
  return (
    <section className="panel" aria-labelledby="tensor-table-title">
      <h3 id="tensor-table-title">Per tensor</h3>
      <p className="muted small">
        {report.policy}. {report.quantizedCount} tensor{report.quantizedCount === 1 ? '' : 's'} converted, {report.keptCount} kept.
        {report.overallSqnrDb !== null && <> Overall SQNR {formatDb(report.overallSqnrDb)}.</>}
        {report.versionChanges.length > 0 && <> Op versions: {report.versionChanges.join(', ')}.</>}
        {report.minRuntimeBefore !== report.minRuntimeAfter && <> min_runtime_version {report.minRuntimeBefore ?? 'none'} → {report.minRuntimeAfter ?? 'none'}.</>}
      </p>
      <div className="table-wrap">
        <table className="data-table" data-testid="tensor-table">
          <thead>
            <tr>
              <th scope="col">Tensor</th>
              <th scope="col">Shape</th>
              <th scope="col">Result</th>
              <th scope="col">Why</th>
              <th scope="col" className="num">Bytes before</th>
              <th scope="col" className="num">Bytes after</th>
              <th scope="col" className="num">SQNR</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.tensorIndex} className={r.action === 'kept' ? 'kept' : 'converted'}>
                <td className="name-cell"><code>{r.name || `#${r.tensorIndex}`}</code></td>
                <td>{formatShape(r.shape)}</td>
                <td>
                  <span className={`badge badge-${r.action}`}>{r.action === 'kept' ? `kept ${r.dtypeAfter}` : r.dtypeAfter}</span>
                  {r.action === 'int8' && (
                    <small className="block">
                      {r.axis === null ? 'per-tensor' : `per-channel, axis ${r.axis} (${r.channels})`}
                      {r.scaleRange && <> · scale {formatScale(r.scaleRange[0])}{r.scaleRange[0] !== r.scaleRange[1] && <>…{formatScale(r.scaleRange[1])}</>}</>}
                    </small>
                  )}
                </td>
                <td className="reason">{r.reason}</td>
                <td className="num">{formatByteCount(r.bytesBefore)}</td>
                <td className="num">{formatByteCount(r.bytesAfter)}</td>
                <td className="num">{formatDb(r.sqnrDb)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={4}>Constant data in all</th>
              <td className="num">{formatByteCount(report.constantBytesBefore)}</td>
              <td className="num">{formatByteCount(report.constantBytesAfter)}</td>
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
