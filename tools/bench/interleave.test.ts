// interleave() with scripted engines: order of passes, warm-up, medians and rows (no clocks read).
import { describe, expect, it } from 'vitest';
import type { ImageSet } from '../../src/core/data/mnist';
import type { EvalEngine, EvalPass } from './eval_engines';
import { evalRow, interleave, WARMUP_IMAGES } from './interleave';

function imageSet(count: number): ImageSet {
  return { images: new Uint8Array(count * 4), labels: new Uint8Array(count), count, rows: 2, cols: 2 };
}

/** An engine whose passes take the scripted times, recording what it was asked to run. */
function scripted(name: string, times: number[], calls: string[]): EvalEngine {
  let k = -1; // the first pass is the warm-up
  return {
    name,
    async pass(set): Promise<EvalPass> {
      calls.push(`${name}:${set.count}`);
      const ms = k < 0 ? -1 : times[k];
      k++;
      return { ms, cpuMs: ms / 2, predicted: new Uint8Array(set.count), correct: Math.floor(set.count / 2) };
    },
    close() {},
  };
}

describe('interleave', () => {
  it('warms every engine up, then alternates them round by round, and takes medians', async () => {
    const calls: string[] = [];
    const lines: string[] = [];
    const a = scripted('A', [30, 10, 20], calls);
    const b = scripted('B', [5, 7, 100], calls);
    const set = imageSet(1000);
    expect(WARMUP_IMAGES).toBe(200);
    const [ra, rb] = await interleave('t', [{ engine: a, model: 'a.tflite', label: 'first' }, { engine: b, model: 'b.tflite' }], set, 3, (l) => lines.push(l));
    expect(calls).toEqual(['A:200', 'B:200', 'A:1000', 'B:1000', 'A:1000', 'B:1000', 'A:1000', 'B:1000']);
    expect(ra.ms).toBe(20);
    expect(ra.cpuMs).toBe(10);
    expect(rb.ms).toBe(7);
    expect(ra.passes.map((p) => p.ms)).toEqual([30, 10, 20]); // warm-up not kept
    expect(lines).toEqual(['  t round 1/3: first 30 ms, B 5 ms', '  t round 2/3: first 10 ms, B 7 ms', '  t round 3/3: first 20 ms, B 100 ms']);
    expect(evalRow('sec', rb, 1000)).toEqual({
      section: 'sec', model: 'b.tflite', engine: 'B', images: 1000, ms: 7, cpuMs: 3.5, msPerImage: 0.007, accuracy: 0.5,
    });
  });

  it('warms up on the whole set when it is smaller than the warm-up slice', async () => {
    const calls: string[] = [];
    const [r] = await interleave('t', [{ engine: scripted('A', [4], calls), model: 'a' }], imageSet(50), 1, () => {});
    expect(calls).toEqual(['A:50', 'A:50']);
    expect(r.ms).toBe(4);
  });
});
