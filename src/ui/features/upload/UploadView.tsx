import { MAX_UPLOAD_BYTES, tooLarge } from '../../../state/slices/upload';
import { useStore } from '../../../state/store';
import { KnobsForm } from '../../components/KnobsForm';
import { Message } from '../../components/Message';
import { ProgressBar } from '../../components/ProgressBar';
import { SideBySide } from '../compare/SideBySide';
import { TensorTable } from '../compare/TensorTable';
import { ConfusionMatrix } from '../compare/ConfusionMatrix';
import { DownloadPanel } from '../download/DownloadPanel';
import { AgreementTable } from './AgreementTable';
import { DropZone } from './DropZone';
import { ModelFacts } from './ModelFacts';

export function UploadView() {
  const status = useStore((s) => s.uploadStatus);
  const fileName = useStore((s) => s.uploadFileName);
  const error = useStore((s) => s.uploadError);
  const note = useStore((s) => s.uploadNote);
  const progress = useStore((s) => s.uploadProgress);
  const report = useStore((s) => s.uploadReport);
  const mnist = useStore((s) => s.uploadMnist);
  const agreement = useStore((s) => s.uploadAgreement);
  const uploadId = useStore((s) => s.roles.upload);
  const quantizedId = useStore((s) => s.roles.uploadQuantized);
  const models = useStore((s) => s.models);
  const uploadFile = useStore((s) => s.uploadFile);
  const uploadFailed = useStore((s) => s.uploadFailed);
  const cancel = useStore((s) => s.cancelUpload);
  const inspect = useStore((s) => s.inspect);
  const summary = uploadId ? models[uploadId]?.summary ?? null : null;
  const busy = status === 'reading' || status === 'quantizing' || status === 'evaluating';

  const onFile = (file: File) => {
    // Refuse a huge file before reading it into memory at all.
    if (file.size > MAX_UPLOAD_BYTES) {
      uploadFailed(file.name, tooLarge(file.name, file.size));
      return;
    }
    void file.arrayBuffer().then(
      (buf) => uploadFile(file.name, new Uint8Array(buf)),
      (e: Error) => uploadFailed(file.name, `${file.name}: could not be read (${e.message})`),
    );
  };

  return (
    <section className="view" aria-labelledby="upload-title">
      <div className="view-head">
        <h2 id="upload-title">Quantize your own model</h2>
        <p className="lead">
          Any float32 <code>.tflite</code> file: it is inspected, quantized with the settings below and compared with the original —
          on MNIST when it takes a 28×28 image, otherwise on seeded random inputs.
        </p>
      </div>
      <div className="compare-top">
        <div className="panel">
          <DropZone onFile={onFile} busy={busy} />
          {status === 'reading' && <ProgressBar fraction={null} label={`Reading ${fileName}`} />}
          {busy && progress && <ProgressBar fraction={progress.fraction} label={progress.label} />}
          {busy && status !== 'reading' && <button type="button" className="button danger small" onClick={cancel}>Cancel</button>}
          {status === 'error' && error && <Message kind="error" title={`${fileName ?? 'The file'} cannot be used`}>{error}</Message>}
        </div>
        <KnobsForm />
      </div>

      {summary && (
        <div className="panel">
          <h3>{summary.fileName}</h3>
          <ModelFacts summary={summary} />
          <p className="small">
            <button type="button" className="link-button" onClick={() => inspect(uploadId!)}>Inspect every operator and tensor</button>
            {quantizedId && <> · <button type="button" className="link-button" onClick={() => inspect(quantizedId)}>Inspect the quantized file</button></>}
          </p>
        </div>
      )}
      {note && status === 'done' && <Message kind="note" title="Note">{note}</Message>}
      {report && (
        <SideBySide
          report={report}
          comparison={mnist}
          names={{ a: summary?.fileName ?? null, b: quantizedId ? models[quantizedId]?.fileName ?? null : null }}
        />
      )}
      {mnist && (mnist.a.ok || mnist.b.ok) && (
        <div className="panel confusions">
          {mnist.a.ok && <ConfusionMatrix confusion={mnist.a.eval.confusion} title="Confusion matrix, original" />}
          {mnist.b.ok && <ConfusionMatrix confusion={mnist.b.eval.confusion} title="Confusion matrix, quantized" />}
        </div>
      )}
      {agreement && <AgreementTable agreement={agreement} />}
      <DownloadPanel roles={['uploadQuantized']} title="Download the quantized model" />
      {report && <TensorTable report={report} />}
    </section>
  );
}
