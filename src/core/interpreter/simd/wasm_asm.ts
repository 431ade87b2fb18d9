// A minimal WebAssembly binary encoder: just what our SIMD kernels (simd/kernels.ts) need — one
// imported memory, exported functions with i32/f32/v128 locals, structured control flow, scalar
// and f32x4 loads/stores/arithmetic. Writing the module from TypeScript keeps the repo free of a
// wasm toolchain and of binary blobs; the bytes are validated by WebAssembly.validate before use.
//
// Encoding reference: the WebAssembly core spec (binary format) and the fixed-width SIMD proposal
// (opcodes after the 0xFD prefix).

export const I32 = 0x7f;
export const F32 = 0x7d;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof F32 | typeof V128;

function uleb(n: number, out: number[]): void {
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
}

function sleb(n: number, out: number[]): void {
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return;
    }
    out.push(b | 0x80);
  }
}

function str(s: string, out: number[]): void {
  const bytes = new TextEncoder().encode(s);
  uleb(bytes.length, out);
  out.push(...bytes);
}

/** The body of one function: locals are numbered after the parameters, in declaration order. */
export class FuncBuilder {
  readonly code: number[] = [];
  private readonly localTypes: ValType[] = [];
  private nextLocal: number;

  constructor(readonly name: string, readonly params: ValType[]) {
    this.nextLocal = params.length;
  }

  local(type: ValType): number {
    this.localTypes.push(type);
    return this.nextLocal++;
  }

  // --- variables and constants ---
  get(i: number): this { return this.op(0x20, i); }
  set(i: number): this { return this.op(0x21, i); }
  tee(i: number): this { return this.op(0x22, i); }
  i32(v: number): this { this.code.push(0x41); sleb(v | 0, this.code); return this; }
  f32(v: number): this {
    this.code.push(0x43);
    this.code.push(...new Uint8Array(new Float32Array([v]).buffer));
    return this;
  }

  // --- integer arithmetic and comparisons ---
  add(): this { return this.raw(0x6a); }
  sub(): this { return this.raw(0x6b); }
  mul(): this { return this.raw(0x6c); }
  and(): this { return this.raw(0x71); }
  eqz(): this { return this.raw(0x45); }
  ltS(): this { return this.raw(0x48); }
  gtS(): this { return this.raw(0x4a); }
  leS(): this { return this.raw(0x4c); }
  geS(): this { return this.raw(0x4e); }
  select(): this { return this.raw(0x1b); }

  // --- memory (offsets in bytes; alignment hints are log2) ---
  i32Load(offset = 0): this { return this.mem(0x28, 2, offset); }
  f32Load(offset = 0): this { return this.mem(0x2a, 2, offset); }
  f32Store(offset = 0): this { return this.mem(0x38, 2, offset); }
  i32Store(offset = 0): this { return this.mem(0x36, 2, offset); }
  v128Load(offset = 0): this { return this.simdMem(0x00, offset); }
  v128Store(offset = 0): this { return this.simdMem(0x0b, offset); }

  // --- scalar float ---
  f32Add(): this { return this.raw(0x92); }
  f32Mul(): this { return this.raw(0x94); }
  f32Min(): this { return this.raw(0x96); }
  f32Max(): this { return this.raw(0x97); }
  f32ConvertI32S(): this { return this.raw(0xb2); }

  // --- f32x4 ---
  f32x4Splat(): this { return this.simd(0x13); }
  f32x4Add(): this { return this.simd(0xe4); }
  f32x4Mul(): this { return this.simd(0xe6); }
  f32x4Div(): this { return this.simd(0xe7); }
  f32x4Min(): this { return this.simd(0xe8); }
  f32x4Max(): this { return this.simd(0xe9); }
  /** pmin(a, b) = b < a ? b : a, i.e. C++ std::min(a, b) (NaN in b never wins). */
  f32x4Pmin(): this { return this.simd(0xea); }
  /** pmax(a, b) = a < b ? b : a, i.e. C++ std::max(a, b) (NaN in b never wins). */
  f32x4Pmax(): this { return this.simd(0xeb); }
  /** Any SIMD instruction by sub-opcode, then its raw immediate bytes (e.g. a lane index): for
   *  the opcodes without a named method here (hybrid/simd.ts keeps its integer ones in a table). */
  simd(sub: number, ...imm: number[]): this {
    this.code.push(0xfd);
    uleb(sub, this.code);
    this.code.push(...imm);
    return this;
  }

  // --- control ---
  block(): this { this.code.push(0x02, 0x40); return this; }
  loop(): this { this.code.push(0x03, 0x40); return this; }
  end(): this { return this.raw(0x0b); }
  brIf(depth: number): this { return this.op(0x0d, depth); }
  br(depth: number): this { return this.op(0x0c, depth); }

  /** Encoded body: local declarations (one group per local), code, end. */
  body(): number[] {
    const out: number[] = [];
    uleb(this.localTypes.length, out);
    for (const t of this.localTypes) out.push(1, t);
    out.push(...this.code, 0x0b);
    const sized: number[] = [];
    uleb(out.length, sized);
    return [...sized, ...out];
  }

  private raw(b: number): this { this.code.push(b); return this; }
  private op(b: number, imm: number): this { this.code.push(b); uleb(imm, this.code); return this; }
  private mem(b: number, align: number, offset: number): this {
    this.code.push(b);
    uleb(align, this.code);
    uleb(offset, this.code);
    return this;
  }
  private simdMem(sub: number, offset: number): this {
    this.simd(sub);
    uleb(0, this.code); // alignment hint 1: data may be unaligned
    uleb(offset, this.code);
    return this;
  }
}

/** A module importing its memory as env.memory and exporting every function by name. */
export function encodeModule(funcs: FuncBuilder[]): Uint8Array<ArrayBuffer> {
  const section = (id: number, content: number[]): number[] => {
    const out = [id];
    uleb(content.length, out);
    return [...out, ...content];
  };
  const vec = (items: number[][]): number[] => {
    const out: number[] = [];
    uleb(items.length, out);
    for (const it of items) out.push(...it);
    return out;
  };
  // One function type per function (duplicates are allowed), all returning nothing.
  const types = vec(funcs.map((f) => {
    const t = [0x60];
    uleb(f.params.length, t);
    t.push(...f.params, 0);
    return t;
  }));
  const imp: number[] = [];
  uleb(1, imp);
  str('env', imp);
  str('memory', imp);
  imp.push(0x02, 0x00, 0x01); // memory, limits: min 1 page, no max
  const fnIndices = vec(funcs.map((_, i) => { const o: number[] = []; uleb(i, o); return o; }));
  const exps = vec(funcs.map((f, i) => { const o: number[] = []; str(f.name, o); o.push(0x00); uleb(i, o); return o; }));
  const code = vec(funcs.map((f) => f.body()));
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, types), ...section(2, imp), ...section(3, fnIndices), ...section(7, exps), ...section(10, code),
  ]);
}
