import { hasModel, modelFile } from '../../../state/model_registry';
import type { ModelRole } from '../../../state/slices/models';
import { ROLE_LABELS } from '../../../state/slices/models';
import { useStore } from '../../../state/store';
import { formatByteCount, formatBytes } from '../../format';
import { saveFile } from './save_file';

/** Download buttons for the given roles' .tflite files, with names and sizes. */
export function DownloadPanel({ roles, title = 'Download' }: { roles: readonly ModelRole[]; title?: string }) {
  const models = useStore((s) => s.models);
  const ids = useStore((s) => s.roles);
  const available = roles.map((r) => ({ role: r, id: ids[r] })).filter((x): x is { role: ModelRole; id: string } => hasModel(x.id));
  if (available.length === 0) return null;
  return (
    <section className="panel downloads" aria-label={title}>
      <h3>{title}</h3>
      <ul className="download-list">
        {available.map(({ role, id }) => {
          const entry = models[id];
          if (!entry) return null;
          return (
            <li key={id}>
              <button
                type="button"
                className="button secondary"
                onClick={() => saveFile(modelFile(id).bytes, entry.fileName)}
                aria-label={`Download ${entry.fileName}`}
              >
                Download {entry.fileName}
              </button>
              <span className="muted" title={formatByteCount(entry.fileBytes)}>
                {ROLE_LABELS[role]} · {formatBytes(entry.fileBytes)} ({formatByteCount(entry.fileBytes)})
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
