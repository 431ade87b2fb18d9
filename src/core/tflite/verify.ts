// A flatbuffer verifier for .tflite files, driven by verify_schema.ts. It runs before any generated
// accessor touches the bytes, so that afterwards every offset those accessors follow is known to be
// inside the file: a corrupt file becomes a TfliteFormatError here instead of garbage, a RangeError
// or a hang later.
//
// It follows flatbuffers' C++ Verifier (the one TFLite's VerifyModelBuffer uses): table offsets
// 4-aligned, vtables 2-aligned and inside the file, every scalar field inside the file and aligned
// to its size, offsets non-zero and forward, vectors and strings fully inside the file (strings
// NUL-terminated), at most 64 levels deep and 1,000,000 tables. Offsets only point forward, so
// there are no cycles; the table budget bounds the work on files that share sub-tables.

import { TfliteFormatError } from './errors';
import type { FieldSpec, TableSpec } from './verify_schema';

const MAX_DEPTH = 64;
const MAX_TABLES = 1_000_000;
/** flatbuffers' FLATBUFFERS_MAX_BUFFER_SIZE: offsets are 32-bit signed. */
const MAX_BUFFER_SIZE = 0x7fffffff;

export interface VerifiedRoot {
  /** Byte position of the root table. */
  rootPos: number;
  /** True when bytes 4..8 hold "TFL3". */
  hasIdentifier: boolean;
  /**
   * One past the last byte any verified object uses. Bytes beyond it (less alignment padding) are
   * not part of the flatbuffer, e.g. the zip of associated files TFLite Support appends. Only
   * fields of our schema are visited, so treat this as a lower bound.
   */
  end: number;
}

/**
 * Verifies the whole file against `root`. Throws TfliteFormatError naming the field path (e.g.
 * "Model.subgraphs[0].tensors[17].shape") and byte position of the first problem.
 */
export function verifyFlatbuffer(
  bytes: Uint8Array,
  root: TableSpec,
  identifier: string,
  fileName?: string,
): VerifiedRoot {
  return new Verifier(bytes, fileName).verifyRoot(root, identifier);
}

class Verifier {
  private tables = 0;
  private end = 8;
  private readonly size: number;

  constructor(
    private readonly b: Uint8Array,
    private readonly fileName?: string,
  ) {
    this.size = b.length;
  }

  verifyRoot(root: TableSpec, identifier: string): VerifiedRoot {
    if (this.size < 8) this.fail('', `file is ${this.size} bytes, too short to be a TFLite model`);
    if (this.size > MAX_BUFFER_SIZE) this.fail('', `file is ${this.size} bytes, over the 2 GiB flatbuffer limit`);
    const ident = String.fromCharCode(this.b[4]!, this.b[5]!, this.b[6]!, this.b[7]!);
    const hasIdentifier = ident === identifier;
    // A wrong but identifier-looking tag (e.g. another flatbuffer schema, "TFL2") is refused outright.
    // Bytes that are not an identifier at all are allowed through: a file written without one is
    // accepted only if its root table verifies below.
    if (!hasIdentifier && /^[A-Za-z0-9_]{4}$/.test(ident)) {
      this.fail('', `file identifier is '${ident}', expected '${identifier}': not a TFLite model`);
    }
    try {
      const rootPos = this.offsetTarget(0, root.name);
      this.table(rootPos, root, root.name, 0);
      return { rootPos, hasIdentifier, end: this.end };
    } catch (e) {
      if (hasIdentifier || !(e instanceof TfliteFormatError)) throw e;
      // Without the identifier, a structural error most likely means "not a model at all".
      this.fail('', `not a TFLite model: no '${identifier}' file identifier, and the bytes do not verify as one (${e.where}: ${e.detail})`);
    }
  }

  private fail(where: string, detail: string): never {
    throw new TfliteFormatError(detail, where, this.fileName);
  }

  private u16(p: number): number {
    return this.b[p]! | (this.b[p + 1]! << 8);
  }

  private i32(p: number): number {
    return this.b[p]! | (this.b[p + 1]! << 8) | (this.b[p + 2]! << 16) | (this.b[p + 3]! << 24);
  }

  /** `len` bytes at `pos` lie inside the file and `pos` is a multiple of `align`. */
  private check(pos: number, len: number, align: number, where: string, what: string): void {
    if (pos < 0 || len < 0 || pos + len > this.size) {
      this.fail(where, `${what} at byte ${pos} (${len} bytes) runs past the end of the file (${this.size} bytes)`);
    }
    if (pos % align !== 0) this.fail(where, `${what} at byte ${pos} is not ${align}-byte aligned`);
    if (pos + len > this.end) this.end = pos + len;
  }

  /** Follows the uoffset stored at `pos`; returns the target position. */
  private offsetTarget(pos: number, where: string): number {
    this.check(pos, 4, 4, where, 'offset');
    const o = this.i32(pos);
    if (o <= 0) this.fail(where, `offset at byte ${pos} is ${o >>> 0}, not a forward offset`);
    const target = pos + o;
    this.check(target, 1, 1, where, 'offset target');
    return target;
  }

  /** Checks the table header and vtable; returns a field-slot lookup (0 = field absent). */
  private tableStart(pos: number, where: string, depth: number): (id: number) => number {
    if (depth > MAX_DEPTH) this.fail(where, `tables nested more than ${MAX_DEPTH} deep`);
    if (++this.tables > MAX_TABLES) this.fail(where, `more than ${MAX_TABLES} tables`);
    this.check(pos, 4, 4, where, 'table');
    const vt = pos - this.i32(pos);
    this.check(vt, 4, 2, where, 'vtable');
    const vtSize = this.u16(vt);
    // The generated JS reads vtable entries as int16, so anything >= 0x8000 would be misread.
    if (vtSize < 4 || vtSize % 2 !== 0 || vtSize >= 0x8000) this.fail(where, `vtable size ${vtSize} is invalid`);
    this.check(vt, vtSize, 2, where, 'vtable');
    return (id: number) => {
      const slot = 4 + 2 * id;
      if (slot >= vtSize) return 0;
      const off = this.u16(vt + slot);
      if (off >= 0x8000) this.fail(where, `field ${id} has vtable offset ${off}, out of range`);
      return off === 0 ? 0 : pos + off;
    };
  }

  private table(pos: number, spec: TableSpec, where: string, depth: number): void {
    const field = this.tableStart(pos, where, depth);
    spec.fields.forEach((f, id) => {
      if (f === null) return;
      const at = field(id);
      if (at === 0) return;
      this.field(at, f, `${where}.${f.name}`, depth, spec, field);
    });
  }

  /** A table whose layout we do not know (an undeclared union member): header and vtable only. */
  private genericTable(pos: number, where: string, depth: number): void {
    this.tableStart(pos, where, depth);
  }

  private field(
    at: number,
    f: Exclude<FieldSpec, null>,
    where: string,
    depth: number,
    parent: TableSpec,
    slot: (id: number) => number,
  ): void {
    switch (f.kind) {
      case 'scalar':
        this.check(at, f.size, f.size, where, 'field');
        return;
      case 'string':
        this.string(this.offsetTarget(at, where), where);
        return;
      case 'vector':
        this.vector(this.offsetTarget(at, where), f.elemSize, where);
        return;
      case 'table':
        this.table(this.offsetTarget(at, where), f.table, where, depth + 1);
        return;
      case 'tables':
      case 'strings': {
        const { start, length } = this.vector(this.offsetTarget(at, where), 4, where);
        for (let i = 0; i < length; i++) {
          const target = this.offsetTarget(start + 4 * i, `${where}[${i}]`);
          if (f.kind === 'tables') this.table(target, f.table, `${where}[${i}]`, depth + 1);
          else this.string(target, `${where}[${i}]`);
        }
        return;
      }
      case 'union': {
        const typeId = parent.fields.indexOf(f) - 1;
        const typeAt = slot(typeId);
        const type = typeAt === 0 ? 0 : this.b[typeAt]!;
        if (type === 0) return; // NONE: the value is ignored, as flatbuffers does
        const target = this.offsetTarget(at, where);
        const member = f.members[type];
        if (member) this.table(target, member, `${where}<${member.name}>`, depth + 1);
        else this.genericTable(target, `${where}<type ${type}>`, depth + 1);
        return;
      }
    }
  }

  /** A vector's length prefix and body; returns where the elements start and how many. */
  private vector(pos: number, elemSize: number, where: string): { start: number; length: number } {
    this.check(pos, 4, 4, where, 'vector length');
    const length = this.i32(pos) >>> 0;
    if (length >= Math.floor(MAX_BUFFER_SIZE / elemSize)) this.fail(where, `vector length ${length} is impossible`);
    this.check(pos + 4, length * elemSize, 1, where, `vector of ${length} × ${elemSize}-byte elements`);
    return { start: pos + 4, length };
  }

  private string(pos: number, where: string): void {
    const { start, length } = this.vector(pos, 1, where);
    this.check(start + length, 1, 1, where, 'string terminator');
    if (this.b[start + length] !== 0) this.fail(where, `string at byte ${pos} is not NUL-terminated`);
  }
}
