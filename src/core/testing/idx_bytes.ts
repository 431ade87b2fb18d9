// IDX file bytes for tests (the MNIST format core/data/idx.ts parses): magic 00 00 08 <rank>,
// big-endian uint32 dims, then the unsigned-byte data as given (its length is not checked, so
// tests can also build files that are truncated or too long).

export function idxBytes(dims: readonly number[], data: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out.set([0, 0, 0x08, dims.length]);
  const view = new DataView(out.buffer);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
