// Step 5: dynamic activation quantization in the hybrid FULLY_CONNECTED, for one digit. Our
// interpreter runs the DRQ model (and the float one) on the digit; the Dense layer's input row is
// read from it (DenseProbe) and quantized, multiplied and rescaled by the kernel's own functions
// (core/learn/walkthrough.ts), then checked against the interpreter's output for the same unit.

import { useEffect, useMemo, useState } from 'react';
import { findHybridDense } from '../../../core/learn/dense_layer';
import { DenseProbe, greyLevels } from '../../../core/learn/probe';
import { thresholdOutcome } from '../../../core/learn/threshold';
import { quantizeDenseInput, typicalActivation } from '../../../core/learn/walkthrough';
import { argmaxAt } from '../../../core/eval/metrics';
import { DEFAULT_MIN_ELEMENTS } from '../../../core/quantize/policy';
import { useStore } from '../../../state/store';
import { DigitImage } from '../../components/DigitImage';
import { Message } from '../../components/Message';
import { DotProduct } from './DotProduct';
import { GridZoom } from './GridZoom';
import { sig, whole } from './learn_format';
import { useLessonChoices, useQuantizedFile, type FloatLesson } from './use_lesson';

export function ActivationStep({ lesson }: { lesson: FloatLesson }) {
  const { preset, perChannel } = useLessonChoices();
  const slider = useStore((s) => s.learnMinElements);
  // The slider's file if its Dense weight is int8, else the converter's default threshold.
  const sliderOutcome = useMemo(() => thresholdOutcome(lesson.model, { preset, perChannel }, slider), [lesson, preset, perChannel, slider]);
  const denseInt8 = sliderOutcome.rows.some((r) => r.quantized && r.tensorIndex === lesson.dense.weightTensor);
  const minElements = denseInt8 ? slider : DEFAULT_MIN_ELEMENTS;
  const outcome = useMemo(() => thresholdOutcome(lesson.model, { preset, perChannel }, minElements), [lesson, preset, perChannel, minElements]);
  const file = useQuantizedFile(lesson, { preset, perChannel }, minElements, outcome.key);

  const drawn = useStore((s) => s.drawInput);
  const digit = useStore((s) => s.learnDigit);
  const digitError = useStore((s) => s.learnDigitError);
  const loadDigit = useStore((s) => s.loadLearnDigit);
  const [useDrawing, setUseDrawing] = useState(true);
  const fromDrawing = useDrawing && drawn !== null;
  useEffect(() => { if (!fromDrawing && !digit) void loadDigit(0); }, [fromDrawing, digit, loadDigit]);
  const pixels = useMemo(() => (fromDrawing ? greyLevels(drawn!) : digit?.pixels ?? null), [fromDrawing, drawn, digit]);

  const probes = useMemo(() => {
    if (file.status !== 'ready' || !file.value) return null;
    const layer = findHybridDense(file.value.model, file.value.fileName, lesson.dense.outputName);
    return { layer, drq: new DenseProbe(file.value.model, layer, file.value.fileName), float: new DenseProbe(lesson.model, lesson.dense, lesson.fileName) };
  }, [file, lesson]);
  const runs = useMemo(() => (probes && pixels ? { drq: probes.drq.runImage(pixels), float: probes.float.runImage(pixels) } : null), [probes, pixels]);
  const input = useMemo(() => (runs && probes ? quantizeDenseInput(runs.drq.denseInput, probes.layer.asymmetric) : null), [runs, probes]);
  const storedUnit = useStore((s) => s.learnUnit);
  const setUnit = useStore((s) => s.setLearnUnit);

  if (file.status === 'error') return <Message kind="error" title="Quantizing failed">{file.error}</Message>;
  const predicted = runs ? argmaxAt(runs.drq.modelOutput, 0, runs.drq.modelOutput.length) : 0;
  const unit = storedUnit ?? predicted;
  const shown = input ? typicalActivation(input) : 0;

  return (
    <div className="learn-step-body">
      <p>
        Weights are quantized once, in the file. Activations depend on the input, so the hybrid kernel quantizes them at run time,
        row by row, every call: it finds the row's range, picks a scale and zero point for it, turns the row into int8 codes,
        multiplies int8 by int8 into an integer sum and rescales that sum to float.
      </p>
      <div className="learn-source" data-testid="digit-source">
        <DigitImage pixels={pixels} size={84} label="The 28 by 28 input used here" />
        <div>
          {fromDrawing ? (
            <p>Input: <b>your drawing</b> from the Draw view, as the models see it.{' '}
              <button type="button" className="link-button" onClick={() => setUseDrawing(false)}>Use a test image instead</button></p>
          ) : (
            <>
              <p>
                Input: <b>MNIST test image #{digit ? whole(digit.index) : '…'}</b>{digit ? ` (label ${digit.label})` : ''}.{' '}
                {drawn ? <button type="button" className="link-button" onClick={() => setUseDrawing(true)}>Use your drawing</button>
                  : <>Nothing is drawn yet: draw a digit on the <a href="#draw">Draw</a> page to follow your own.</>}
              </p>
              <div className="actions">
                <button type="button" className="button secondary small" disabled={!digit || digit.index === 0} onClick={() => digit && void loadDigit(digit.index - 1)}>◀ Previous test image</button>
                <button type="button" className="button secondary small" disabled={!digit} onClick={() => digit && void loadDigit(digit.index + 1)}>Next test image ▶</button>
              </div>
            </>
          )}
          {digitError && !fromDrawing && <Message kind="error">{digitError}</Message>}
          {file.status === 'ready' && file.value && <p className="small muted">Quantized model: <code>{file.value.fileName}</code>, minimum elements {whole(minElements)}{denseInt8 ? '' : ' (step 3\'s threshold keeps the Dense weight float; this step uses the default)'}.</p>}
        </div>
      </div>

      {runs && input && probes ? (
        <>
          <h3>1. The activations entering the Dense layer</h3>
          <p data-testid="activation-range">
            {whole(input.values.length)} float32 values{lesson.dense.inputMap ? ` (the ${lesson.dense.inputMap.join('×')} pooled map, flattened)` : ''}, taken from our
            interpreter: min <b>{sig(input.min, 6)}</b>, max <b>{sig(input.max, 6)}</b>; {whole(input.zeros)} are exactly 0.
          </p>
          <div className="learn-formula" data-testid="activation-quantization">
            <div><span>range</span> = [{sig(input.rangeLo, 6)}, {sig(input.rangeHi, 6)}] {input.asymmetric ? '(min(0, min x), max(0, max x): asymmetric)' : '(±max|x|: symmetric)'}</div>
            <div><span>scale</span> = ({sig(input.rangeHi, 6)} − {sig(input.rangeLo, 6)}) / {input.asymmetric ? 255 : 254} = <b data-testid="input-scale" data-value={input.scale}>{sig(input.scale, 7)}</b></div>
            <div><span>zero point</span> = <b data-testid="input-zero-point" data-value={input.zeroPoint}>{whole(input.zeroPoint)}</b> (the code of 0.0){input.asymmetric ? '' : ', symmetric'}</div>
            <div><span>q</span> = round(x / scale) + zero point, clamped to [{input.asymmetric ? '−128, 127' : '−127, 127'}]; largest error {sig(input.maxError, 3)}</div>
          </div>
          <GridZoom
            onGrid={input.values[shown] / input.scale + input.zeroPoint} code={input.q[shown]} scale={input.scale} zeroPoint={input.zeroPoint}
            qmin={input.asymmetric ? -128 : -127} qmax={127}
            label={`A typical activation (the median of the non-zero ones), input ${whole(shown)} = ${sig(input.values[shown], 6)}: x / scale + zero point = ${sig(input.values[shown] / input.scale + input.zeroPoint, 5)} → code ${whole(input.q[shown])}. Value 0 is code ${whole(input.zeroPoint)} exactly.`}
          />
          <DotProduct
            lesson={lesson} layer={probes.layer} input={input} unit={unit} predicted={predicted} onUnit={setUnit}
            drqOutput={runs.drq.denseOutput} floatOutput={runs.float.denseOutput}
          />
        </>
      ) : (
        <p className="muted">{file.status === 'loading' ? 'Quantizing…' : 'Loading a test image…'}</p>
      )}
    </div>
  );
}
