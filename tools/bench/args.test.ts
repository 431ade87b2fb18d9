import { describe, expect, it } from 'vitest';
import { parseArgs, selectSections } from './args';
import type { BenchSection } from './types';

const section = (id: string, training = false): BenchSection => ({ id, title: id, training, run: async () => ({ skipped: 'test' }) });
const ALL = [section('float'), section('drq'), section('quantize'), section('train', true)];

describe('bench arguments', () => {
  it('has the documented defaults', () => {
    expect(parseArgs([])).toEqual({ rounds: 3, limit: 10000, json: false, profile: false, only: [], skipTrain: false });
  });

  it('reads every option', () => {
    const a = parseArgs(['--rounds', '5', '--limit', '300', '--chunk', '64', '--data', '/d', '--only', 'drq', '--only', 'quantize', '--skip-train', '--json', '--profile']);
    expect(a).toEqual({ rounds: 5, limit: 300, chunk: 64, data: '/d', only: ['drq', 'quantize'], skipTrain: true, json: true, profile: true });
  });

  it('refuses bad values and unknown options with a message naming them', () => {
    expect(() => parseArgs(['--rounds', '0'])).toThrow("--rounds must be a positive integer, got '0'");
    expect(() => parseArgs(['--chunk', '2.5'])).toThrow("--chunk must be a positive integer, got '2.5'");
    expect(() => parseArgs(['--only'])).toThrow('--only needs a value');
    expect(() => parseArgs(['--only', '--json'])).toThrow('--only needs a value');
    expect(() => parseArgs(['--fast'])).toThrow(/unknown option --fast \(use --rounds N/);
  });
});

describe('bench section selection', () => {
  const ids = (s: BenchSection[]) => s.map((x) => x.id);

  it('runs everything by default, in order', () => {
    expect(ids(selectSections(ALL, { only: [], skipTrain: false }))).toEqual(['float', 'drq', 'quantize', 'train']);
  });

  it('--skip-train drops training sections only', () => {
    expect(ids(selectSections(ALL, { only: [], skipTrain: true }))).toEqual(['float', 'drq', 'quantize']);
  });

  it('--only keeps the named sections in bench order', () => {
    expect(ids(selectSections(ALL, { only: ['quantize', 'float'], skipTrain: false }))).toEqual(['float', 'quantize']);
    expect(ids(selectSections(ALL, { only: ['train'], skipTrain: true }))).toEqual([]);
  });

  it('an unknown --only id is an error listing the sections', () => {
    expect(() => selectSections(ALL, { only: ['dqr'], skipTrain: false })).toThrow('--only dqr: no such section (sections: float, drq, quantize, train)');
  });
});
