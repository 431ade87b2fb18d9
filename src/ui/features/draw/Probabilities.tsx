import type { ClassifyOutcome } from '../../../workers/lab_types';
import { formatMs } from '../../format';

/** One model's class probabilities as bars, with its top digit. */
export function Probabilities({ title, outcome, testId }: { title: string; outcome: ClassifyOutcome | undefined; testId: string }) {
  const probs = outcome && 'probabilities' in outcome ? outcome.probabilities : null;
  let top = -1;
  if (probs) probs.forEach((p, i) => { if (top < 0 || p > probs[top]) top = i; });
  return (
    <article className="card probs" data-testid={testId} aria-label={`${title} prediction`}>
      <h3>{title}</h3>
      {outcome && 'error' in outcome && <p className="card-error" role="alert">{outcome.error}</p>}
      <p className="top-digit" aria-live="polite">
        {probs ? <><span data-testid={`${testId}-digit`}>{top}</span><small>{(probs[top] * 100).toFixed(1)} %</small></> : <span className="muted">–</span>}
      </p>
      <ol className="bars" start={0}>
        {Array.from({ length: probs?.length ?? 10 }, (_, d) => {
          const p = probs ? probs[d] : 0;
          return (
            <li key={d} className={d === top ? 'top' : undefined}>
              <span className="bar-label">{d}</span>
              <span className="bar-track" role="meter" aria-label={`digit ${d}`} aria-valuemin={0} aria-valuemax={1} aria-valuenow={p}>
                <span className="bar-fill" style={{ width: `${(p * 100).toFixed(2)}%` }} />
              </span>
              <span className="bar-value">{probs ? `${(p * 100).toFixed(1)}%` : ''}</span>
            </li>
          );
        })}
      </ol>
      {outcome && 'ms' in outcome && <p className="muted small">{formatMs(outcome.ms)} in the worker</p>}
    </article>
  );
}
