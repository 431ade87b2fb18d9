import { confusionShares } from '../../../state/selectors';

/**
 * confusion[true][predicted] as a table: rows are true digits, columns predictions; each cell
 * is shaded by its share of the row (the diagonal in green, mistakes in red).
 */
export function ConfusionMatrix({ confusion, title }: { confusion: number[][]; title: string }) {
  const shares = confusionShares(confusion);
  const n = confusion.length;
  return (
    <figure className="confusion">
      <figcaption>{title}</figcaption>
      <div className="table-wrap">
        <table className="confusion-table" aria-label={title}>
          <thead>
            <tr>
              <th scope="col" className="corner"><span className="sr-only">true \ predicted</span>t\p</th>
              {Array.from({ length: n }, (_, p) => <th key={p} scope="col">{p}</th>)}
            </tr>
          </thead>
          <tbody>
            {confusion.map((row, t) => (
              <tr key={t}>
                <th scope="row">{t}</th>
                {row.map((v, p) => {
                  const share = shares[t][p];
                  const bg = t === p
                    ? `rgba(5, 150, 105, ${0.12 + 0.6 * share})`
                    : v === 0 ? 'transparent' : `rgba(220, 38, 38, ${Math.min(0.75, 0.12 + 4 * share)})`;
                  return (
                    <td key={p} style={{ background: bg }} title={`true ${t}, predicted ${p}: ${v}`}>
                      {v || ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
