// Measures the quantizer on one file's bytes, in this process: speed of the whole pipeline (the
// app's quantizeFile: bytes → readModel → plan → apply → writeModel → report), and memory.
//
// Memory (MB = 10^6 bytes):
//  - peak: the resident-set high-water mark after the FIRST round minus the resident set at the
//    baseline, taken after gc() with the input bytes already in memory (as they are in the worker
//    once the File is read). The high-water mark is kept by the kernel, so no transient copy is
//    missed between samples: Linux's VmHWM (/proc/self/status), reset to the current RSS at the
//    baseline (writing 5 to /proc/self/clear_refs). NOT getrusage's ru_maxrss: after fork + exec it
//    starts at the parent's RSS (a 680 MB parent gave a fresh child ru_maxrss 615 MB, VmHWM 79 MB).
//    Without /proc, ru_maxrss is the fallback (peakSource says which); it is exact only in a fresh
//    process started by a small parent. Run in a fresh process (quantize_child.ts) so nothing
//    else shares the figure. Later rounds only time (V8 frees big ArrayBuffers lazily, so a round
//    can start while the last one's memory is still resident).
//  - kept by each stage (one extra, instrumented pass): bytes of the ArrayBuffers the stage's
//    result holds that did not exist before it (the reader's copies of every buffer, apply's new
//    int8 buffers, the writer's builder buffer): where the copies come from. Counted from the
//    objects themselves; V8's heap statistics lag behind ArrayBuffer frees too much to use here.

import { readFileSync, writeFileSync } from 'node:fs';
import { median } from '../../src/core/eval/metrics';
import { applyPlan, planQuantization, quantizeFile, type QuantPolicy } from '../../src/core/quantize';
import { readModel } from '../../src/core/tflite/reader';
import { writeModel } from '../../src/core/tflite/writer';
import { stopwatch } from './eval_engines';
import { floatWeightBytes } from './quantize_model';

export interface StageFigure {
  stage: 'readModel' | 'plan' | 'apply' | 'writeModel';
  ms: number;
  /** ArrayBuffer bytes new in the stage's result, MB. */
  keptMB: number;
}

export interface QuantizeMeasurement {
  fileBytes: number;
  outputBytes: number;
  /** Float32 constant data of the input: the MB in MB/s. */
  floatWeightBytes: number;
  rounds: { wallMs: number; cpuMs: number }[];
  medianWallMs: number;
  medianCpuMs: number;
  /** floatWeightBytes / 10^6 / median seconds. */
  mbps: number;
  cpuMBps: number;
  baselineRssMB: number;
  peakRssMB: number;
  /** Where peakRssMB comes from: Linux VmHWM reset at the baseline, VmHWM not reset, or getrusage. */
  peakSource: 'VmHWM since baseline' | 'VmHWM' | 'ru_maxrss';
  /** peakRssMB − baselineRssMB. */
  peakMB: number;
  /** peakMB / file size in MB. */
  peakRatio: number;
  stages: StageFigure[];
  gcExposed: boolean;
}

const MB = 1e6;

/** VmHWM from /proc/self/status in bytes, or null where there is no such file. */
function vmHwm(): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Resets VmHWM to the current RSS (Linux ≥ 4.0); false where that is not possible. */
function resetHwm(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** A high-water-mark reader started now: the best source this system has. */
function highWaterMark(): { read(): number; source: QuantizeMeasurement['peakSource'] } {
  const reset = resetHwm();
  if (vmHwm() !== null) return { read: () => vmHwm()!, source: reset ? 'VmHWM since baseline' : 'VmHWM' };
  return { read: () => process.resourceUsage().maxRSS * 1024, source: 'ru_maxrss' }; // Node gives ru_maxrss in KiB
}

export async function measureQuantize(input: Uint8Array, policy: QuantPolicy, rounds: number, fileName = 'input.tflite'): Promise<QuantizeMeasurement> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const baselineRss = process.memoryUsage().rss;
  const hwm = highWaterMark();

  const times: { wallMs: number; cpuMs: number }[] = [];
  let outputBytes = 0;
  let peakRss = 0;
  for (let r = 0; r < rounds; r++) {
    if (r > 0) gc?.();
    const stop = stopwatch();
    const out = await quantizeFile(input, policy, { fileName });
    const t = stop();
    times.push({ wallMs: t.ms, cpuMs: t.cpuMs });
    outputBytes = out.bytes.length;
    if (r === 0) peakRss = hwm.read();
  }

  gc?.();
  const stages = await stagePass(input, policy, fileName);
  const weights = floatWeightBytes(readModel(input, fileName));
  const medianWallMs = median(times.map((t) => t.wallMs));
  const medianCpuMs = median(times.map((t) => t.cpuMs));
  const peakMB = (peakRss - baselineRss) / MB;
  return {
    fileBytes: input.length, outputBytes, floatWeightBytes: weights, rounds: times, medianWallMs, medianCpuMs,
    mbps: weights / MB / (medianWallMs / 1000), cpuMBps: weights / MB / (medianCpuMs / 1000),
    baselineRssMB: baselineRss / MB, peakRssMB: peakRss / MB, peakSource: hwm.source, peakMB, peakRatio: peakMB / (input.length / MB),
    stages, gcExposed: gc !== undefined,
  };
}

/** The pipeline of quantizeModel (without the report), one stage at a time: time and new ArrayBuffer bytes of each. */
async function stagePass(input: Uint8Array, policy: QuantPolicy, fileName: string): Promise<StageFigure[]> {
  const known = new Set<ArrayBufferLike>([input.buffer]);
  const stages: StageFigure[] = [];
  const step = async <T>(stage: StageFigure['stage'], f: () => T | Promise<T>, arrays: (v: T) => readonly Uint8Array[]): Promise<T> => {
    const stop = stopwatch();
    const value = await f();
    const ms = stop().ms;
    stages.push({ stage, ms, keptMB: newBytes(arrays(value), known) / MB });
    return value;
  };
  const model = await step('readModel', () => readModel(input, fileName), (m) => m.buffers);
  const plan = await step('plan', () => planQuantization(model, policy, fileName), () => []);
  const applied = await step('apply', () => applyPlan(model, plan), (a) => a.model.buffers);
  await step('writeModel', () => writeModel(applied.model), (bytes) => [bytes]);
  return stages;
}

/** Byte length of the ArrayBuffers behind `arrays` not in `known` (each counted once); adds them to `known`. */
export function newBytes(arrays: readonly Uint8Array[], known: Set<ArrayBufferLike>): number {
  let n = 0;
  for (const a of arrays) {
    if (known.has(a.buffer)) continue;
    known.add(a.buffer);
    n += a.buffer.byteLength;
  }
  return n;
}
