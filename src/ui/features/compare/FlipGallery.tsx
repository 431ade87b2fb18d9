import type { FlipView } from '../../../workers/lab_types';
import { DigitImage } from '../../components/DigitImage';

/** Test digits whose predicted class changed after quantization, marked fixed or broken. */
export function FlipGallery({ flips, total }: { flips: FlipView[]; total: number }) {
  return (
    <section className="panel" aria-labelledby="flips-title">
      <h3 id="flips-title">Predictions that changed ({total.toLocaleString('en-US')})</h3>
      {total === 0 ? (
        <p className="muted" data-testid="no-flips">Both models predict the same digit for every test image.</p>
      ) : (
        <>
          {total > flips.length && <p className="muted small">The first {flips.length} of {total} are shown.</p>}
          <ul className="gallery" data-testid="flip-gallery">
            {flips.map((f) => {
              const outcome = f.after === f.label ? 'fixed' : f.before === f.label ? 'broken' : 'changed';
              const text = `Test image ${f.index}: label ${f.label}, float predicted ${f.before}, quantized predicted ${f.after}`;
              return (
                <li key={f.index} className={`flip flip-${outcome}`} title={text}>
                  <DigitImage pixels={f.pixels} size={56} label={text} />
                  <span className="flip-text">
                    <span>label {f.label}</span>
                    <span>{f.before} → {f.after}</span>
                  </span>
                </li>
              );
            })}
          </ul>
          <p className="muted small legend-line">
            <span className="swatch broken" /> quantized model wrong now · <span className="swatch fixed" /> quantized model right now ·{' '}
            <span className="swatch changed" /> both wrong, differently
          </p>
        </>
      )}
    </section>
  );
}
