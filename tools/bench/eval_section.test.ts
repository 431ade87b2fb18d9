// The bench's eval section on a small slice: behaviour only (keys, rows, agreement), never time.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadMnistTestSet } from '../../src/cli/commands/eval';
import { sliceSet } from '../../src/core/data/mnist';
import { evalSection } from './eval_section';
import { printTable } from './table';
import type { BenchContext } from './types';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURE = path.join(ROOT, 'e2e/fixtures/mnist_trained_float.tflite');

function context(count: number): BenchContext {
  return { testSet: sliceSet(loadMnistTestSet(), count), rounds: 2, profile: true, exists: existsSync, log: () => {} };
}

describe('bench eval section', () => {
  it.skipIf(!existsSync(FIXTURE))('compares ours and the official runtime on the trained fixture', async () => {
    const r = await evalSection({ id: 'float', title: 'float CNN', keyPrefix: 'evalFloat', models: ['/nonexistent.tflite', FIXTURE] }).run(context(300));
    if ('skipped' in r) throw new Error(`unexpectedly skipped: ${r.skipped}`);
    expect(Object.keys(r.keys).sort()).toEqual([
      'evalFloatAgreement', 'evalFloatOfficialAccuracy', 'evalFloatOfficialCpuMs', 'evalFloatOfficialMs', 'evalFloatOursAccuracy',
      'evalFloatOursCpuMs', 'evalFloatOursMs', 'evalFloatRatio',
    ]);
    expect(r.keys.evalFloatAgreement).toBe(1);
    expect(r.keys.evalFloatOursAccuracy).toBe(r.keys.evalFloatOfficialAccuracy);
    expect(r.keys.evalFloatOursAccuracy).toBeGreaterThan(0.9);
    expect(r.rows.map((row) => row.images)).toEqual([300, 300]);
    expect(r.summary).toMatch(/argmax agreement 100\.00% \(300\/300\)/);
    expect(r.summary).toMatch(/ours by op \(one profiled pass\): .*CONV_2D/);
    const lines: string[] = [];
    printTable(r.rows, (l) => lines.push(l));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^section\s+engine\s+model\s+images\s+ms total\s+cpu ms\s+ms\/image\s+accuracy$/);
    expect(lines[2]).toMatch(/mnist_trained_float\.tflite\s+300\s/);
  });

  it('is skipped, with the reason, when no model file exists', async () => {
    const r = await evalSection({ id: 'x', title: 'x', keyPrefix: 'x', models: ['/nonexistent/a.tflite'] }).run(context(10));
    expect(r).toEqual({ skipped: 'no model found (looked for /nonexistent/a.tflite)' });
  });
});
