import { useEffect, useId, useState } from 'react';
import { PRESET_NAMES, PRESETS, type PresetName } from '../../core/quantize/policy';
import { useStore } from '../../state/store';

/**
 * The quantizer knobs (preset, mode, minimum elements, per-channel). One set of knobs for the
 * whole app: changing one re-quantizes and re-compares the trained and the uploaded model.
 */
export function KnobsForm() {
  const knobs = useStore((s) => s.knobs);
  const setKnobs = useStore((s) => s.setKnobs);
  const id = useId();
  // The number field keeps its own text so a half-typed value is not forced back.
  const [minText, setMinText] = useState(String(knobs.minElements));
  useEffect(() => setMinText(String(knobs.minElements)), [knobs.minElements]);
  const minValid = /^\d+$/.test(minText) && Number.isSafeInteger(Number(minText));
  const int8 = knobs.mode === 'int8';

  return (
    <fieldset className="knobs">
      <legend>Quantizer settings</legend>
      <div className="knob">
        <label htmlFor={`${id}-preset`}>Converter preset</label>
        <select id={`${id}-preset`} value={knobs.preset} onChange={(e) => setKnobs({ preset: e.target.value as PresetName })}>
          {PRESET_NAMES.map((p) => (
            <option key={p} value={p}>{p} — {PRESETS[p].title}</option>
          ))}
        </select>
      </div>
      <div className="knob" role="radiogroup" aria-label="Mode">
        <span className="knob-label">Mode</span>
        <label className="inline">
          <input type="radio" name={`${id}-mode`} checked={int8} onChange={() => setKnobs({ mode: 'int8' })} />
          int8 weights (dynamic range)
        </label>
        <label className="inline">
          <input type="radio" name={`${id}-mode`} checked={!int8} onChange={() => setKnobs({ mode: 'float16' })} />
          float16 weights
        </label>
      </div>
      <div className="knob">
        <label htmlFor={`${id}-min`}>Minimum elements</label>
        <input
          id={`${id}-min`}
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          value={minText}
          disabled={!int8}
          aria-invalid={!minValid}
          aria-describedby={`${id}-min-help`}
          onChange={(e) => {
            setMinText(e.target.value);
            if (/^\d+$/.test(e.target.value)) setKnobs({ minElements: Number(e.target.value) });
          }}
        />
        <small id={`${id}-min-help`}>{minValid ? 'Smaller weights stay float32 (the converter uses 1024).' : 'Enter a whole number ≥ 0.'}</small>
      </div>
      <div className="knob">
        <label className="inline">
          <input type="checkbox" checked={knobs.perChannel} disabled={!int8} onChange={(e) => setKnobs({ perChannel: e.target.checked })} />
          Per-channel scales (where the preset uses them)
        </label>
      </div>
      <p className="knob-summary">{int8 ? PRESETS[knobs.preset].summary : 'Every float32 constant becomes float16, read through a DEQUANTIZE op (the converter\'s float16 mode).'}</p>
    </fieldset>
  );
}
