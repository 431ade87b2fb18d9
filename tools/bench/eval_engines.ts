// The two ways the bench evaluates a model on the MNIST test set, behind one interface:
//
// ours     : our TypeScript interpreter through src/core/eval/evaluate.ts (batched invoke, in
//            evaluate.ts's default chunk size unless the bench says --chunk N), exactly what the
//            app's worker and the `eval` CLI run.
// official : TFLite's C++ runtime compiled to wasm (tools/goldens/official_runtime.ts), one image
//            at a time as the DRQ tutorial's evaluate_model() does: set input, invoke, read output.
//
// Both time the same work: pixels → float32 (/ 255) or uint8, inference, argmax over the scores.
// Each pass records wall time and this process's CPU time (both engines run on this thread; CPU
// time is the steadier figure when other processes share the machine).

import type { ImageSet } from '../../src/core/data/mnist';
import { toFloatPixels } from '../../src/core/data/mnist';
import { evaluate, type ModelRunner } from '../../src/core/eval/evaluate';
import { imageInputLayout } from '../../src/core/eval/image_input';
import { argmaxAt } from '../../src/core/eval/metrics';
import { Interpreter } from '../../src/core/interpreter/interpreter';
import { readModel } from '../../src/core/tflite/reader';
import { loadOfficial } from '../goldens/official_runtime';

export interface EvalPass {
  /** Wall time of the whole pass over the set, ms. */
  ms: number;
  /** CPU time (user + system) of this process during the pass, ms. */
  cpuMs: number;
  predicted: Uint8Array;
  correct: number;
}

export interface EvalEngine {
  name: string;
  pass(set: ImageSet): Promise<EvalPass>;
  close(): void;
}

function countCorrect(predicted: Uint8Array, set: ImageSet): number {
  let c = 0;
  for (let i = 0; i < set.count; i++) if (predicted[i] === set.labels[i]) c++;
  return c;
}

/** Starts a wall + CPU clock; calling the result gives both elapsed, ms. */
export function stopwatch(): () => { ms: number; cpuMs: number } {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
}

/** Our interpreter. Throws (e.g. UnsupportedOpError) if it cannot run the model at all.
 *  `chunkSize` undefined: evaluate.ts's default. */
export function oursEngine(bytes: Uint8Array, fileName: string, chunkSize?: number, name = 'ours (TS interpreter, batched)'): EvalEngine {
  const interpreter = Interpreter.create(readModel(bytes, fileName));
  return {
    name,
    async pass(set) {
      const stop = stopwatch();
      const r = await evaluate(interpreter, set, { chunkSize });
      return { ...stop(), predicted: r.predicted, correct: r.correct };
    },
    close() {},
  };
}

export interface OpTime {
  opName: string;
  ms: number;
  share: number;
}

/** Where our time goes: one profiled pass over `set`, node times summed per op type. */
export async function profileOurs(bytes: Uint8Array, fileName: string, set: ImageSet, chunkSize?: number): Promise<OpTime[]> {
  const interpreter = Interpreter.create(readModel(bytes, fileName), { profile: true });
  const totals = new Map<string, number>();
  const runner: ModelRunner = {
    inputs: interpreter.inputs,
    invoke(inputs) {
      const out = interpreter.invoke(inputs);
      for (const t of interpreter.nodeTimings()) totals.set(t.opName, (totals.get(t.opName) ?? 0) + t.ms);
      return out;
    },
  };
  await evaluate(runner, set, { chunkSize });
  const sum = [...totals.values()].reduce((a, b) => a + b, 0);
  return [...totals].map(([opName, ms]) => ({ opName, ms, share: sum > 0 ? ms / sum : 0 })).sort((a, b) => b.ms - a.ms);
}

/** The official runtime, one image per Infer(). */
export async function officialEngine(bytes: Uint8Array, fileName: string, name = 'official (TFLite wasm, 1 image/invoke)'): Promise<EvalEngine> {
  const model = await loadOfficial(bytes, { name: fileName });
  if (model.inputs.length !== 1) throw new Error(`${fileName}: ${model.inputs.length} inputs; an MNIST classifier has 1`);
  const info = model.inputs[0];
  if (info.dtype !== 'float32' && info.dtype !== 'uint8') throw new Error(`${fileName}: input dtype ${info.dtype} is not float32 or uint8`);
  return {
    name,
    async pass(set) {
      imageInputLayout({ name: info.name, dtype: info.dtype, shape: info.shape }, set.rows, set.cols); // same checks as ours
      const size = set.rows * set.cols;
      const floats = new Float32Array(size);
      const predicted = new Uint8Array(set.count);
      const stop = stopwatch();
      for (let i = 0; i < set.count; i++) {
        const input = info.dtype === 'uint8' ? set.images.subarray(i * size, (i + 1) * size) : toFloatPixels(set, i, 1, floats);
        const [scores] = model.run([input]);
        predicted[i] = argmaxAt(scores.data as Float32Array, 0, scores.data.length);
      }
      return { ...stop(), predicted, correct: countCorrect(predicted, set) };
    },
    close() {
      model.delete();
    },
  };
}
