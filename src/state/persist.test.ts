import { describe, expect, it } from 'vitest';
import {
  clearSession, loadSession, saveSession, SESSION_KEY, SESSION_VERSION, sessionProblem,
  type KeyValueStore, type SavedSession,
} from './persist';

function memoryStore(initial?: unknown): KeyValueStore & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  if (initial !== undefined) map.set(SESSION_KEY, initial);
  return {
    map,
    get: async (k) => map.get(k),
    set: async (k, v) => { map.set(k, structuredClone(v)); },
    del: async (k) => { map.delete(k); },
  };
}

function session(): Omit<SavedSession, 'version'> {
  return {
    float: { fileName: 'mnist_cnn_float.tflite', bytes: new Uint8Array(64).fill(7) },
    training: {
      source: 'trained',
      settings: { epochs: 1, batchSize: 32, learningRate: 0.001, seed: 42, trainLimit: null },
      seed: 42,
      trainCount: 60000,
      backend: 'wasm',
      imagesPerSecond: 3000,
      points: [{ step: 0, loss: 2.3, accuracy: 0.1 }, { step: 1, loss: 2.1, accuracy: 0.2 }],
      batchesPerEpoch: 1875,
      epochs: [{ epoch: 0, meanLoss: 0.3, trainAccuracy: 0.9, testAccuracy: 0.97, epochSeconds: 20 }],
      savedAt: '2026-01-01T00:00:00.000Z',
    },
    drq: {
      fileName: 'mnist_cnn_drq_tf2.21.tflite',
      bytes: new Uint8Array(32).fill(1),
      knobs: { preset: 'tf2.21', mode: 'int8', minElements: 1024, perChannel: true },
      report: null,
    },
  };
}

describe('session persistence', () => {
  it('saves and loads a session with its bytes', async () => {
    const store = memoryStore();
    await saveSession(session(), store);
    const { session: back, discarded } = await loadSession(store);
    expect(discarded).toBeNull();
    expect(back!.version).toBe(SESSION_VERSION);
    expect(back!.float.bytes).toEqual(new Uint8Array(64).fill(7));
    expect(back!.drq!.knobs.preset).toBe('tf2.21');
    expect(back!.training.points).toHaveLength(2);
  });

  it('accepts a session without a DRQ model', async () => {
    const store = memoryStore();
    await saveSession({ ...session(), drq: null }, store);
    expect((await loadSession(store)).session!.drq).toBeNull();
  });

  it('reports nothing when no session is stored', async () => {
    expect(await loadSession(memoryStore())).toEqual({ session: null, discarded: null });
  });

  it('discards a session written by another format version, with a message, and deletes it', async () => {
    const store = memoryStore({ ...session(), version: SESSION_VERSION + 1 });
    const { session: s, discarded } = await loadSession(store);
    expect(s).toBeNull();
    expect(discarded).toMatch(/another version of Quant Lab/);
    expect(store.map.has(SESSION_KEY)).toBe(false);
  });

  it('discards broken records (wrong bytes, damaged curves, unknown preset, not an object)', async () => {
    const cases: [unknown, RegExp][] = [
      [{ ...session(), version: SESSION_VERSION, float: { fileName: 'x', bytes: [1, 2, 3] } }, /float model has no model bytes/],
      [{ ...session(), version: SESSION_VERSION, training: { ...session().training, points: [{ step: 'a' }] } }, /curves are damaged/],
      [{ ...session(), version: SESSION_VERSION, drq: { ...session().drq, knobs: { ...session().drq!.knobs, preset: 'tf9' } } }, /unknown preset tf9/],
      [{ ...session(), version: SESSION_VERSION, drq: { ...session().drq, report: { rows: 'x' } } }, /report is damaged/],
      ['garbage', /not a record/],
      [null, /not a record/],
    ];
    for (const [value, message] of cases) {
      const store = memoryStore(value);
      const { session: s, discarded } = await loadSession(store);
      expect(s).toBeNull();
      expect(discarded).toMatch(message);
      expect(store.map.has(SESSION_KEY)).toBe(false);
    }
  });

  it('reports a storage that cannot be read instead of throwing', async () => {
    const store: KeyValueStore = { get: () => Promise.reject(new Error('quota')), set: async () => {}, del: async () => {} };
    expect((await loadSession(store)).discarded).toMatch(/could not be read \(quota\)/);
  });

  it('clearSession removes the record', async () => {
    const store = memoryStore();
    await saveSession(session(), store);
    await clearSession(store);
    expect(store.map.size).toBe(0);
    expect(sessionProblem(undefined)).toMatch(/not a record/);
  });
});
