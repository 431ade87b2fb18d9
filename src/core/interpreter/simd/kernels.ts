// The WebAssembly SIMD (f32x4) runtime for the float kernels that dominate run time: the
// convolution / fully-connected product, depthwise convolution and max pooling (loops in
// conv_kernels.ts and pool_kernels.ts). Scalar JavaScript tops out near one multiply-add per
// cycle; these do four. The kernels see only wasm linear memory: the glue (simd/conv.ts) copies
// operands in and results out (plain typed-array copies, cheap next to the arithmetic).
//
// Numerics: as the official runtime's kernels (util/xnnpack_order.ts, util/eigen_order.ts): float32
// accumulators, one rounded product and add at a time, in the caller's tap order, then the
// fused-activation clamp min(max(x, lo), hi).
//
// simdRuntime() returns null where WebAssembly SIMD is unavailable (or disabled for tests with
// setSimdEnabled(false)); callers then use their scalar JavaScript path.

import { encodeModule } from './wasm_asm';
import { convEigenKernel, convKernel, depthwiseKernel } from './conv_kernels';
import { maxPool2x2Kernel, maxPoolKernel } from './pool_kernels';

/** Channels (lanes) per vector, and vectors per channel block of the conv kernel. */
export const LANES = 4;
export const MAX_VECTORS = 4;

export type ConvFn = (img: number, rowStep: number, colStep: number, outH: number, outW: number, koff: number, kEnd: number,
  w: number, wStride: number, bias: number, out: number, outStride: number, lo: number, hi: number) => void;
/** conv_eigen_v{nv}: ConvFn's arguments, then the depth block in bytes of koff and the split flag. */
export type ConvEigenFn = (img: number, rowStep: number, colStep: number, outH: number, outW: number, koff: number, kEnd: number,
  w: number, wStride: number, bias: number, out: number, outStride: number, lo: number, hi: number, kcBytes: number, split: number) => void;
type MaxPoolFn = (inp: number, inH: number, inW: number, c4: number, outH: number, outW: number, strideH: number, strideW: number,
  fH: number, fW: number, padTop: number, padLeft: number, out: number, lo: number, hi: number) => void;
type MaxPool2x2Fn = (inp: number, inW: number, c4: number, outH: number, outW: number, out: number, lo: number, hi: number) => void;
type DepthwiseFn = (img: number, rowStep: number, colStep: number, outH: number, outW: number, c4: number, koff: number, kEnd: number,
  w: number, bias: number, out: number, lo: number, hi: number) => void;

/** The compiled kernels and their memory. Views (f32, i32) are refreshed whenever memory grows. */
export class SimdRuntime {
  f32: Float32Array;
  i32: Int32Array;
  /** conv[nv − 1] handles a block of nv vectors (nv·4 channels). */
  readonly conv: ConvFn[];
  /** convEigen[nv − 1]: the same in the builtin kernels' order. */
  readonly convEigen: ConvEigenFn[];
  readonly maxPool: MaxPoolFn;
  readonly maxPool2x2: MaxPool2x2Fn;
  readonly depthwise: DepthwiseFn;

  constructor(private readonly memory: WebAssembly.Memory, instance: WebAssembly.Instance) {
    const e = instance.exports as Record<string, unknown>;
    this.conv = Array.from({ length: MAX_VECTORS }, (_, i) => e[`conv_v${i + 1}`] as ConvFn);
    this.convEigen = Array.from({ length: MAX_VECTORS }, (_, i) => e[`conv_eigen_v${i + 1}`] as ConvEigenFn);
    this.maxPool = e.maxpool as MaxPoolFn;
    this.maxPool2x2 = e.maxpool2x2 as MaxPool2x2Fn;
    this.depthwise = e.dwconv as DepthwiseFn;
    this.f32 = new Float32Array(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
  }

  /** Makes memory at least `bytes` long (views are replaced, never kept stale). */
  ensure(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes <= have) return;
    try {
      this.memory.grow(Math.ceil((bytes - have) / 65536));
    } catch {
      throw new RangeError(`the SIMD kernels need ${bytes} bytes of WebAssembly memory and it cannot grow that far`);
    }
    this.f32 = new Float32Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
  }
}

let runtime: SimdRuntime | null | undefined;
let enabled = true;

/** The shared SIMD runtime of this thread, or null without WebAssembly SIMD (or when disabled). */
export function simdRuntime(): SimdRuntime | null {
  if (!enabled) return null;
  if (runtime === undefined) runtime = createRuntime();
  return runtime;
}

/** Tests use this to run the scalar JavaScript paths too. */
export function setSimdEnabled(on: boolean): void {
  enabled = on;
}

function createRuntime(): SimdRuntime | null {
  try {
    if (typeof WebAssembly !== 'object') return null;
    const bytes = encodeModule([
      ...Array.from({ length: MAX_VECTORS }, (_, i) => convKernel(i + 1)),
      ...Array.from({ length: MAX_VECTORS }, (_, i) => convEigenKernel(i + 1)),
      maxPoolKernel(), maxPool2x2Kernel(), depthwiseKernel(),
    ]);
    if (!WebAssembly.validate(bytes)) return null;
    const memory = new WebAssembly.Memory({ initial: 16 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    return new SimdRuntime(memory, instance);
  } catch {
    return null; // e.g. synchronous compilation refused on a browser main thread
  }
}

/** Rounds a byte offset up to 16. */
export function align16(n: number): number {
  return (n + 15) & ~15;
}
