import { useMemo } from 'react';
import { perClassData } from '../../../state/selectors';
import { useStore } from '../../../state/store';
import { KnobsForm } from '../../components/KnobsForm';
import { Message } from '../../components/Message';
import { ProgressBar } from '../../components/ProgressBar';
import { DownloadPanel } from '../download/DownloadPanel';
import { ConfusionMatrix } from './ConfusionMatrix';
import { FlipGallery } from './FlipGallery';
import { PerClassChart } from './PerClassChart';
import { SideBySide } from './SideBySide';
import { TensorTable } from './TensorTable';

export function CompareView() {
  const floatId = useStore((s) => s.roles.trainedFloat);
  const drqId = useStore((s) => s.roles.trainedDrq);
  const models = useStore((s) => s.models);
  const status = useStore((s) => s.compareStatus);
  const progress = useStore((s) => s.compareProgress);
  const report = useStore((s) => s.report);
  const comparison = useStore((s) => s.comparison);
  const error = useStore((s) => s.compareError);
  const cancel = useStore((s) => s.cancelCompare);
  const rerun = useStore((s) => s.runCompare);
  const setView = useStore((s) => s.setView);
  const inspect = useStore((s) => s.inspect);
  const training = useStore((s) => s.trainStatus === 'loading-data' || s.trainStatus === 'training' || s.trainStatus === 'exporting');
  const rows = useMemo(() => perClassData(comparison), [comparison]);
  const running = status === 'quantizing' || status === 'evaluating';
  const names = { a: floatId ? models[floatId]?.fileName ?? null : null, b: drqId ? models[drqId]?.fileName ?? null : null };
  const bLabel = report?.knobs.mode === 'float16' ? 'Float16' : 'DRQ int8';

  if (!floatId) {
    return (
      <section className="view" aria-labelledby="compare-title">
        <h2 id="compare-title">Quantize & compare</h2>
        <Message kind="empty">
          {training && <>Training is running; the model is quantized and compared here as soon as it is done. </>}
          There is no trained model yet.{' '}
          <button type="button" className="link-button" onClick={() => setView('train')}>Train one</button> (about half a minute), or
          quantize any float model on the <button type="button" className="link-button" onClick={() => setView('upload')}>Upload</button> page.
        </Message>
      </section>
    );
  }

  return (
    <section className="view" aria-labelledby="compare-title">
      <div className="view-head">
        <h2 id="compare-title">Quantize & compare</h2>
        <p className="lead">
          The trained model is quantized in a worker the way TensorFlow Lite's converter does it, then both files run through our
          interpreter on the 10,000 MNIST test images.
        </p>
      </div>
      <div className="compare-top">
        <KnobsForm />
        <div className="panel run-status" aria-live="polite">
          {running && progress && <ProgressBar fraction={progress.fraction} label={progress.label} />}
          {running && <button type="button" className="button danger small" onClick={cancel}>Cancel</button>}
          {status === 'cancelled' && (
            <Message kind="note">Cancelled. <button type="button" className="link-button" onClick={() => void rerun()}>Run again</button></Message>
          )}
          {status === 'error' && error && <Message kind="error" title="Quantize & compare failed">{error}</Message>}
          {status === 'done' && <p className="status-done" data-testid="compare-done">Up to date with these settings.</p>}
          <DownloadPanel roles={['trainedFloat', 'trainedDrq']} />
          <p className="small">
            {floatId && <button type="button" className="link-button" onClick={() => inspect(floatId)}>Inspect the float model</button>}
            {drqId && <> · <button type="button" className="link-button" onClick={() => inspect(drqId)}>Inspect the quantized model</button></>}
          </p>
        </div>
      </div>

      {(report || comparison) && <SideBySide report={report} comparison={comparison} names={names} />}

      {comparison && (
        <div className="panel">
          <PerClassChart rows={rows} names={{ a: 'Float32', b: bLabel }} />
          <div className="confusions">
            {comparison.a.ok && <ConfusionMatrix confusion={comparison.a.eval.confusion} title="Confusion matrix, float32 (rows: true digit, columns: predicted)" />}
            {comparison.b.ok && <ConfusionMatrix confusion={comparison.b.eval.confusion} title={`Confusion matrix, ${bLabel} (rows: true digit, columns: predicted)`} />}
          </div>
        </div>
      )}
      {comparison && comparison.agreement !== null && <FlipGallery flips={comparison.flips} total={comparison.flipCount} />}
      {report && <TensorTable report={report} />}
    </section>
  );
}
