// The JSON shapes of the committed golden files (written by tools/goldens/make_goldens.ts).
//
// Tensor data is base64 of the raw little-endian bytes (exact: no decimal round trip).
// float16 never appears as an output (the runtime's I/O has no float16).

import type { DType } from '../../tflite/ir';
import type { Gen, OpCase } from './case';

export const GOLDENS_FORMAT = 'quant-lab goldens v1';

export interface RuntimeInfo {
  package: string; // '@tensorflow/tfjs-tflite@0.0.1-alpha.10'
  wasm: string; // 'tflite_web_api_cc_simd.wasm'
  engine: string; // 'node v20…'
  xnnpack: string; // always on in this runtime
}

export interface StoredTensor {
  dtype: DType;
  shape: number[];
  base64: string;
}

export interface OpGoldenCaseJson extends OpCase {
  expectError: boolean;
  /** FNV-1a 32 of the drawn data (see case.ts): the loader refuses a case whose data changed. */
  checksum: string;
  /** true if an XNNPACK partition ran the op, false if a builtin TFLite kernel did, null if not measured. */
  xnnpack: boolean | null;
  /** The official runtime's outputs; empty when it refused the case. */
  expected: StoredTensor[];
  /** The runtime's error when it refused the model or the Invoke. */
  error: string | null;
}

export interface OpGoldensJson {
  format: string;
  op: string;
  runtime: RuntimeInfo;
  cases: OpGoldenCaseJson[];
}

export interface ModelInputJson {
  name: string;
  dtype: DType;
  shape: number[];
  gen: Gen;
}

/** An output as stored: complete, or a strided sample (flat indices start, start+stride, …). */
export interface ModelOutputJson {
  dtype: DType;
  shape: number[];
  base64: string;
  /** null when complete; else the sampled flat indices are start + k·stride for k < count. */
  sample: { start: number; stride: number; count: number } | null;
  /** Over ALL elements of the output, not just the sample (float64 sums). */
  maxAbs: number;
  meanAbs: number;
}

export interface ModelGoldensJson {
  format: string;
  name: string;
  file: string;
  sha256: string;
  bytes: number;
  runtime: RuntimeInfo;
  /** Why the official runtime could not produce goldens for this file (then no cases). */
  skipped: string | null;
  inputs: ModelInputJson[];
  outputs: { name: string; dtype: DType; shape: number[] }[];
  plan: { xnnpackPartitions: number; builtinNodes: string[] } | null;
  /** Each case ran on a fresh interpreter (state of LSTM models starts from zeros). */
  cases: { seed: number; checksum: string; outputs: ModelOutputJson[] }[];
}

// --- base64 of raw bytes, without Node's Buffer (this folder is plain TS) ---

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    s += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  if (i < bytes.length) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8);
    s += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + (i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=') + '=';
  }
  return s;
}

const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

export function fromBase64(s: string): Uint8Array {
  const clean = s.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < clean.length; i++) {
    const code = clean.charCodeAt(i);
    const v = code < 128 ? DECODE[code] : -1;
    if (v < 0) throw new Error(`goldens: bad base64 character '${clean[i]}' at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}
