// The bench's DRQ section on a slice of the test set: our quantizer runs inside it, the official
// runtime agrees with ours on the tf2.14 file and refuses the tf2.21 one. Behaviour only, never time.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadMnistTestSet } from '../../src/cli/commands/eval';
import { sliceSet } from '../../src/core/data/mnist';
import { buildSingleOpModel, options } from '../../src/core/testing/model_builder';
import { drqSection, opVersions } from './drq_section';
import type { BenchContext } from './types';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURE = path.join(ROOT, 'e2e/fixtures/mnist_trained_float.tflite');

function context(count: number, log: string[] = []): BenchContext {
  return { testSet: sliceSet(loadMnistTestSet(), count), rounds: 1, profile: false, exists: existsSync, log: (l) => log.push(l) };
}

describe('bench DRQ section', () => {
  it.skipIf(!existsSync(FIXTURE))('quantizes the trained fixture twice and compares ours with the official runtime', async () => {
    const log: string[] = [];
    const r = await drqSection({ id: 'drq', title: 'DRQ', keyPrefix: 'evalDrq', floatModels: ['/nonexistent.tflite', FIXTURE] }).run(context(300, log));
    if ('skipped' in r) throw new Error(`unexpectedly skipped: ${r.skipped}`);
    for (const k of ['evalDrqOursMs', 'evalDrqOfficialMs', 'evalDrqOursV12Ms', 'evalDrqFloatOursMs', 'evalDrqRatio', 'evalDrqVsFloat']) {
      expect(r.keys[k], k).toBeGreaterThan(0);
    }
    expect(r.keys.evalDrqAgreement).toBe(1);
    expect(r.keys.evalDrqOursAccuracy).toBe(r.keys.evalDrqOfficialAccuracy);
    expect(r.keys.evalDrqOursV12Accuracy).toBeGreaterThan(0.9);
    expect(r.rows.map((row) => [row.engine.split(' ')[0], row.model])).toEqual([
      ['ours', 'mnist_trained_float → DRQ tf2.14 (ours)'],
      ['official', 'mnist_trained_float → DRQ tf2.14 (ours)'],
      ['ours', 'mnist_trained_float → DRQ tf2.21 (ours)'],
      ['ours', 'mnist_trained_float.tflite'],
    ]);
    // The quantizer really ran with each preset: FC v9 (per-tensor, asymmetric inputs) and v12 (per-channel).
    expect(log.join('\n')).toMatch(/tf2\.14 \d+ B \(.*FULLY_CONNECTED v9\); tf2\.21 \d+ B \(.*FULLY_CONNECTED v12\)/);
    expect(r.summary).toMatch(/ours vs official argmax agreement 100\.00% \(300\/300\)/);
    expect(r.summary).toMatch(/official runtime on the tf2\.21 file: refused \(.*'FULLY_CONNECTED' version '12'/);
  });

  it('is skipped, with the reason, when no float model exists', async () => {
    const r = await drqSection({ id: 'drq', title: 'DRQ', keyPrefix: 'evalDrq', floatModels: ['/nonexistent/a.tflite'] }).run(context(10));
    expect(r).toEqual({ skipped: 'no float model found (looked for /nonexistent/a.tflite)' });
  });

  it('names op versions from the model', () => {
    const m = buildSingleOpModel({
      op: 'FULLY_CONNECTED', version: 9, options: options('FullyConnectedOptions'),
      inputs: [{ dtype: 'float32', shape: [1, 2] }, { dtype: 'float32', shape: [1, 2], data: [1, 2] }, null],
      outputs: [{ dtype: 'float32', shape: [1, 1] }],
    });
    expect(opVersions(m)).toBe('FULLY_CONNECTED v9');
  });
});
