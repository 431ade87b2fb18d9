// The official TFLite runtime (C++ compiled to WebAssembly, shipped in @tensorflow/tfjs-tflite
// 0.0.1-alpha.10), driven directly through its embind API in Node. Node-only (tests and tools).
//
// We load the emscripten module `wasm/tflite_web_api_cc_simd.js` with `wasmBinary` and skip
// tfjs-tflite's JS wrapper (it needs tfjs-core 4.9, which we do not have). Variant: SIMD,
// non-threaded (the threaded builds need Web Workers and do not start in Node). XNNPACK is always on:
// the web API creates TFLite's default XNNPACK delegate and cannot turn it off.
//
// Two traps of this API, handled here:
// 1. A TensorInfo (GetInputs()/GetOutputs()) captures the tensor's data address when it is made.
//    Graphs with dynamic tensors allocate/move tensors inside Invoke(), so infos are re-taken for
//    every write (inputs) and after every Infer() (outputs), and their data is copied out at once.
// 2. TensorInfos and the vectors holding them are embind C++ objects: we .delete() every one.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TypedArray } from '../../src/core/interpreter/kernel';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WASM_DIR = path.resolve(HERE, '../../node_modules/@tensorflow/tfjs-tflite/wasm');
export const OFFICIAL_VARIANTS = { simd: 'tflite_web_api_cc_simd', plain: 'tflite_web_api_cc' } as const;
export type OfficialVariant = keyof typeof OFFICIAL_VARIANTS;

/** The I/O dtypes the web API's TensorInfo knows (no int64, float16 or string I/O). */
const CTORS = {
  float32: Float32Array, float64: Float64Array, int8: Int8Array, uint8: Uint8Array, bool: Uint8Array,
  int16: Int16Array, int32: Int32Array, uint32: Uint32Array,
} as const;
export type OfficialDType = keyof typeof CTORS;

export interface OfficialTensorInfo {
  index: number;
  name: string;
  shape: number[];
  dtype: OfficialDType;
}

/** One node of the execution plan: an XNNPACK partition or a node on a builtin TFLite kernel. */
export interface PlanNode {
  nodeType: string; // 'TfLiteXNNPackDelegate' for an XNNPACK partition, else the op name
  nodeName: string;
}

/** An output after Invoke: its shape as the runtime sized it then (dynamic outputs differ from load time). */
export interface OfficialOutput extends OfficialTensorInfo {
  data: TypedArray; // a copy, off the wasm heap
}

export interface OfficialModel {
  /** I/O as seen at load time. */
  inputs: OfficialTensorInfo[];
  outputs: OfficialTensorInfo[];
  /** One Invoke(); returns copies of every output (state of stateful graphs persists). */
  run(inputs: TypedArray[]): OfficialOutput[];
  /** Frees the interpreter and the model bytes on the wasm heap. */
  delete(): void;
}

// --- the embind surface we use (from tflite_web_api_client.js and the oracle's --node mode) ---
interface EmVector<T> { size(): number; get(i: number): T; delete(): void }
interface EmTensorInfo { id: number; name: string; shape: string; dataType: string; data(): TypedArray; delete(): void }
interface EmProfileEntry { nodeType: string; nodeName: string; nodeExecMs: number }
interface EmRunner {
  GetInputs(): EmVector<EmTensorInfo>;
  GetOutputs(): EmVector<EmTensorInfo>;
  Infer(): boolean;
  GetProfilingResults(): EmVector<EmProfileEntry>;
  delete(): void;
}
interface EmStatusOr { ok(): boolean; value(): EmRunner; errorMessage(): string; delete(): void }
interface EmModule {
  HEAPU8: Uint8Array;
  _malloc(n: number): number;
  _free(p: number): void;
  TFLiteWebModelRunner: {
    CreateFromBufferAndOptions(
      ptr: number, size: number,
      o: { numThreads: number; enableProfiling: boolean; maxProfilingBufferEntries: number },
    ): EmStatusOr;
  };
}

/** The runtime refused a model (load or Invoke failure); carries the runtime's own log lines. */
export class OfficialRuntimeError extends Error {
  constructor(message: string, readonly log: string[]) {
    super(log.length ? `${message}\n  runtime log: ${log.join(' | ')}` : message);
    this.name = 'OfficialRuntimeError';
  }
}

/** What the goldens record about the runtime that produced them. */
export const RUNTIME = {
  package: '@tensorflow/tfjs-tflite@0.0.1-alpha.10',
  wasm: 'tflite_web_api_cc_simd.wasm',
  engine: `node ${process.version}`,
  xnnpack: 'default XNNPACK delegate, always on (the web API cannot disable it)',
};

/** One line: the message and the runtime's log (for golden files and reports). */
export function errorText(e: unknown): string {
  if (e instanceof OfficialRuntimeError) return [e.message.split('\n')[0], ...e.log].join(' | ');
  return e instanceof Error ? e.message : String(e);
}

interface Loaded { module: EmModule; log: string[] }
const loaded = new Map<OfficialVariant, Promise<Loaded>>();

/** One wasm instance per variant per process (instantiating takes ~50 ms; models are cheap). */
function loadModule(variant: OfficialVariant): Promise<Loaded> {
  let p = loaded.get(variant);
  if (!p) {
    const base = path.join(WASM_DIR, OFFICIAL_VARIANTS[variant]);
    const log: string[] = [];
    const factory = createRequire(import.meta.url)(`${base}.js`) as (o: object) => Promise<EmModule>;
    p = factory({
      wasmBinary: readFileSync(`${base}.wasm`),
      print: (s: string) => log.push(s),
      printErr: (s: string) => log.push(s),
    }).then((module) => ({ module, log }));
    loaded.set(variant, p);
  }
  return p;
}

function takeAll<T>(v: EmVector<T>): T[] {
  const out: T[] = [];
  for (let i = 0; i < v.size(); i++) out.push(v.get(i));
  v.delete();
  return out;
}

function withInfos<R>(v: EmVector<EmTensorInfo>, f: (infos: EmTensorInfo[]) => R): R {
  const infos = takeAll(v);
  try {
    return f(infos);
  } finally {
    for (const t of infos) t.delete();
  }
}

function describe(infos: EmTensorInfo[]): OfficialTensorInfo[] {
  return infos.map((t, index) => {
    if (!(t.dataType in CTORS)) throw new Error(`tensor '${t.name}': unsupported I/O dtype ${t.dataType}`);
    return {
      index, name: t.name, dtype: t.dataType as OfficialDType,
      shape: t.shape === '' ? [] : t.shape.split(',').map(Number),
    };
  });
}

function createRunner(m: Loaded, bytes: Uint8Array, profile: boolean, what: string): { runner: EmRunner; free(): void } {
  const ptr = m.module._malloc(bytes.length); // must outlive the interpreter (FlatBufferModel does not copy)
  m.module.HEAPU8.set(bytes, ptr);
  const logStart = m.log.length;
  const so = m.module.TFLiteWebModelRunner.CreateFromBufferAndOptions(ptr, bytes.length, {
    numThreads: 1, enableProfiling: profile, maxProfilingBufferEntries: 4096,
  });
  try {
    if (!so.ok()) {
      m.module._free(ptr);
      const log = m.log.slice(logStart).filter((l) => l.trim() !== '' && !l.includes('Created TensorFlow Lite XNNPACK delegate'));
      throw new OfficialRuntimeError(`official runtime refused ${what}: ${so.errorMessage()}`, log);
    }
    const runner = so.value();
    return { runner, free: () => { runner.delete(); m.module._free(ptr); } };
  } finally {
    so.delete();
  }
}

function invoke(m: Loaded, runner: EmRunner, inputs: TypedArray[], what: string): OfficialOutput[] {
  withInfos(runner.GetInputs(), (infos) => {
    if (infos.length !== inputs.length) throw new Error(`${what}: model has ${infos.length} input(s), got ${inputs.length}`);
    infos.forEach((info, i) => {
      const dst = info.data();
      const src = inputs[i];
      if (dst.length !== src.length) {
        throw new Error(`${what}: input ${i} '${info.name}' [${info.shape}] has ${dst.length} elements, got ${src.length}`);
      }
      if (dst.constructor !== src.constructor) {
        throw new Error(`${what}: input ${i} '${info.name}' is ${info.dataType}, got ${src.constructor.name}`);
      }
      (dst as Float32Array).set(src as Float32Array);
    });
  });
  const logStart = m.log.length;
  if (!runner.Infer()) throw new OfficialRuntimeError(`${what}: Invoke failed`, m.log.slice(logStart));
  // Output infos only now: dynamic-shaped outputs are (re)allocated inside Invoke().
  return withInfos(runner.GetOutputs(), (infos) => {
    const described = describe(infos);
    return infos.map((t, k) => ({ ...described[k], data: t.data().slice() }));
  });
}

export interface LoadOptions {
  variant?: OfficialVariant;
  /** Names the model in errors (a file name or a golden case). */
  name?: string;
}

/** Loads a .tflite into the official runtime. Throws OfficialRuntimeError if it refuses the model. */
export async function loadOfficial(bytes: Uint8Array, opts: LoadOptions = {}): Promise<OfficialModel> {
  const m = await loadModule(opts.variant ?? 'simd');
  const what = opts.name ?? 'model';
  const { runner, free } = createRunner(m, bytes, false, what);
  let alive = true;
  const check = () => { if (!alive) throw new Error(`${what}: official model already deleted`); };
  return {
    inputs: withInfos(runner.GetInputs(), describe),
    outputs: withInfos(runner.GetOutputs(), describe),
    run(inputs) { check(); return invoke(m, runner, inputs, what); },
    delete() { if (alive) { alive = false; free(); } },
  };
}

/**
 * Which nodes XNNPACK took: runs one profiled Invoke on a separate interpreter.
 * Entries with nodeType 'TfLiteXNNPackDelegate' are XNNPACK partitions; every other entry ran on a
 * builtin TFLite kernel (reference/optimized C++, e.g. the hybrid CONV_2D).
 */
export async function executionPlan(bytes: Uint8Array, inputs: TypedArray[], opts: LoadOptions = {}): Promise<PlanNode[]> {
  const m = await loadModule(opts.variant ?? 'simd');
  const what = opts.name ?? 'model';
  const { runner, free } = createRunner(m, bytes, true, what);
  try {
    invoke(m, runner, inputs, what);
    return takeAll(runner.GetProfilingResults()).map((p) => ({ nodeType: p.nodeType, nodeName: p.nodeName }));
  } finally {
    free();
  }
}

/** A typed array of an I/O dtype, for building inputs. */
export function officialArray(dtype: OfficialDType, n: number): TypedArray {
  return new CTORS[dtype](n);
}
