// Model.metadata entries: named buffers. The converter writes "min_runtime_version" as a 16-byte,
// NUL-padded ASCII string (e.g. "2.17.0"), plus "CONVERSION_METADATA" and, for models made with
// TFLite Support, "TFLITE_METADATA" (flatbuffers of their own, not decoded here).

import { TfliteFormatError } from './errors';
import type { Model } from './ir';

export const MIN_RUNTIME_VERSION = 'min_runtime_version';
/** The converter pads min_runtime_version to this many bytes (and skips it if the string is longer). */
export const MIN_RUNTIME_VERSION_BYTES = 16;

/** Bytes of the first metadata entry called `name`, or null when there is none. */
export function metadataBytes(model: Model, name: string): Uint8Array | null {
  const entry = model.metadata.find((m) => m.name === name);
  return entry ? (model.buffers[entry.buffer] ?? null) : null;
}

/** The min_runtime_version string (NUL padding removed), or null when the model has none. */
export function minRuntimeVersion(model: Model): string | null {
  const bytes = metadataBytes(model, MIN_RUNTIME_VERSION);
  if (!bytes) return null;
  const end = bytes.indexOf(0);
  return new TextDecoder().decode(end === -1 ? bytes : bytes.subarray(0, end));
}

/** The 16-byte NUL-padded buffer the converter writes for a min_runtime_version string. */
export function encodeMinRuntimeVersion(version: string): Uint8Array {
  const text = new TextEncoder().encode(version);
  if (text.length >= MIN_RUNTIME_VERSION_BYTES) {
    throw new TfliteFormatError(`min_runtime_version '${version}' does not fit in ${MIN_RUNTIME_VERSION_BYTES} bytes`);
  }
  const out = new Uint8Array(MIN_RUNTIME_VERSION_BYTES);
  out.set(text);
  return out;
}

/** Compares dotted version strings numerically, component by component (as the converter does). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
