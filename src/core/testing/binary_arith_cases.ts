// Shared cases of the SUB and MUL kernel tests (ADD's sweep varies the activation instead): a
// seeded sweep of broadcast shapes against the naive reference, float32 and int32, and the refusals.

import { expect } from 'vitest';
import type { Activation } from '../tflite/options';
import type { TensorValue } from '../interpreter/kernel';
import { makeRng } from '../util/rng';
import { f32, i32 } from './run_kernel';
import { refArith, type RefArithOp } from './reference/arith';
import { expectClose } from './tolerance';

/** Runs the kernel under test on (a runtime, b constant) with a fused activation, at node nodeIndex. */
export type RunArith = (a: TensorValue, b: TensorValue, act?: Activation, nodeIndex?: number) => TensorValue;

/** 50 seeded pairs of broadcastable shapes up to rank 6: float32 with RELU_N1_TO_1 and int32 (which
 *  wraps), both bit-exact against refArith. */
export function sweepBinaryArith(op: RefArithOp, run: RunArith, seed: number): void {
  const rng = makeRng(seed);
  for (let trial = 0; trial < 50; trial++) {
    const rank = rng.int(0, 6);
    const full = Array.from({ length: rank }, () => rng.int(1, 4));
    const shapeA = full.map((d) => (rng.next() < 0.3 ? 1 : d)).slice(rng.int(0, rank));
    const shapeB = full.map((d) => (rng.next() < 0.3 ? 1 : d)).slice(rng.int(0, rank));
    const a = f32(shapeA, rng.floats(shapeA.reduce((p, d) => p * d, 1), -4, 4));
    const b = f32(shapeB, rng.floats(shapeB.reduce((p, d) => p * d, 1), -4, 4));
    const ref = refArith(op, shapeA, a.data as Float32Array, shapeB, b.data as Float32Array, { min: -1, max: 1 });
    const out = run(a, b, 'RELU_N1_TO_1');
    expect(out.shape).toEqual(ref.shape);
    expectClose(out.data as Float32Array, ref.data, { rel: 0, abs: 0, what: `[${shapeA}] ${op} [${shapeB}]` });
    const ia = Array.from(a.data as Float32Array, (v) => Math.round(v * 1e4));
    const ib = Array.from(b.data as Float32Array, (v) => Math.round(v * 1e5));
    const ri = refArith(op, shapeA, ia, shapeB, ib, { int32: true });
    const oi = run(i32(shapeA, ia), i32(shapeB, ib));
    expect(Array.from(oi.data as ArrayLike<number>)).toEqual(ri.data);
  }
}

/** Shapes that do not broadcast and int8 (full-integer) inputs are refused, naming op and node. */
export function expectArithRefusals(opName: string, run: RunArith): void {
  expect(() => run(f32([3], [1, 2, 3]), f32([2], [1, 2]), 'NONE', 4)).toThrow(new RegExp(`${opName} \\(node 4\\).*do not broadcast`));
  const q = { scale: [0.5], zeroPoint: [0], quantizedDimension: 0, min: null, max: null, custom: null };
  const int8: TensorValue = { dtype: 'int8', shape: [2], data: new Int8Array([1, 2]), quantization: q };
  expect(() => run(int8, int8)).toThrow(new RegExp(`full-integer ${opName} is not supported`));
}
