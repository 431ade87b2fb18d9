import { describeBackend } from '../../../state/slices/train';
import { useStore } from '../../../state/store';
import { ProgressBar } from '../../components/ProgressBar';
import { Message } from '../../components/Message';
import { formatBytes, formatInt, formatPercent, formatSeconds } from '../../format';
import { TrainCharts } from './TrainCharts';
import { TrainSettings } from './TrainSettings';

const RUNNING = new Set(['loading-data', 'training', 'exporting']);

function TrainProgress() {
  const status = useStore((s) => s.trainStatus);
  const data = useStore((s) => s.dataProgress);
  const done = useStore((s) => s.batchesDone);
  const total = useStore((s) => s.totalBatches);
  if (status === 'loading-data') {
    const label = data?.fromCache ? 'Reading MNIST from the browser cache' : 'Downloading MNIST (60,000 training + 10,000 test images)';
    const detail = data && data.totalBytes ? ` — ${formatBytes(data.loadedBytes)} of ${formatBytes(data.totalBytes)}` : '';
    return <ProgressBar fraction={data && data.totalBytes ? data.loadedBytes / data.totalBytes : null} label={label + detail} />;
  }
  if (status === 'training') {
    return <ProgressBar fraction={total ? done / total : null} label={`Training: batch ${formatInt(done)} of ${formatInt(total)}`} />;
  }
  if (status === 'exporting') return <ProgressBar fraction={null} label="Writing the float .tflite file" />;
  return null;
}

function TrainFacts() {
  const backend = useStore((s) => s.backend);
  const training = useStore((s) => s.training);
  const ips = useStore((s) => s.imagesPerSecond);
  const epochs = useStore((s) => s.epochs);
  const backendText = backend ? describeBackend(backend) : training?.backend ?? null;
  const facts: [string, string][] = [];
  if (backendText) facts.push(['Backend', backendText]);
  if (backend && backend.skipped.length) facts.push(['Skipped', backend.skipped.map((b) => `${b.name} (${b.reason})`).join('; ')]);
  if (ips) facts.push(['Speed', `${formatInt(Math.round(ips))} images/s`]);
  epochs.forEach((e) => facts.push([`Epoch ${e.epoch + 1}`, `${formatSeconds(e.epochSeconds)} · test accuracy ${formatPercent(e.testAccuracy)}`]));
  if (training && training.source === 'trained') {
    facts.push(['Trained on', `${formatInt(training.trainCount)} images · seed ${training.seed} · batch ${training.settings.batchSize} · lr ${training.settings.learningRate}`]);
  }
  if (facts.length === 0) return null;
  return (
    <dl className="facts" data-testid="train-facts">
      {facts.map(([k, v]) => (
        <div key={k} className="fact"><dt>{k}</dt><dd>{v}</dd></div>
      ))}
    </dl>
  );
}

export function TrainView() {
  const status = useStore((s) => s.trainStatus);
  const error = useStore((s) => s.trainError);
  const training = useStore((s) => s.training);
  const restored = useStore((s) => s.restored);
  const hasModel = useStore((s) => s.roles.trainedFloat !== null);
  const start = useStore((s) => s.startTraining);
  const cancel = useStore((s) => s.cancelTraining);
  const again = useStore((s) => s.trainAgain);
  const setView = useStore((s) => s.setView);
  const running = RUNNING.has(status);
  const lastEpoch = training?.epochs[training.epochs.length - 1];

  return (
    <section className="view" aria-labelledby="train-title">
      <div className="view-head">
        <h2 id="train-title">Train the tutorial's MNIST model</h2>
        <p className="lead">
          Reshape → Conv2D 12×3×3 (ReLU) → MaxPool 2×2 → Dense 10, trained with TensorFlow.js in a web worker, then written as a
          float32 <code>.tflite</code> file by our own writer.
        </p>
      </div>

      <div className="train-layout">
        <div className="panel">
          <TrainSettings disabled={running} />
          <div className="actions">
            {running ? (
              <button type="button" className="button danger" onClick={cancel}>Cancel training</button>
            ) : hasModel ? (
              <button type="button" className="button" onClick={() => void again()}>Train again</button>
            ) : (
              <button type="button" className="button" onClick={() => void start()}>Start training</button>
            )}
          </div>
          {hasModel && !running && <p className="muted small">“Train again” forgets the saved model and trains a new one with these settings.</p>}
        </div>

        <div className="panel train-status" aria-live="polite">
          <TrainProgress />
          {status === 'cancelled' && <Message kind="note">Training was cancelled; no model was kept.</Message>}
          {status === 'error' && error && <Message kind="error" title="Training failed">{error}</Message>}
          {training?.source === 'fixture' && (
            <Message kind="note" title="Pretrained test fixture">
              This model was loaded from a fixture file (a test hook), not trained in this browser; there are no training curves.
            </Message>
          )}
          {restored && training?.source === 'trained' && (
            <p className="muted" data-testid="restored-note">
              Restored from your last visit (trained {new Date(training.savedAt).toLocaleString()}); nothing was retrained.
            </p>
          )}
          {hasModel && lastEpoch && (
            <p className="result-line" data-testid="train-result">
              Test accuracy after {training!.epochs.length} epoch{training!.epochs.length === 1 ? '' : 's'}:{' '}
              <strong>{formatPercent(lastEpoch.testAccuracy)}</strong>
              {training!.settings.trainLimit !== null && <> (trained on {formatInt(training!.trainCount)} images only)</>}
            </p>
          )}
          <TrainFacts />
          {hasModel && !running && (
            <button type="button" className="button secondary" onClick={() => setView('compare')}>Quantize & compare →</button>
          )}
          {!hasModel && !running && status === 'idle' && (
            <p className="muted">One epoch over 60,000 images takes about 20–40 s on a laptop CPU.</p>
          )}
        </div>
      </div>
      <TrainCharts />
    </section>
  );
}
