import { useId, useState } from 'react';
import { ROLE_LABELS, type ModelEntry } from '../../../state/slices/models';
import { useStore } from '../../../state/store';
import type { ModelSummary, QuantParamsView, TensorView } from '../../../workers/lab_types';
import { Message } from '../../components/Message';
import { formatByteCount, formatScale, formatShape } from '../../format';
import { ModelFacts } from '../upload/ModelFacts';

function quantText(q: QuantParamsView | null): string {
  if (!q) return '–';
  const zp = q.zeroPoints.every((z) => z === 0) ? 'zero point 0' : `zero points ${q.zeroPoints.join(', ')}${q.count > q.zeroPoints.length ? '…' : ''}`;
  if (q.count === 1) return `scale ${formatScale(q.scales[0])}, ${zp}`;
  return `${q.count} scales on axis ${q.axis} (${formatScale(q.scaleMin)}…${formatScale(q.scaleMax)}), ${zp}`;
}

function OperatorTable({ summary }: { summary: ModelSummary }) {
  const name = (i: number) => (i < 0 ? '(none)' : summary.tensors[i]?.name || `#${i}`);
  return (
    <section className="panel" aria-labelledby="ops-title">
      <h3 id="ops-title">Operators ({summary.operators.length})</h3>
      <div className="table-wrap">
        <table className="data-table" data-testid="operator-table">
          <thead>
            <tr><th scope="col">#</th><th scope="col">Op</th><th scope="col">Version</th><th scope="col">Inputs</th><th scope="col">Outputs</th><th scope="col">Options</th></tr>
          </thead>
          <tbody>
            {summary.operators.map((op) => (
              <tr key={op.index}>
                <td>{op.index}</td>
                <td><code className="op">{op.name}</code></td>
                <td>v{op.version}</td>
                <td className="tensor-refs">{op.inputs.map((i) => <span key={`${i}-${name(i)}`}>{name(i)}</span>)}</td>
                <td className="tensor-refs">{op.outputs.map((i) => <span key={i}>{name(i)}</span>)}</td>
                <td>{op.notes.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function TensorTable({ tensors }: { tensors: TensorView[] }) {
  const [constOnly, setConstOnly] = useState(false);
  const id = useId();
  const shown = constOnly ? tensors.filter((t) => t.constant) : tensors;
  return (
    <section className="panel" aria-labelledby="tensors-title">
      <div className="panel-head">
        <h3 id="tensors-title">Tensors ({tensors.length})</h3>
        <label htmlFor={id} className="inline small">
          <input id={id} type="checkbox" checked={constOnly} onChange={(e) => setConstOnly(e.target.checked)} /> constants only
        </label>
      </div>
      <div className="table-wrap">
        <table className="data-table" data-testid="inspect-tensor-table">
          <thead>
            <tr>
              <th scope="col">#</th><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Shape</th>
              <th scope="col" className="num">Elements</th><th scope="col" className="num">Bytes</th><th scope="col">Quantization</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((t) => (
              <tr key={t.index}>
                <td>{t.index}</td>
                <td className="name-cell"><code>{t.name}</code>{t.isVariable && <small className="block">variable</small>}</td>
                <td><span className={`badge badge-dtype-${t.dtype}`}>{t.dtype}</span></td>
                <td>{formatShape(t.shape)}</td>
                <td className="num">{t.elements.toLocaleString('en-US')}</td>
                <td className="num">{t.constant ? formatByteCount(t.bytes) : <span className="muted">activation</span>}</td>
                <td className="quant">{quantText(t.quantization)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function InspectView() {
  const models = useStore((s) => s.models);
  const roles = useStore((s) => s.roles);
  const inspectId = useStore((s) => s.inspectId);
  const inspect = useStore((s) => s.inspect);
  const setView = useStore((s) => s.setView);
  const pickId = useId();
  const entries = (Object.keys(roles) as (keyof typeof roles)[])
    .map((r) => (roles[r] ? models[roles[r]!] : undefined))
    .filter((e): e is ModelEntry => e !== undefined);
  const current = (inspectId && models[inspectId]) || entries[0];

  return (
    <section className="view" aria-labelledby="inspect-title">
      <div className="view-head">
        <h2 id="inspect-title">Inspect a model</h2>
        <p className="lead">Every operator and tensor of a <code>.tflite</code> file as our reader sees it: types, shapes, bytes and quantization parameters.</p>
      </div>
      {!current ? (
        <Message kind="empty">
          No model yet: <button type="button" className="link-button" onClick={() => setView('train')}>train one</button> or{' '}
          <button type="button" className="link-button" onClick={() => setView('upload')}>upload a .tflite file</button>.
        </Message>
      ) : (
        <>
          <div className="panel">
            <div className="knob">
              <label htmlFor={pickId}>Model</label>
              <select id={pickId} value={current.id} onChange={(e) => inspect(e.target.value)}>
                {entries.map((e) => <option key={e.id} value={e.id}>{ROLE_LABELS[e.role]} — {e.fileName}</option>)}
              </select>
            </div>
            <ModelFacts summary={current.summary} />
            {current.summary.description && <p className="muted small">Description: “{current.summary.description}” · schema version {current.summary.schemaVersion}</p>}
          </div>
          <OperatorTable summary={current.summary} />
          <TensorTable tensors={current.summary.tensors} />
        </>
      )}
    </section>
  );
}
