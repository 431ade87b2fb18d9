import { describe, expect, it } from 'vitest';
import { makeRng } from '../../util/rng';
import { convFloat, type ConvGeometry } from '../kernels/conv_2d';
import { filterRowOrder, tapOrder } from '../util/xnnpack_order';
import { convSimd, packFilter } from './conv';
import { align16, setSimdEnabled, simdRuntime } from './kernels';
import { encodeModule, F32, FuncBuilder, I32 } from './wasm_asm';

describe('wasm_asm', () => {
  it('encodes a valid module whose function runs', () => {
    // scale(ptr, n, k): mem[ptr .. ptr+4n) *= k, as f32
    const f = new FuncBuilder('scale', [I32, I32, F32]);
    const end = f.local(I32);
    f.get(0).get(1).i32(4).mul().add().set(end);
    f.block().loop();
    f.get(0).get(end).geS().brIf(1);
    f.get(0).get(0).f32Load().get(2).f32Mul().f32Store();
    f.get(0).i32(4).add().set(0).br(0);
    f.end().end();
    const bytes = encodeModule([f]);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const inst = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    const view = new Float32Array(memory.buffer);
    view.set([1, 2, 3, -4], 2);
    (inst.exports.scale as (p: number, n: number, k: number) => void)(8, 4, 0.5);
    expect(Array.from(view.subarray(0, 7))).toEqual([0, 0, 0.5, 1, 1.5, -2, 0]);
  });
  it('builds the SIMD runtime in Node; setSimdEnabled(false) turns it off', () => {
    expect(simdRuntime()).not.toBeNull();
    setSimdEnabled(false);
    expect(simdRuntime()).toBeNull();
    setSimdEnabled(true);
    expect(align16(17)).toBe(32);
  });
});

describe('convSimd', () => {
  it('grows wasm memory for a large image and agrees with the scalar path', () => {
    const rt = simdRuntime()!;
    const rng = makeRng(6);
    const g: ConvGeometry = {
      batch: 1, inH: 300, inW: 300, inC: 3, kH: 3, kW: 3, filterInC: 3, outC: 20, groups: 1, strideH: 1, strideW: 1,
      dilationH: 1, dilationW: 1, outH: 300, outW: 300, padTop: 1, padLeft: 1,
    };
    const x = rng.floats(300 * 300 * 3);
    const w = rng.floats(20 * 27);
    const b = rng.floats(20);
    const simdOut = new Float32Array(300 * 300 * 20);
    const taps = tapOrder(3, 3, false);
    const order = { taps, kIdx: filterRowOrder(taps, 3) };
    convSimd(rt, g, x, packFilter(w, b, 1, 20, 27, order.kIdx), taps, simdOut, -Infinity, Infinity);
    expect(rt.f32.length * 4).toBeGreaterThan(300 * 300 * 20 * 4); // memory grew past 16 pages
    const jsOut = new Float32Array(300 * 300 * 20);
    convFloat(g, x, w, b, order, jsOut, -Infinity, Infinity, { img: new Float32Array(0), koff: new Int32Array(0), koffKey: '' });
    // Both paths sum in the same float32 order: the same bits.
    let differ = 0;
    for (let i = 0; i < jsOut.length; i++) if (jsOut[i] !== simdOut[i]) differ++;
    expect(differ).toBe(0);
  });
});
