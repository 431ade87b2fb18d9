import { useId, useState } from 'react';

/** Drop a file here or pick one (a real file input inside a label: keyboard and screen-reader friendly). */
export function DropZone({ onFile, busy }: { onFile: (file: File) => void; busy: boolean }) {
  const [over, setOver] = useState(false);
  const id = useId();
  return (
    <div
      className={`drop-zone${over ? ' over' : ''}`}
      data-testid="drop-zone"
      onDragOver={(e) => { e.preventDefault(); setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const file = e.dataTransfer.files[0];
        if (file) onFile(file);
      }}
    >
      <p>Drop a <code>.tflite</code> file here, or</p>
      <label htmlFor={id} className="button">Choose a .tflite file</label>
      <input
        id={id}
        className="visually-hidden-input"
        type="file"
        accept=".tflite,application/octet-stream"
        disabled={busy}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          e.target.value = '';
        }}
      />
      <p className="muted small">The file stays in this tab: it is read, quantized and run here, never uploaded to a server.</p>
    </div>
  );
}
