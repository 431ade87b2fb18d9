import type { OutputAgreementView } from '../../../workers/lab_types';
import { formatPercent, formatShape } from '../../format';

/** Output agreement of the original and the quantized model on seeded random inputs. */
export function AgreementTable({ agreement }: { agreement: OutputAgreementView }) {
  return (
    <section className="panel" aria-labelledby="agreement-title">
      <h3 id="agreement-title">Output agreement</h3>
      <p className="muted small">
        Both models ran on the same {agreement.samples} random inputs (seed {agreement.seed}). Top-1 agreement compares the index of
        the largest value along the last dimension.
      </p>
      <p className="result-line" data-testid="agreement-summary">
        Top-1 agreement <strong>{formatPercent(agreement.top1Agreement)}</strong> · largest difference{' '}
        <strong>{agreement.maxAbsDiff.toPrecision(3)}</strong>
      </p>
      <div className="table-wrap">
        <table className="data-table">
          <thead>
            <tr><th scope="col">Output</th><th scope="col">Shape</th><th scope="col" className="num">Top-1 agreement</th><th scope="col" className="num">Max |difference|</th><th scope="col" className="num">Relative to max |output|</th></tr>
          </thead>
          <tbody>
            {agreement.outputs.map((o) => (
              <tr key={o.index}>
                <td>{o.index}</td>
                <td>{formatShape(o.shape)}</td>
                <td className="num">{formatPercent(o.top1Agreement)}</td>
                <td className="num">{o.maxAbsDiff.toPrecision(3)}</td>
                <td className="num">{formatPercent(o.maxRelDiff, 3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
