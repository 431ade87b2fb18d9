// The IDX file format of the MNIST distribution (http://yann.lecun.com/exdb/mnist/):
// magic = 0x00 0x00 <type code> <rank>, then <rank> big-endian uint32 dims, then the data.
// Only unsigned bytes (type 0x08) are used by MNIST-format data sets, so only those are read.

export class IdxFormatError extends Error {
  constructor(readonly file: string, detail: string) {
    super(`${file}: ${detail}`);
    this.name = 'IdxFormatError';
  }
}

export interface IdxArray {
  dims: number[];
  /** Row-major uint8 values; a view into the input bytes (not a copy). */
  data: Uint8Array;
}

const UBYTE = 0x08;

export function parseIdx(bytes: Uint8Array, file = 'idx file'): IdxArray {
  if (bytes.length < 4) throw new IdxFormatError(file, `too short (${bytes.length} bytes) to hold an IDX header`);
  if (bytes[0] !== 0 || bytes[1] !== 0) throw new IdxFormatError(file, 'not an IDX file (magic must start with two zero bytes)');
  if (bytes[2] !== UBYTE) throw new IdxFormatError(file, `element type 0x${bytes[2].toString(16)} is not unsigned byte (0x08)`);
  const rank = bytes[3];
  if (rank < 1 || rank > 4) throw new IdxFormatError(file, `rank ${rank} is not between 1 and 4`);
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) throw new IdxFormatError(file, `truncated header: ${rank} dims need ${headerBytes} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < rank; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    count *= d;
  }
  if (bytes.length - headerBytes !== count) {
    throw new IdxFormatError(file, `dims [${dims.join(', ')}] need ${count} data bytes, found ${bytes.length - headerBytes}`);
  }
  return { dims, data: bytes.subarray(headerBytes) };
}
