import { useId } from 'react';
import { useStore } from '../../../state/store';
import { formatInt } from '../../format';

const BATCH_SIZES = [16, 32, 64, 128, 256, 512];

/** Epochs, batch size, learning rate and seed; locked while training runs. */
export function TrainSettings({ disabled }: { disabled: boolean }) {
  const settings = useStore((s) => s.trainSettings);
  const set = useStore((s) => s.setTrainSettings);
  const id = useId();
  const num = (text: string, fallback: number) => (text.trim() === '' || !Number.isFinite(Number(text)) ? fallback : Number(text));
  return (
    <fieldset className="settings" disabled={disabled}>
      <legend>Training settings</legend>
      <div className="knob">
        <label htmlFor={`${id}-epochs`}>Epochs</label>
        <input id={`${id}-epochs`} type="number" min={1} max={20} step={1} value={settings.epochs}
          onChange={(e) => set({ epochs: Math.min(20, Math.max(1, Math.round(num(e.target.value, 1)))) })} />
      </div>
      <div className="knob">
        <label htmlFor={`${id}-batch`}>Batch size</label>
        <select id={`${id}-batch`} value={settings.batchSize} onChange={(e) => set({ batchSize: Number(e.target.value) })}>
          {BATCH_SIZES.map((b) => <option key={b} value={b}>{b}</option>)}
        </select>
      </div>
      <div className="knob">
        <label htmlFor={`${id}-lr`}>Learning rate (Adam)</label>
        <input id={`${id}-lr`} type="number" min={0.00001} max={1} step={0.0005} value={settings.learningRate}
          onChange={(e) => { const v = num(e.target.value, settings.learningRate); if (v > 0 && v <= 1) set({ learningRate: v }); }} />
      </div>
      <div className="knob">
        <label htmlFor={`${id}-seed`}>Seed</label>
        <input id={`${id}-seed`} type="number" min={0} step={1} value={settings.seed}
          onChange={(e) => set({ seed: Math.max(0, Math.round(num(e.target.value, 0))) })} />
      </div>
      {settings.trainLimit !== null && (
        <p className="subset-note" data-testid="train-subset">
          Training subset: the first {formatInt(settings.trainLimit)} of 60,000 training images (set by the page address).
        </p>
      )}
    </fieldset>
  );
}
