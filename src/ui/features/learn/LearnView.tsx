// The Learn view: dynamic range quantization taught on the live model, in six steps a person can
// take in order or jump between, each with its own address (#learn/1 … #learn/6). Every number is
// computed from the trained model (core/learn), never written in.

import { useEffect } from 'react';
import { LEARN_STEPS } from '../../../state/slices/learn';
import { viewFromHash } from '../../../state/slices/ui';
import { useStore } from '../../../state/store';
import { Message } from '../../components/Message';
import { ActivationStep } from './ActivationStep';
import { ChannelStep } from './ChannelStep';
import { stepFromHash, stepHash } from './learn_route';
import { SizeStep } from './SizeStep';
import { ThresholdStep } from './ThresholdStep';
import { useFloatLesson, type FloatLesson } from './use_lesson';
import { VerdictStep } from './VerdictStep';
import { WeightStep } from './WeightStep';
import './learn.css';

export const STEP_TITLES = [
  'A weight tensor on the int8 grid',
  'One scale, or one per output unit',
  'The 1,024-element rule',
  'Size, byte by byte',
  'Activations, quantized on the fly',
  'When DRQ helps, and when it does not',
] as const;

const STEPS: ((p: { lesson: FloatLesson }) => React.JSX.Element)[] = [WeightStep, ChannelStep, ThresholdStep, SizeStep, ActivationStep, VerdictStep];

/** Keeps the step and the address in step: #learn/N sets the step; #learn alone gets the current step added. */
function useStepRoute(): void {
  const setStep = useStore((s) => s.setLearnStep);
  useEffect(() => {
    const sync = () => {
      const n = stepFromHash(location.hash);
      if (n !== null) setStep(n);
      else if (viewFromHash(location.hash) === 'learn') history.replaceState(null, '', stepHash(useStore.getState().learnStep));
    };
    // Arriving from another view (its hash still in the bar): add our own entry, so Back returns there.
    if (viewFromHash(location.hash) !== 'learn') history.pushState(null, '', stepHash(useStore.getState().learnStep));
    sync();
    addEventListener('hashchange', sync);
    return () => removeEventListener('hashchange', sync);
  }, [setStep]);
}

function StepNav({ step }: { step: number }) {
  return (
    <nav className="learn-steps" aria-label="Learn steps">
      <ol>
        {STEP_TITLES.map((t, i) => (
          <li key={t}>
            <a href={stepHash(i + 1)} aria-current={i + 1 === step ? 'step' : undefined}>
              <span className="learn-step-no">{i + 1}</span> <span className="learn-step-title">{t}</span>
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

function Pager({ step }: { step: number }) {
  return (
    <div className="learn-pager">
      {step > 1 ? <a className="button secondary" href={stepHash(step - 1)} rel="prev">← {step - 1}. {STEP_TITLES[step - 2]}</a> : <span />}
      {step < LEARN_STEPS ? <a className="button" href={stepHash(step + 1)} rel="next">{step + 1}. {STEP_TITLES[step]} →</a> : <span />}
    </div>
  );
}

export function LearnView() {
  useStepRoute();
  const step = useStore((s) => s.learnStep);
  const lesson = useFloatLesson();
  const setView = useStore((s) => s.setView);
  const Step = STEPS[step - 1];

  return (
    <section className="view learn" aria-labelledby="learn-title">
      <div className="view-head">
        <h2 id="learn-title">Learn: dynamic range quantization, on your model</h2>
        <p className="lead">
          What the converter does to a model's weights, what the runtime does to its activations, and what that costs and buys, shown
          with the numbers of the model you trained.
        </p>
      </div>
      {!lesson && (
        <Message kind="empty">
          There is no trained model yet, and every step here works on its real weights.{' '}
          <button type="button" className="link-button" onClick={() => setView('train')}>Train one</button> (about half a minute), then come back.
        </Message>
      )}
      {lesson?.status === 'error' && <Message kind="error" title="This model cannot be used for the lessons">{lesson.error}</Message>}
      {lesson?.status === 'ready' && (
        <div className="learn-layout">
          <StepNav step={step} />
          <article className="panel learn-step" aria-labelledby="learn-step-title" data-testid={`learn-step-${step}`}>
            <h3 id="learn-step-title" className="learn-step-heading">{step}. {STEP_TITLES[step - 1]}</h3>
            <Step lesson={lesson.value} />
            <Pager step={step} />
          </article>
        </div>
      )}
    </section>
  );
}
