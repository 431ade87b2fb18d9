// Loads the MNIST idx files the app serves from its own origin (/data/mnist/*.gz, packed by
// tools/pack-mnist.mjs), in a worker: fetch with byte progress → gunzip with DecompressionStream →
// parse idx → ImageSet. The raw .gz bytes are cached in IndexedDB (idb-keyval), so a reload reads
// them from disk instead of the network. A broken cache entry is dropped and fetched again.

import { del, get, set } from 'idb-keyval';
import { imageSetFromIdx, type ImageSet } from '../core/data/mnist';

export const MNIST_BASE = '/data/mnist/';
/** Bump when the cached value's layout changes: older entries are then ignored and replaced. */
const CACHE_PREFIX = 'quantlab:data:v1:';

export type MnistSplit = 'train' | 'test';

const FILES: Record<MnistSplit, { images: string; labels: string }> = {
  train: { images: 'train-images-idx3-ubyte.gz', labels: 'train-labels-idx1-ubyte.gz' },
  test: { images: 't10k-images-idx3-ubyte.gz', labels: 't10k-labels-idx1-ubyte.gz' },
};

/** Bytes of the .gz files: how many arrived and the total (0 while unknown). */
export interface DataProgress {
  split: MnistSplit;
  loadedBytes: number;
  totalBytes: number;
  fromCache: boolean;
}

export class DataLoadError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'DataLoadError';
  }
}

/**
 * The size the body will have, from its first bytes: a gzip stream's size is the Content-Length;
 * a body the server already decoded (it sent Content-Encoding: gzip, so the browser unzipped it)
 * is a plain idx file whose header gives its exact size.
 */
export function expectedSize(head: Uint8Array, contentLength: number): number {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return contentLength;
  if (head.length >= 4 && head[0] === 0 && head[1] === 0) {
    const rank = head[3];
    if (rank >= 1 && rank <= 4 && head.length >= 4 + 4 * rank) {
      const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
      let n = 1;
      for (let i = 0; i < rank; i++) n *= view.getUint32(4 + 4 * i, false);
      return 4 + 4 * rank + n;
    }
  }
  return contentLength;
}

/** Fetch a same-origin file, reporting bytes as they arrive. */
async function fetchBytes(url: string, onBytes: (loaded: number, total: number) => void, signal?: AbortSignal): Promise<Uint8Array> {
  const res = await fetch(url, { signal });
  if (!res.ok) throw new DataLoadError(url, `HTTP ${res.status} ${res.statusText}`);
  const contentLength = Number(res.headers.get('content-length') ?? 0);
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    if (!total && loaded >= 20) total = expectedSize(concat(chunks, loaded).subarray(0, 20), contentLength);
    onBytes(loaded, Math.max(total, loaded));
  }
  return concat(chunks, loaded);
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** gunzip, unless the bytes are already plain (a server may have decoded a Content-Encoding: gzip). */
export async function gunzip(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new DataLoadError(file, `not valid gzip data (${(e as Error).message})`);
  }
}

async function cachedGz(file: string, report: (loaded: number, total: number, fromCache: boolean) => void,
  signal?: AbortSignal): Promise<Uint8Array> {
  const key = CACHE_PREFIX + file;
  try {
    const hit = await get<Uint8Array>(key);
    if (hit instanceof Uint8Array && hit.length > 0) {
      report(hit.length, hit.length, true);
      return hit;
    }
    if (hit !== undefined) await del(key); // not what we stored: drop it
  } catch {
    // IndexedDB unavailable (private mode, quota): fall back to the network every time.
  }
  const bytes = await fetchBytes(MNIST_BASE + file, (l, t) => report(l, t, false), signal);
  try {
    await set(key, bytes);
  } catch {
    // caching is an optimisation; a failed write must not fail the load
  }
  return bytes;
}

/** Load one split as an ImageSet, with byte progress over both files. A cached copy that does not
 * parse is deleted and the files are fetched again (once). */
export async function loadMnist(split: MnistSplit, onProgress: (p: DataProgress) => void, signal?: AbortSignal): Promise<ImageSet> {
  try {
    return await loadOnce(split, onProgress, signal);
  } catch (e) {
    if (signal?.aborted) throw e;
    const { images, labels } = FILES[split];
    // Promise.resolve().then: del() throws synchronously where there is no IndexedDB at all.
    const dropped = await Promise.all([images, labels].map((f) => Promise.resolve().then(() => del(CACHE_PREFIX + f)).then(() => true, () => false)));
    if (!dropped.some(Boolean)) throw e;
    return loadOnce(split, onProgress, signal);
  }
}

async function loadOnce(split: MnistSplit, onProgress: (p: DataProgress) => void, signal?: AbortSignal): Promise<ImageSet> {
  const { images, labels } = FILES[split];
  const seen = { images: [0, 0], labels: [0, 0] };
  let fromCache = true;
  const emit = (which: 'images' | 'labels') => (loaded: number, total: number, cached: boolean) => {
    seen[which] = [loaded, total];
    fromCache &&= cached;
    const t = seen.images[1] && seen.labels[1] ? seen.images[1] + seen.labels[1] : 0;
    onProgress({ split, loadedBytes: seen.images[0] + seen.labels[0], totalBytes: t, fromCache });
  };
  const [imgGz, labGz] = await Promise.all([cachedGz(images, emit('images'), signal), cachedGz(labels, emit('labels'), signal)]);
  const [img, lab] = await Promise.all([gunzip(imgGz, images), gunzip(labGz, labels)]);
  return imageSetFromIdx(img, lab, `MNIST ${split}`);
}
