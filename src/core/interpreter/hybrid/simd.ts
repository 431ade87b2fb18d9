// WebAssembly SIMD for the hybrid kernels' two hot loops: quantizing float rows to int8 codes and
// the int8 × int8 → int32 matrix product. Built with the project's tiny encoder (simd/wasm_asm.ts); the
// integer SIMD opcodes it has no named method for are emitted by sub-opcode from the OP table below
// (FuncBuilder.simd; fixed-width SIMD proposal, 0xFD prefix). Results are bit-identical to the
// JavaScript paths (quantize_input.ts, int8_gemm.ts): the tests run both.
//
// Memory: one module with its own memory; a caller reserves a layout for one eval call (reset(),
// alloc(), ensure()) and reads/writes through the views (refreshed whenever memory grows). Rows
// live at a padded stride kp (a multiple of 16): float rows and weight rows are zero-padded, so the
// padded tail adds 0 to every dot product and does not move min(0, ·) / max(0, ·). The int8 codes
// (quantized inputs and weights) are stored widened to int16 (view `codes`, CODE_BYTES each):
// i32x4.dot_i16x8_s takes them as they are, so the product loop widens nothing.
//
// Kernels (pointers in bytes):
//   minmax(x, rows, kp, out)   per row r: out[r·8 .. r·8+8) = 4 lanes of running min (from 0),
//                              4 lanes of running max (from 0); the caller folds the lanes.
//   quant(x, rows, kp, params, q, minq)
//                              per row r with params[r] = (inv, zp) as f32:
//                              q = clamp(roundf(zp + x·inv), minq, 127) as int16, all float32 steps.
//   gemm_j{J}(a, M, kp, w, N, acc)
//                              acc[m·N + j] = Σ_k a[m·kp + k] · w[j·kp + k], j < J ≤ 4 (int16 codes → int32);
//                              gemm() runs it over blocks of 4 weight rows.
//
// The selection follows the float SIMD runtime: setSimdEnabled(false) (simd/kernels.ts) switches
// these off too, so tests can run the JavaScript paths.

import { encodeModule, F32, FuncBuilder, I32, V128 } from '../simd/wasm_asm';
import { simdRuntime } from '../simd/kernels';
import { asymmetricParams, symmetricParams } from './quantize_input';

const OP = {
  i16x8Splat: 0x10, i32x4Splat: 0x11, i32x4ExtractLane: 0x1b,
  v128And: 0x4e, v128Or: 0x50,
  i16x8NarrowI32x4S: 0x85, i16x8MinS: 0x96, i16x8MaxS: 0x98, i32x4Add: 0xae, i32x4DotI16x8S: 0xba,
  i32x4TruncSatF32x4S: 0xf8,
} as const;

/** minmax(x, rows, kp, out): lane-wise min and max of every row, both started at 0. */
function minmaxKernel(): FuncBuilder {
  const f = new FuncBuilder('minmax', [I32, I32, I32, I32]);
  const [x, rows, kp, out] = [0, 1, 2, 3];
  const r = f.local(I32), p = f.local(I32), end = f.local(I32), lo = f.local(V128), hi = f.local(V128), v = f.local(V128);
  f.i32(0).set(r).get(x).set(p);
  f.block().loop(); // rows
  f.get(r).get(rows).geS().brIf(1);
  f.f32(0).f32x4Splat().set(lo).f32(0).f32x4Splat().set(hi);
  f.get(p).get(kp).i32(4).mul().add().set(end);
  f.block().loop(); // 4 floats at a time
  f.get(p).get(end).geS().brIf(1);
  f.get(p).v128Load().set(v);
  // lo = v < lo ? v : lo (pmin(lo, v)); hi = hi < v ? v : hi (pmax(hi, v)), as C++ comparisons.
  f.get(lo).get(v).f32x4Pmin().set(lo);
  f.get(hi).get(v).f32x4Pmax().set(hi);
  f.get(p).i32(16).add().set(p).br(0);
  f.end().end();
  f.get(out).get(lo).v128Store(0).get(out).get(hi).v128Store(16);
  f.get(out).i32(32).add().set(out);
  f.get(r).i32(1).add().set(r).br(0);
  f.end().end();
  return f;
}

/**
 * quant(x, rows, kp, params, q, minq): float rows → int8 codes as int16 rows (stride kp),
 * TFLite's roundf and clamp.
 *
 * roundf (half away from zero) is trunc(v + copysign(0.49999997, v)) in float32: 0.49999997 is
 * 0.5 − 2⁻²⁵, so a fraction below one half can never carry the sum to the next integer (the sum
 * stays at least one ulp below it), while a fraction of one half or more always reaches it (the
 * sum is at most 2⁻²⁵ short of it and rounds up, ties included). Exact for |v| < 2²³, and larger
 * values saturate anyway. The tests compare with the JavaScript path.
 */
function quantKernel(): FuncBuilder {
  const f = new FuncBuilder('quant', [I32, I32, I32, I32, I32, I32]);
  const [x, rows, kp, params, q, minq] = [0, 1, 2, 3, 4, 5];
  const r = f.local(I32), p = f.local(I32), end = f.local(I32), o = f.local(I32);
  const inv = f.local(V128), zp = f.local(V128), almostHalf = f.local(V128), sign = f.local(V128), lowV = f.local(V128), highV = f.local(V128);
  const ints = [f.local(V128), f.local(V128)];
  const v = f.local(V128);
  f.f32(0.49999997).f32x4Splat().set(almostHalf);
  f.i32(-0x80000000); f.simd(OP.i32x4Splat).set(sign);
  f.get(minq); f.simd(OP.i16x8Splat).set(lowV);
  f.i32(127); f.simd(OP.i16x8Splat).set(highV);
  f.i32(0).set(r).get(x).set(p).get(q).set(o);
  f.block().loop(); // rows
  f.get(r).get(rows).geS().brIf(1);
  f.get(params).f32Load(0).f32x4Splat().set(inv).get(params).f32Load(4).f32x4Splat().set(zp);
  f.get(p).get(kp).i32(4).mul().add().set(end);
  f.block().loop(); // 8 floats → 8 int16
  f.get(p).get(end).geS().brIf(1);
  for (let j = 0; j < 2; j++) {
    // v = fr(zp + fr(x · inv)); q = trunc(fr(v + copysign(0.49999997, v)))
    f.get(zp).get(p).v128Load(16 * j).get(inv).f32x4Mul().f32x4Add().set(v);
    f.get(v);
    f.get(v).get(sign); f.simd(OP.v128And).get(almostHalf); f.simd(OP.v128Or);
    f.f32x4Add();
    f.simd(OP.i32x4TruncSatF32x4S).set(ints[j]);
  }
  // clamp to [minq, 127] (minq −127 for symmetric rows, −128 for asymmetric ones)
  f.get(o);
  f.get(ints[0]).get(ints[1]); f.simd(OP.i16x8NarrowI32x4S);
  f.get(lowV); f.simd(OP.i16x8MaxS); f.get(highV); f.simd(OP.i16x8MinS);
  f.v128Store();
  f.get(o).i32(16).add().set(o);
  f.get(p).i32(32).add().set(p).br(0);
  f.end().end();
  f.get(params).i32(8).add().set(params);
  f.get(r).i32(1).add().set(r).br(0);
  f.end().end();
  return f;
}

/**
 * gemm_j{J}(a, M, kp, w, N, acc): acc[m·N + j] = Σ_k a[m·kp + k] · w[j·kp + k] for j < J over
 * int16 code rows (the caller offsets w and acc to its block of J ≤ 4 weight rows, so no pass
 * computes a missing row). Two input rows per pass (a missing second row re-reads row m; its sums
 * are not stored), 8 codes per step, one i32x4.dot_i16x8_s per row and weight row.
 */
function gemmKernel(J: number): FuncBuilder {
  const f = new FuncBuilder(`gemm_j${J}`, [I32, I32, I32, I32, I32, I32]);
  const [a, M, kp, w, N, acc] = [0, 1, 2, 3, 4, 5];
  const m = f.local(I32), rows = f.local(I32), end = f.local(I32), o = f.local(I32), rowBytes = f.local(I32);
  const pa = [f.local(I32), f.local(I32)];
  const pw = Array.from({ length: J }, () => f.local(I32));
  const x = [f.local(V128), f.local(V128)];
  const y = f.local(V128);
  const s = Array.from({ length: 2 * J }, () => f.local(V128)); // s[i·J + j]: row i, weight row j
  f.get(kp).i32(CODE_BYTES).mul().set(rowBytes);
  f.i32(0).set(m);
  f.block().loop(); // m, 2 rows at a time
  f.get(m).get(M).geS().brIf(1);
  f.get(M).get(m).sub().set(rows);
  for (const v of s) { f.i32(0); f.simd(OP.i32x4Splat).set(v); }
  f.get(a).get(m).get(rowBytes).mul().add().tee(pa[0]).get(rowBytes).add().set(end);
  f.get(pa[0]).get(rowBytes).i32(0).get(rows).i32(2).geS().select().add().set(pa[1]);
  for (let j = 0; j < J; j++) f.get(w).get(rowBytes).i32(j).mul().add().set(pw[j]);
  f.block().loop(); // k, 8 at a time
  f.get(pa[0]).get(end).geS().brIf(1);
  f.get(pa[0]).v128Load().set(x[0]);
  f.get(pa[1]).v128Load().set(x[1]);
  for (let j = 0; j < J; j++) {
    f.get(pw[j]).v128Load().set(y);
    for (let i = 0; i < 2; i++) {
      const sv = s[i * J + j];
      f.get(sv).get(x[i]).get(y); f.simd(OP.i32x4DotI16x8S); f.simd(OP.i32x4Add).set(sv);
    }
  }
  for (const ptr of [...pa, ...pw]) f.get(ptr).i32(16).add().set(ptr);
  f.br(0);
  f.end().end();
  // store the horizontal sums: acc[(m + i)·N + j], row 1 only when it exists
  for (let i = 0; i < 2; i++) {
    f.block();
    f.get(rows).i32(i).leS().brIf(0);
    for (let j = 0; j < J; j++) {
      f.get(acc).get(m).i32(i).add().get(N).mul().i32(j).add().i32(4).mul().add().set(o);
      f.get(o);
      for (let lane = 0; lane < 4; lane++) {
        f.get(s[i * J + j]); f.simd(OP.i32x4ExtractLane, lane);
        if (lane > 0) f.add();
      }
      f.i32Store();
    }
    f.end();
  }
  f.get(m).i32(2).add().set(m).br(0);
  f.end().end();
  return f;
}

/** Weight rows per gemm_j call: 4, and the remainder. */
const GEMM_BLOCK = 4;

/** Bytes per stored int8 code (kept as int16, see above). */
export const CODE_BYTES = 2;

type MinmaxFn = (x: number, rows: number, kp: number, out: number) => void;
type QuantFn = (x: number, rows: number, kp: number, params: number, q: number, minq: number) => void;
type GemmFn = (a: number, M: number, kp: number, w: number, N: number, acc: number) => void;

/** Rounds n up to a multiple of 16. */
export function pad16(n: number): number {
  return (n + 15) & ~15;
}

/** The compiled hybrid kernels, their memory and a bump allocator for one eval call. */
export class HybridSimd {
  /** The int8 codes (quantized rows, weights, patches), stored as int16. */
  codes: Int16Array;
  i32: Int32Array;
  f32: Float32Array;
  private top = 0;

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly fns: { minmax: MinmaxFn; quant: QuantFn; gemm: GemmFn[] },
  ) {
    this.codes = new Int16Array(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
    this.f32 = new Float32Array(memory.buffer);
  }

  /** Forgets every allocation (call at the start of an eval). */
  reset(): void {
    this.top = 0;
  }

  /** The allocation point, for release(): allocations made after mark() can be dropped together. */
  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    this.top = mark;
  }

  /** Reserves `bytes` (16-aligned) and returns its byte offset; memory grows as needed (views refresh). */
  alloc(bytes: number): number {
    const at = this.top;
    this.top = pad16(at + bytes);
    const have = this.memory.buffer.byteLength;
    if (this.top > have) {
      this.memory.grow(Math.ceil((this.top - have) / 65536));
      this.codes = new Int16Array(this.memory.buffer);
      this.i32 = new Int32Array(this.memory.buffer);
      this.f32 = new Float32Array(this.memory.buffer);
    }
    return at;
  }

  /** Copies int8 rows [rows, n] into memory as int16 code rows at stride kp (zero-padded),
   *  returning the byte offset. */
  putCodeRows(src: Int8Array, rows: number, n: number, kp: number): number {
    const at = this.alloc(rows * kp * CODE_BYTES);
    const dst = this.codes;
    const base = at / CODE_BYTES;
    for (let r = 0; r < rows; r++) {
      dst.set(src.subarray(r * n, (r + 1) * n), base + r * kp);
      dst.fill(0, base + r * kp + n, base + (r + 1) * kp);
    }
    return at;
  }

  /**
   * Quantizes float rows x[xOff + r·n, … + n) (r < rows) into code rows at stride kp in memory, as
   * quantize_input.ts does (same q, scales and zero points); returns the rows' byte offset (row r
   * starts at codes[offset / CODE_BYTES + r·kp]).
   */
  quantizeRows(
    x: Float32Array, xOff: number, rows: number, n: number, kp: number, asymmetric: boolean,
    scales: Float32Array, zeroPoints: Int32Array,
  ): number {
    const xAt = this.alloc(rows * kp * 4);
    const mmAt = this.alloc(rows * 32);
    const parAt = this.alloc(rows * 8);
    const qAt = this.alloc(rows * kp * CODE_BYTES);
    const f32 = this.f32;
    const xi = xAt >> 2;
    for (let r = 0; r < rows; r++) {
      f32.set(x.subarray(xOff + r * n, xOff + (r + 1) * n), xi + r * kp);
      f32.fill(0, xi + r * kp + n, xi + (r + 1) * kp);
    }
    this.fns.minmax(xAt, rows, kp, mmAt);
    const { scale: s1, zeroPoint: z1, inv: i1 } = ONE_ROW;
    for (let r = 0; r < rows; r++) {
      const m = (mmAt >> 2) + r * 8;
      let lo = 0;
      let hi = 0;
      for (let l = 0; l < 4; l++) {
        if (f32[m + l] < lo) lo = f32[m + l];
        if (f32[m + 4 + l] > hi) hi = f32[m + 4 + l];
      }
      if (asymmetric) asymmetricParams(lo, hi, s1, z1, i1, 0);
      else symmetricParams(lo, hi, s1, z1, i1, 0);
      // an all-zero row gets inv 0 and zero point 0: q = 0, as TFLite writes it
      f32[(parAt >> 2) + 2 * r] = i1[0];
      f32[(parAt >> 2) + 2 * r + 1] = z1[0];
      scales[r] = s1[0];
      zeroPoints[r] = z1[0];
    }
    this.fns.quant(xAt, rows, kp, parAt, qAt, asymmetric ? -128 : -127);
    return qAt;
  }

  /** acc [M, N] int32 = a [M, kp] · w [N, kp]ᵀ (code rows at stride kp, byte offsets); returns
   *  acc's byte offset. */
  gemm(aAt: number, M: number, kp: number, wAt: number, N: number): number {
    const accAt = this.alloc(M * N * 4);
    for (let n = 0; n < N; n += GEMM_BLOCK) {
      const J = Math.min(GEMM_BLOCK, N - n);
      this.fns.gemm[J - 1](aAt, M, kp, wAt + n * kp * CODE_BYTES, N, accAt + n * 4);
    }
    return accAt;
  }
}

const ONE_ROW = { scale: new Float32Array(1), zeroPoint: new Int32Array(1), inv: new Float32Array(1) };

let runtime: HybridSimd | null | undefined;
let hybridEnabled = true;

/** Tests use this to run the hybrid kernels' JavaScript paths while the float SIMD stays on. */
export function setHybridSimdEnabled(on: boolean): void {
  hybridEnabled = on;
}

/** The shared hybrid SIMD kernels, or null without WebAssembly SIMD (or when SIMD is disabled). */
export function hybridSimd(): HybridSimd | null {
  if (!hybridEnabled || simdRuntime() === null) return null;
  if (runtime === undefined) runtime = createRuntime();
  return runtime;
}

function createRuntime(): HybridSimd | null {
  try {
    const gemms = Array.from({ length: GEMM_BLOCK }, (_, i) => gemmKernel(i + 1));
    const bytes = encodeModule([minmaxKernel(), quantKernel(), ...gemms]);
    if (!WebAssembly.validate(bytes)) return null;
    const memory = new WebAssembly.Memory({ initial: 16 });
    const e = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as Record<string, unknown>;
    const gemm = gemms.map((_, i) => e[`gemm_j${i + 1}`] as GemmFn);
    return new HybridSimd(memory, { minmax: e.minmax as MinmaxFn, quant: e.quant as QuantFn, gemm });
  } catch {
    return null;
  }
}
