import { describe, expect, it } from 'vitest';
import { isLearnStep, learnRunKey, LEARN_STEPS } from '../../../state/slices/learn';
import { viewFromHash } from '../../../state/slices/ui';
import { stepFromHash, stepHash } from './learn_route';

describe('Learn addresses', () => {
  it('#learn/N names step N (1…6); anything else names no step', () => {
    expect(LEARN_STEPS).toBe(6);
    for (let n = 1; n <= 6; n++) {
      expect(stepFromHash(stepHash(n))).toBe(n);
      expect(stepFromHash(`#/learn/${n}`)).toBe(n);
    }
    for (const h of ['#learn', '#learn/', '#learn/0', '#learn/7', '#learn/2x', '#learn/1.5', '#compare', '', '#learn/3/4']) {
      expect(stepFromHash(h), h).toBeNull();
    }
    expect([isLearnStep(1), isLearnStep(6), isLearnStep(0), isLearnStep(2.5)]).toEqual([true, true, false, false]);
  });

  it('the app routes #learn and #learn/N to the Learn view', () => {
    expect(viewFromHash('#learn')).toBe('learn');
    expect(viewFromHash('#learn/4')).toBe('learn');
    expect(viewFromHash('#/learn/2')).toBe('learn');
    expect(viewFromHash('#compare')).toBe('compare');
    expect(viewFromHash('#learning')).toBeNull();
  });

  it('run keys: one per distinct file; the float file is the same whatever the preset', () => {
    expect(learnRunKey('m1', 'tf2.21', true, 'int8:5')).toBe('m1|tf2.21|pc|int8:5');
    expect(learnRunKey('m1', 'tf2.14', false, 'int8:2,5')).toBe('m1|tf2.14|pt|int8:2,5');
    expect(learnRunKey('m1', 'tf2.21', true, 'none')).toBe(learnRunKey('m1', 'tf2.4', false, 'none'));
  });
});
