// Golden outputs of the official TFLite runtime, for tests (Node only: reads the JSON files next
// to this module with node:fs, lazily, one file per call).
//
//   for (const g of opGoldens('CONV_2D')) {
//     const out = Interpreter.create(g.model).invoke(g.inputs);   // compare with g.expected
//   }
//   const m = modelGoldens('mnist_cnn_float');  // m.sha256 identifies the file in ../shared/models
//
// The goldens are what the official runtime printed (XNNPACK ran most float ops, with its own
// summation order): choosing a tolerance is the test's business. Regenerate with `npm run goldens`.

import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { elementCount, type Model } from '../../tflite/ir';
import { constantData } from '../../tflite/tensor_data';
import type { KernelRunSpec } from '../run_kernel';
import type { TensorValue, TypedArray } from '../../interpreter/kernel';
import { drawModelInputs, materialiseOpCase, typedArrayFor, type OpCase } from './case';
import { fromBase64, type ModelGoldensJson, type OpGoldensJson, type StoredTensor } from './format';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const OP_GOLDENS_DIR = path.join(HERE, 'ops');
export const MODEL_GOLDENS_DIR = path.join(HERE, 'models');

export interface OpGolden {
  /** '<OP>/<case name>', for test titles. */
  title: string;
  case: OpCase;
  model: Model;
  /** Graph inputs, in order (constants are inside the model). */
  inputs: TensorValue[];
  /** The official runtime's outputs (empty when it refused the case). */
  expected: TensorValue[];
  /** The runtime's error text when it refused the case, else null. */
  error: string | null;
  /** The case was written to be refused (e.g. an out-of-range GATHER index). */
  expectError: boolean;
  /** Whether an XNNPACK partition (true) or a builtin TFLite kernel (false) produced the numbers. */
  xnnpack: boolean | null;
}

/** Decodes stored raw bytes into a typed array of the dtype (copied, so it is aligned). */
export function decodeStored(t: Pick<StoredTensor, 'dtype' | 'base64'>): TypedArray {
  const bytes = fromBase64(t.base64);
  const probe = typedArrayFor(t.dtype, 0);
  const per = probe.BYTES_PER_ELEMENT;
  if (bytes.length % per !== 0) throw new Error(`goldens: ${bytes.length} bytes is not a whole number of ${t.dtype}`);
  const out = typedArrayFor(t.dtype, bytes.length / per);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

function readJson<T>(file: string, what: string): T {
  if (!existsSync(file)) throw new Error(`goldens: no ${what} at ${file} (run npm run goldens)`);
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Every op with a golden file. */
export function opGoldenOps(): string[] {
  return readdirSync(OP_GOLDENS_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

/** The cases of one op, rebuilt from their seeds and checked against the stored checksums. */
export function opGoldens(op: string): OpGolden[] {
  const json = readJson<OpGoldensJson>(path.join(OP_GOLDENS_DIR, `${op}.json`), `goldens for op ${op}`);
  return json.cases.map((c) => {
    const title = `${json.op}/${c.name}`;
    const m = materialiseOpCase(c);
    if (m.checksum !== c.checksum) {
      throw new Error(`goldens ${title}: regenerated data checksum ${m.checksum} != stored ${c.checksum} ` +
        '(rng, case.ts or model_builder changed: run npm run goldens)');
    }
    return {
      title, case: c, model: m.model, inputs: m.inputs,
      expected: c.expected.map((e) => ({ dtype: e.dtype, shape: [...e.shape], data: decodeStored(e), quantization: null })),
      error: c.error, expectError: c.expectError, xnnpack: c.xnnpack,
    };
  });
}

/**
 * The golden's op as a run_kernel spec (src/core/testing/run_kernel.ts): graph inputs as runtime
 * inputs, constants decoded as the interpreter decodes them (float16 widened to float32), variables
 * as zeros, omitted inputs as null. For reshapeAfter cases this is the op alone (the identity
 * RESHAPE is left out; the expected values are the op's output).
 *   const [y] = runKernel(KERNEL, kernelRunSpec(g));   // compare y with g.expected[0]
 */
export function kernelRunSpec(g: OpGolden): KernelRunSpec {
  const sg = g.model.subgraphs[0];
  const node = sg.operators[0];
  return {
    opName: g.case.op,
    version: g.case.version,
    options: g.case.options,
    inputs: node.inputs.map((t) => {
      if (t < 0) return null;
      const tensor = sg.tensors[t];
      const k = sg.inputs.indexOf(t);
      if (k >= 0) return { value: g.inputs[k], constant: false, name: tensor.name };
      const quantization = tensor.quantization;
      if (tensor.isVariable) {
        const value = { dtype: tensor.dtype, shape: [...tensor.shape], data: typedArrayFor(tensor.dtype, elementCount(tensor.shape)), quantization };
        return { value, constant: false, isVariable: true, name: tensor.name };
      }
      const data = constantData(g.model, tensor);
      if (!data) throw new Error(`goldens ${g.title}: input tensor '${tensor.name}' has no value`);
      return { value: { dtype: tensor.dtype, shape: [...tensor.shape], data, quantization }, constant: true, name: tensor.name };
    }),
    outputs: g.case.outputs.map((o) => ({ dtype: o.dtype, shape: [...o.shape] })),
  };
}

// --- whole-model goldens ---

export interface StoredOutput {
  dtype: StoredTensor['dtype'];
  shape: number[];
  /** All elements, or only the sampled ones when `complete` is false. */
  values: TypedArray;
  complete: boolean;
  /** Flat indices of `values` in the full output (0..n-1 when complete). */
  indices: Int32Array;
  /** Over all elements of the full output. */
  maxAbs: number;
  meanAbs: number;
}

export interface ModelGoldenCase {
  seed: number;
  /** Model inputs regenerated from the seed, in the model's input order. */
  inputs: TensorValue[];
  outputs: StoredOutput[];
}

export interface ModelGolden {
  name: string;
  file: string;
  /** sha256 (hex) of the .tflite the goldens were made from: check it before comparing. */
  sha256: string;
  /** Why there are no goldens for this file (the official runtime refused it), else null. */
  skipped: string | null;
  xnnpackPartitions: number | null;
  builtinNodes: string[];
  cases: ModelGoldenCase[];
}

/** Names of every model with a golden file (including skipped ones). */
export function modelGoldenNames(): string[] {
  return readdirSync(MODEL_GOLDENS_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

export function modelGoldens(name: string): ModelGolden {
  const json = readJson<ModelGoldensJson>(path.join(MODEL_GOLDENS_DIR, `${name}.json`), `goldens for model ${name}`);
  const cases = json.cases.map((c) => {
    const drawn = drawModelInputs(c.seed, json.inputs);
    if (drawn.checksum !== c.checksum) {
      throw new Error(`goldens ${name} seed ${c.seed}: regenerated input checksum ${drawn.checksum} != stored ${c.checksum} (run npm run goldens)`);
    }
    return {
      seed: c.seed,
      inputs: json.inputs.map((s, k) => ({ dtype: s.dtype, shape: [...s.shape], data: drawn.values[k], quantization: null })),
      outputs: c.outputs.map((o): StoredOutput => {
        const values = decodeStored(o);
        const indices = new Int32Array(values.length);
        for (let k = 0; k < values.length; k++) indices[k] = o.sample ? o.sample.start + k * o.sample.stride : k;
        return { dtype: o.dtype, shape: o.shape, values, complete: o.sample === null, indices, maxAbs: o.maxAbs, meanAbs: o.meanAbs };
      }),
    };
  });
  return {
    name: json.name, file: json.file, sha256: json.sha256, skipped: json.skipped,
    xnnpackPartitions: json.plan ? json.plan.xnnpackPartitions : null, builtinNodes: json.plan ? json.plan.builtinNodes : [],
    cases,
  };
}

/** The elements of a full actual output at the stored indices, for an element-wise comparison. */
export function atStoredIndices(stored: StoredOutput, actual: TypedArray): TypedArray {
  const out = typedArrayFor(stored.dtype, stored.indices.length);
  for (let k = 0; k < stored.indices.length; k++) out[k] = actual[stored.indices[k]];
  return out;
}
