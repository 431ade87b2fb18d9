import { describe, expect, it } from 'vitest';
import { float32ToShortest, formatTensorJson, parseTensorJson, TensorJsonError } from './tensor_json';
import { makeRng } from '../util/rng';

describe('parseTensorJson', () => {
  it('reads flat and nested data, special values and integer dtypes', () => {
    const [a, b, c] = parseTensorJson(JSON.stringify({
      inputs: [
        { shape: [1, 2, 2], dtype: 'float32', data: [[[1, 2], [3, 'NaN']]] },
        { shape: [3], dtype: 'int8', data: [-128, 0, 127] },
        { shape: [2], data: ['Infinity', '-Infinity'] },
      ],
    }));
    expect(a.dtype).toBe('float32');
    expect(a.shape).toEqual([1, 2, 2]);
    expect(Array.from(a.data as Float32Array)).toEqual([1, 2, 3, Number.NaN]);
    expect(b.data).toBeInstanceOf(Int8Array);
    expect(Array.from(b.data as Int8Array)).toEqual([-128, 0, 127]);
    expect(c.dtype).toBe('float32'); // dtype defaults to float32, as the oracle
    expect(Array.from(c.data as Float32Array)).toEqual([Infinity, -Infinity]);
  });

  it('reads a raw file entry through the supplied reader', () => {
    const raw = new Uint8Array(new Float32Array([0.5, -2]).buffer);
    const [t] = parseTensorJson('{"inputs":[{"shape":[2],"dtype":"float32","file":"x.f32"}]}', {
      readFile: (p) => { expect(p).toBe('x.f32'); return raw; },
    });
    expect(Array.from(t.data as Float32Array)).toEqual([0.5, -2]);
  });

  it('names what is wrong, in one line', () => {
    const bad: [string, RegExp][] = [
      ['{"inputs": [', /in\.json: not valid JSON/],
      ['{"x": 1}', /expected \{"inputs"/],
      ['{"inputs":[{"shape":[2,2],"data":[1,2,3]}]}', /input 0: shape \[2,2\] needs 4 values, got 3/],
      ['{"inputs":[{"shape":[2,2],"data":[[1,2],[3]]}]}', /input 0: data\[1\] has 1 entries, shape \[2,2\] needs 2/],
      ['{"inputs":[{"shape":[1],"dtype":"int8","data":[200]}]}', /not an integer in int8's range/],
      ['{"inputs":[{"shape":[1],"dtype":"int32","data":[1.5]}]}', /1\.5 at flat index 0/],
      ['{"inputs":[{"shape":[1],"dtype":"float16","data":[1]}]}', /unsupported "dtype" "float16"/],
      ['{"inputs":[{"shape":[1],"data":["one"]}]}', /value "one" is not a number/],
      ['{"inputs":[{"shape":[-1],"data":[1]}]}', /"shape" must be an array of non-negative integers/],
      ['{"inputs":[{"data":[1]}]}', /"shape" is missing/],
      ['{"inputs":[{"shape":[1],"file":"x"}]}', /"file" entries are not supported here/],
    ];
    for (const [text, re] of bad) {
      let err: unknown;
      try {
        parseTensorJson(text, { source: 'in.json' });
      } catch (e) {
        err = e;
      }
      expect(err, text).toBeInstanceOf(TensorJsonError);
      expect((err as Error).message, text).toMatch(re);
      expect((err as Error).message.includes('\n'), text).toBe(false);
    }
  });
});

describe('float32ToShortest', () => {
  it('prints short decimals that read back to the same float32', () => {
    expect(float32ToShortest(Math.fround(0.1))).toBe('0.1');
    expect(float32ToShortest(1)).toBe('1');
    expect(float32ToShortest(Math.fround(0.9955142140388489))).toBe('0.9955142');
    expect(float32ToShortest(-0)).toBe('-0');
    expect(float32ToShortest(Number.NaN)).toBe('NaN');
    expect(float32ToShortest(-Infinity)).toBe('-Infinity');
    expect(float32ToShortest(Math.fround(3.4028234663852886e38))).toBe('3.4028235e+38');
  });

  it('round-trips seeded random float32 values exactly, with at most 9 significant digits', () => {
    const rng = makeRng(11);
    const bits = new Uint32Array(1);
    const f = new Float32Array(bits.buffer);
    for (let i = 0; i < 20000; i++) {
      bits[0] = Math.floor(rng.next() * 2 ** 32);
      if (!Number.isFinite(f[0])) continue;
      const s = float32ToShortest(f[0]);
      expect(Math.fround(Number(s))).toBe(f[0]);
      expect(s.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+|0+$/g, '').length).toBeLessThanOrEqual(9);
    }
  });
});

describe('formatTensorJson', () => {
  it('writes one JSON line the oracle format reads back', () => {
    const text = formatTensorJson([
      { name: 'y', value: { dtype: 'float32', shape: [1, 3], data: new Float32Array([0.1, Number.NaN, -Infinity]), quantization: null } },
      { value: { dtype: 'int64', shape: [1], data: new BigInt64Array([7n]), quantization: null } },
    ]);
    expect(text).toBe('{"outputs":[{"name":"y","shape":[1,3],"dtype":"float32","data":[0.1,"NaN","-Infinity"]},' +
      '{"shape":[1],"dtype":"int64","data":[7]}]}');
    const back = parseTensorJson(text.replace('"outputs"', '"inputs"'));
    expect(Array.from(back[0].data as Float32Array)).toEqual([Math.fround(0.1), Number.NaN, -Infinity]);
  });
});
