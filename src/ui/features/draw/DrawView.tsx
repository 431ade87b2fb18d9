import { useEffect, useState } from 'react';
import { useStore } from '../../../state/store';
import { DigitImage } from '../../components/DigitImage';
import { Message } from '../../components/Message';
import { DrawCanvas } from './DrawCanvas';
import { Probabilities } from './Probabilities';

export function DrawView() {
  const floatId = useStore((s) => s.roles.trainedFloat);
  const drqId = useStore((s) => s.roles.trainedDrq);
  const input = useStore((s) => s.drawInput);
  const results = useStore((s) => s.drawResults);
  const classify = useStore((s) => s.classifyDrawing);
  const knobs = useStore((s) => s.report?.knobs ?? null);
  const setView = useStore((s) => s.setView);
  const [clearSignal, setClear] = useState(0);

  // A new model (e.g. re-quantized with other knobs) re-reads the current drawing.
  useEffect(() => {
    const current = useStore.getState().drawInput;
    if (current) classify(current);
  }, [floatId, drqId, classify]);

  return (
    <section className="view" aria-labelledby="draw-title">
      <div className="view-head">
        <h2 id="draw-title">Draw a digit</h2>
        <p className="lead">
          Your drawing is cropped, scaled to fit 20×20 and centred by its centre of mass in 28×28, the way the MNIST digits were
          made; both models read that input as you draw.
        </p>
      </div>
      {!floatId && (
        <Message kind="empty">
          No model to ask yet. <button type="button" className="link-button" onClick={() => setView('train')}>Train one</button> first;
          you can still draw and see the 28×28 input.
        </Message>
      )}
      <div className="draw-layout">
        <div className="panel draw-pad">
          <DrawCanvas onInput={classify} clearSignal={clearSignal} />
          <div className="actions">
            <button type="button" className="button secondary" onClick={() => setClear((n) => n + 1)} disabled={!input}>Clear</button>
          </div>
        </div>
        <div className="panel draw-input">
          <h3>What the models see</h3>
          <DigitImage pixels={input} size={140} label="The 28 by 28 input made from your drawing" />
          <p className="muted small">28×28 grey levels, 0 = background, 1 = darkest ink.</p>
        </div>
        <div className="draw-probs">
          <Probabilities title="Float32" outcome={floatId ? results.trainedFloat : undefined} testId="probs-float" />
          <Probabilities
            title={knobs?.mode === 'float16' ? 'Float16' : `DRQ int8${knobs ? ` (${knobs.preset})` : ''}`}
            outcome={drqId ? results.trainedDrq : undefined}
            testId="probs-drq"
          />
        </div>
      </div>
    </section>
  );
}
