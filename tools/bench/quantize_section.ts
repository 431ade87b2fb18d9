// Bench section: quantizer throughput and memory on a synthetic float model with 176.8 MB of
// float32 weights (quantize_model.ts), default preset (tf2.21), in memory: bytes → readModel →
// plan → apply → writeModel → bytes (the app's quantizeFile).
//
// The model is written to a temporary file and measured in a fresh child process
// (quantize_child.ts), so the resident-set high-water mark is this quantization's alone.
// Keys: quantizeMBps (float32 weight MB / median wall seconds), quantizeCpuMBps, quantizePeakMB
// (the child's RSS high-water mark − its RSS before readModel, input bytes already loaded; see
// quantize_measure.ts), quantizePeakRatio (peak / file size).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PresetName } from '../../src/core/quantize';
import { round1, round4 } from './interleave';
import { syntheticFloatFile } from './quantize_model';
import type { QuantizeMeasurement } from './quantize_measure';
import type { BenchContext, BenchSection, SectionResult } from './types';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHILD = path.join(ROOT, 'tools/bench/quantize_child.ts');

/** Goals (issue text). */
export const QUANTIZE_GOALS = { mbps: 300, peakRatio: 2.5 };

export interface ChildOptions {
  preset?: PresetName;
  float16?: boolean;
  rounds: number;
}

/** Runs quantize_child.ts on `file` in a fresh Node process and returns its measurement. */
export function runQuantizeChild(file: string, o: ChildOptions): Promise<QuantizeMeasurement> {
  const args = ['--expose-gc', '--import', 'tsx', CHILD, file, '--rounds', String(o.rounds), '--preset', o.preset ?? 'tf2.21'];
  if (o.float16) args.push('--float16');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      try {
        if (code !== 0) throw new Error(`exit code ${code}: ${err.trim().split('\n').slice(-5).join(' | ')}`);
        resolve(parseChildOutput(out));
      } catch (e) {
        reject(new Error(`quantize child on ${path.basename(file)}: ${(e as Error).message}`));
      }
    });
  });
}

/** The measurement from the child's stdout (its last non-empty line is the JSON). */
export function parseChildOutput(stdout: string): QuantizeMeasurement {
  const last = stdout.trim().split('\n').pop() ?? '';
  let m: QuantizeMeasurement;
  try {
    m = JSON.parse(last) as QuantizeMeasurement;
  } catch {
    throw new Error(`no JSON measurement in the child's output (last line: '${last.slice(0, 200)}')`);
  }
  for (const k of ['mbps', 'peakMB', 'peakRatio', 'fileBytes', 'floatWeightBytes'] as const) {
    if (typeof m[k] !== 'number' || !Number.isFinite(m[k])) throw new Error(`the child's measurement has no finite '${k}'`);
  }
  return m;
}

/** Writes `bytes` to a fresh temporary folder, runs `f` on the path, removes the folder. */
export async function withTempFile<T>(name: string, bytes: Uint8Array, f: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(tmpdir(), 'quantlab-bench-'));
  try {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    return await f(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The summary lines of one measurement. */
export function describeMeasurement(label: string, m: QuantizeMeasurement): string {
  const mb = (b: number) => (b / 1e6).toFixed(1);
  return [
    `${label}: ${mb(m.fileBytes)} MB file (${mb(m.floatWeightBytes)} MB float32 weights) → ${mb(m.outputBytes)} MB; ` +
      `${m.mbps.toFixed(0)} MB/s wall, ${m.cpuMBps.toFixed(0)} MB/s CPU (median of ${m.rounds.length}: ` +
      `${m.rounds.map((r) => `${r.wallMs.toFixed(0)}/${r.cpuMs.toFixed(0)}`).join(', ')} ms wall/CPU; goal ≥ ${QUANTIZE_GOALS.mbps} MB/s)`,
    `  peak memory ${m.peakMB.toFixed(1)} MB = ${m.peakRatio.toFixed(2)}× the file (RSS high-water mark ${m.peakRssMB.toFixed(1)} MB [${m.peakSource}] − ` +
      `RSS ${m.baselineRssMB.toFixed(1)} MB before readModel with the input loaded, first round; goal ≤ ${QUANTIZE_GOALS.peakRatio}×)`,
    `  by stage (one more pass; ms, MB of new ArrayBuffers it keeps): ${m.stages.map((s) => `${s.stage} ${s.ms.toFixed(0)} ms ${s.keptMB.toFixed(1)} MB`).join(', ')}` +
      (m.gcExposed ? '' : ' (no --expose-gc: the baseline may include garbage)'),
  ].join('\n');
}

const TITLE = 'quantize (synthetic 177 MB float model, tf2.21)';

export function quantizeSection(): BenchSection {
  return {
    id: 'quantize',
    title: TITLE,
    async run(ctx: BenchContext): Promise<SectionResult> {
      ctx.log('  building the synthetic float model (seeded)...');
      const m = await withTempFile('synthetic_float.tflite', syntheticFloatFile(), (file) => runQuantizeChild(file, { preset: 'tf2.21', rounds: ctx.rounds }));
      return {
        rows: [],
        summary: describeMeasurement(TITLE, m),
        keys: {
          quantizeMBps: round1(m.mbps),
          quantizeCpuMBps: round1(m.cpuMBps),
          quantizePeakMB: round1(m.peakMB),
          quantizePeakRatio: round4(m.peakRatio),
          quantizeFileMB: round1(m.fileBytes / 1e6),
        },
      };
    },
  };
}
