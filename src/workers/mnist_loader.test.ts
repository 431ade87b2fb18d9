import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataLoadError, expectedSize, gunzip } from './mnist_loader';

/** An idx header for uint8 data of the given dims. */
function idxHeader(dims: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length);
  out[2] = 0x08;
  out[3] = dims.length;
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  return out;
}

describe('mnist_loader helpers', () => {
  it('expectedSize: Content-Length for gzip, the idx header size for an already decoded body', () => {
    const gz = gzipSync(new Uint8Array(100));
    expect(expectedSize(gz.subarray(0, 20), 1234)).toBe(1234);
    const header = idxHeader([10000, 28, 28]);
    const head = new Uint8Array(20);
    head.set(header);
    expect(expectedSize(head, 1598236)).toBe(16 + 10000 * 28 * 28);
    expect(expectedSize(idxHeader([60000]).subarray(0, 8), 28246)).toBe(8 + 60000);
    expect(expectedSize(new Uint8Array([1, 2, 3, 4]), 99)).toBe(99);
  });

  it('gunzip inflates gzip and passes plain bytes through', async () => {
    const plain = new Uint8Array(5000).map((_, i) => i % 251);
    expect(await gunzip(new Uint8Array(gzipSync(plain)), 'x.gz')).toEqual(plain);
    expect(await gunzip(plain, 'x')).toBe(plain);
  });

  it('gunzip names the file when the gzip data is broken', async () => {
    const broken = new Uint8Array(gzipSync(new Uint8Array(5000))).slice(0, 30);
    await expect(gunzip(broken, 't10k-labels-idx1-ubyte.gz')).rejects.toThrow(DataLoadError);
    await expect(gunzip(broken, 't10k-labels-idx1-ubyte.gz')).rejects.toThrow(/t10k-labels-idx1-ubyte.gz: not valid gzip/);
  });
});
