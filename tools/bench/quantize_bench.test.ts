// The quantize bench's helpers: the synthetic model, the measurement and the child process, on a
// tiny model (behaviour only: which figures exist and what they count, never how fast).
import { describe, expect, it } from 'vitest';
import { makePolicy, quantizeFile } from '../../src/core/quantize';
import { MIN_RUNTIME_VERSION_BYTES } from '../../src/core/tflite/metadata';
import { readModel } from '../../src/core/tflite/reader';
import { newBytes, measureQuantize } from './quantize_measure';
import { BENCH_SIZE, floatWeightBytes, syntheticFloatFile, syntheticWeightBytes, type SyntheticSize } from './quantize_model';
import { describeMeasurement, parseChildOutput, runQuantizeChild, withTempFile } from './quantize_section';

// Every weight has ≥ 1024 elements, so every one is quantized: conv 16·9·16, fc 64·256, 32·64, 40·32.
const TINY: SyntheticSize = { hw: 4, channels: 16, hidden: 64, wide: 32, classes: 40 };
const WEIGHT_ELEMENTS = 16 * 9 * 16 + 64 * 256 + 32 * 64 + 40 * 32;

describe('synthetic float model', () => {
  it('the bench size has at least 150 MB of float32 weights', () => {
    expect(syntheticWeightBytes(BENCH_SIZE)).toBe(176_842_656);
  });

  it('is seeded, and its float32 constants are what the sizes say', () => {
    const bytes = syntheticFloatFile(TINY, 7);
    expect(bytes).toEqual(syntheticFloatFile(TINY, 7));
    expect(bytes).not.toEqual(syntheticFloatFile(TINY, 8));
    expect(floatWeightBytes(readModel(bytes))).toBe(syntheticWeightBytes(TINY));
  });

  it('every weight goes through the quantizer (tf2.21: all per-channel; tf2.14: FC per-tensor)', async () => {
    const bytes = syntheticFloatFile(TINY);
    const weights = (m: ReturnType<typeof readModel>) => m.subgraphs[0].tensors.filter((t) => /W$/.test(t.name));
    const v21 = readModel((await quantizeFile(bytes, makePolicy({ preset: 'tf2.21' }))).bytes);
    expect(weights(v21).map((t) => [t.name, t.dtype, t.quantization?.scale.length])).toEqual([
      ['convW', 'int8', 16], ['fc1W', 'int8', 64], ['fc2W', 'int8', 32], ['fc3W', 'int8', 40],
    ]);
    const v14 = readModel((await quantizeFile(bytes, makePolicy({ preset: 'tf2.14' }))).bytes);
    expect(weights(v14).map((t) => t.quantization?.scale.length)).toEqual([16, 1, 1, 1]);
  });
});

describe('quantize measurement', () => {
  it('counts each ArrayBuffer once, and only new ones', () => {
    const shared = new ArrayBuffer(100);
    const known = new Set<ArrayBufferLike>([shared]);
    const own = new Uint8Array(40);
    expect(newBytes([new Uint8Array(shared, 10, 5), own, own.subarray(0, 8), new Uint8Array(7)], known)).toBe(47);
    expect(newBytes([own], known)).toBe(0);
  });

  it('times every round and says what each stage keeps', async () => {
    const bytes = syntheticFloatFile(TINY);
    const m = await measureQuantize(bytes, makePolicy(), 2, 'tiny.tflite');
    expect(m.rounds).toHaveLength(2);
    expect(m.fileBytes).toBe(bytes.length);
    expect(m.floatWeightBytes).toBe(syntheticWeightBytes(TINY));
    expect(m.mbps).toBeCloseTo(m.floatWeightBytes / 1e6 / (m.medianWallMs / 1000), 6);
    expect(m.stages.map((s) => s.stage)).toEqual(['readModel', 'plan', 'apply', 'writeModel']);
    const kept = Object.fromEntries(m.stages.map((s) => [s.stage, Math.round(s.keptMB * 1e6)]));
    // The reader copies every constant (float32 weights and biases, the int32 shape); apply makes
    // one int8 buffer per weight, plus the 16-byte min_runtime_version metadata buffer it adds; the
    // writer keeps its builder's whole buffer (≥ the output).
    expect(kept.readModel).toBe(syntheticWeightBytes(TINY) + 8);
    expect(kept.plan).toBe(0);
    expect(kept.apply).toBe(WEIGHT_ELEMENTS + MIN_RUNTIME_VERSION_BYTES);
    expect(kept.writeModel).toBeGreaterThanOrEqual(m.outputBytes);
    expect(Number.isFinite(m.peakMB) && Number.isFinite(m.peakRatio)).toBe(true);
    expect(describeMeasurement('tiny', m)).toMatch(/^tiny: 0\.\d MB file .* MB\/s wall/);
  });

  it('runs in a fresh child process and reads its JSON line', async () => {
    const bytes = syntheticFloatFile(TINY);
    const m = await withTempFile('tiny.tflite', bytes, (file) => runQuantizeChild(file, { preset: 'tf2.14', rounds: 1 }));
    expect(m.fileBytes).toBe(bytes.length);
    expect(m.rounds).toHaveLength(1);
    expect(m.gcExposed).toBe(true);
    expect(m.peakRssMB).toBeGreaterThan(m.baselineRssMB - 1e-9);
    // The child's own high-water mark, not the inherited ru_maxrss (this test process is bigger).
    if (process.platform === 'linux') expect(m.peakSource).toBe('VmHWM since baseline');
  }, 60_000);

  it('a child failure names the file and the error', async () => {
    await expect(withTempFile('broken.tflite', new Uint8Array([1, 2, 3]), (file) => runQuantizeChild(file, { rounds: 1 })))
      .rejects.toThrow(/quantize child on broken\.tflite: exit code 1: .*broken\.tflite/);
  }, 60_000);

  it('refuses child output without a complete measurement', () => {
    expect(() => parseChildOutput('hello\n')).toThrow("no JSON measurement in the child's output (last line: 'hello')");
    expect(() => parseChildOutput('{"mbps": 1}\n')).toThrow("the child's measurement has no finite 'peakMB'");
  });
});
