import { describe, expect, it } from 'vitest';
import { buildModel } from '../testing/model_builder';
import { officialNumerics } from './official_path';

const f32 = (shape: number[], data?: number[]) => ({ dtype: 'float32' as const, shape, ...(data ? { data } : {}) });
const i32 = (shape: number[], data?: number[]) => ({ dtype: 'int32' as const, shape, ...(data ? { data } : {}) });

function numerics(shapeIsConstant: boolean): string {
  const m = buildModel({
    tensors: {
      x: f32([1, 4]), shape: i32([2], shapeIsConstant ? [2, 2] : undefined), r: f32([2, 2]),
      one: f32([1], [1]), a: f32([2, 2]), y: f32([1, 4]), b: f32([1, 4]),
    },
    ops: [
      { op: 'ADD', inputs: ['x', 'x'], outputs: ['y'] }, // before the RESHAPE: static
      { op: 'RESHAPE', inputs: ['x', 'shape'], outputs: ['r'] },
      { op: 'ADD', inputs: ['r', 'one'], outputs: ['a'] }, // after it
      { op: 'ADD', inputs: ['y', 'one'], outputs: ['b'] }, // a branch that never touches it
    ],
    inputs: shapeIsConstant ? ['x'] : ['x', 'shape'],
  });
  const sg = m.subgraphs[0];
  const constants = new Set(sg.tensors.map((t, i) => (m.buffers[t.buffer]?.length ? i : -1)).filter((i) => i >= 0));
  return officialNumerics(m, sg, (t) => constants.has(t));
}

describe('officialNumerics: whether the official runtime leaves a graph to its builtin kernels', () => {
  it('a RESHAPE to a shape computed at run time makes the whole graph builtin (no XNNPACK delegate at all)', () => {
    expect(numerics(false)).toBe('builtin');
  });
  it('a RESHAPE to a constant shape keeps the graph static: XNNPACK', () => {
    expect(numerics(true)).toBe('xnnpack');
  });
});
