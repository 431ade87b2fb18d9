import type { ModelSummary } from '../../../workers/lab_types';
import { formatByteCount, formatShape } from '../../format';

const KIND_TEXT: Record<string, string> = {
  float32: 'float32',
  'dynamic-range': 'dynamic range (int8 weights)',
  float16: 'float16 weights',
  'full-integer': 'full integer',
  other: 'other',
};

/** The headline facts of a model: kind, size, ops, inputs and outputs. */
export function ModelFacts({ summary }: { summary: ModelSummary }) {
  return (
    <dl className="facts" data-testid="model-facts">
      <div className="fact"><dt>File</dt><dd>{summary.fileName} · {formatByteCount(summary.fileBytes)}</dd></div>
      <div className="fact"><dt>Kind</dt><dd data-testid="model-kind">{KIND_TEXT[summary.kind] ?? summary.kind}<small className="block">{summary.kindReason}</small></dd></div>
      <div className="fact"><dt>Operators</dt><dd>{summary.opCounts.map((o) => (o.count > 1 ? `${o.name} ×${o.count}` : o.name)).join(', ') || 'none'}</dd></div>
      <div className="fact"><dt>Inputs</dt><dd>{summary.inputs.map((i) => `${i.name || `#${i.index}`} ${i.dtype}${formatShape(i.shape)}`).join('; ')}</dd></div>
      <div className="fact"><dt>Outputs</dt><dd>{summary.outputs.map((i) => `${i.name || `#${i.index}`} ${i.dtype}${formatShape(i.shape)}`).join('; ')}</dd></div>
      <div className="fact"><dt>Tensors</dt><dd>{summary.tensors.length} ({summary.tensors.filter((t) => t.constant).length} constant)</dd></div>
      {summary.minRuntimeVersion && <div className="fact"><dt>Min runtime</dt><dd>{summary.minRuntimeVersion}</dd></div>}
      <div className="fact">
        <dt>Runs here</dt>
        <dd>{summary.runnable ? 'yes, in our TypeScript interpreter' : <>no: {summary.notRunnableReason}</>}</dd>
      </div>
    </dl>
  );
}
