// WorkerSlot against an in-process "worker": a MessageChannel whose far end is exposed with
// comlink, so calls, cancellation and restarts go through the real comlink protocol.

import { expose } from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { isCancel, WorkerRestartedError, WorkerSlot, type CancellableApi } from './bridge';
import { cancelCall, withCancel } from './cancel';

interface TestApi extends CancellableApi {
  add(a: number, b: number): number;
  /** Waits until cancelled (checks its signal every few ms, as the core's loops do). */
  cooperative(callId: number): Promise<string>;
  /** Never settles and ignores cancel: a stuck worker. */
  stuck(callId: number): Promise<string>;
  fail(): void;
}

const api: TestApi = {
  add: (a, b) => a + b,
  cooperative: (callId) => withCancel(callId, (signal) => new Promise<string>((_, reject) => {
    const timer = setInterval(() => {
      if (signal.aborted) {
        clearInterval(timer);
        const e = new Error('cancelled');
        e.name = 'AbortError';
        reject(e);
      }
    }, 5);
  })),
  stuck: () => new Promise<string>(() => {}),
  fail: () => {
    const e = new Error('tensor 5: bad');
    e.name = 'TfliteFormatError';
    throw e;
  },
  cancel: (callId) => cancelCall(callId),
};

const ports: MessagePort[] = [];
let created = 0;
let terminated = 0;

/** A Worker look-alike: port1 is the page side, port2 runs `api`. */
function fakeWorker(): Worker {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  expose(api, port2);
  created++;
  const worker = port1 as unknown as Worker & { terminate(): void };
  worker.terminate = () => {
    terminated++;
    port1.close();
    port2.close();
  };
  port1.start();
  return worker;
}

afterEach(() => {
  for (const p of ports.splice(0)) p.close();
});

describe('WorkerSlot', () => {
  it('creates the worker on first use and runs calls through comlink', async () => {
    const slot = new WorkerSlot<TestApi>('test', fakeWorker);
    const before = created;
    expect(slot.running).toBe(false);
    expect(await slot.call((w) => w.add(2, 3))).toBe(5);
    expect(await slot.call((w) => w.add(4, 5))).toBe(9);
    expect(created - before).toBe(1);
    slot.terminate('done');
  });

  it('keeps the error name and message of a failing call', async () => {
    const slot = new WorkerSlot<TestApi>('test', fakeWorker);
    await expect(slot.call((w) => w.fail())).rejects.toMatchObject({ name: 'TfliteFormatError', message: 'tensor 5: bad' });
    slot.terminate('done');
  });

  it('cancels a cooperative call through its AbortSignal, without restarting the worker', async () => {
    const slot = new WorkerSlot<TestApi>('test', fakeWorker);
    const abort = new AbortController();
    const call = slot.call((w, id) => w.cooperative(id), { signal: abort.signal });
    setTimeout(() => abort.abort(), 20);
    const err = await call.catch((e: unknown) => e);
    expect(isCancel(err)).toBe(true);
    expect((err as Error).name).toBe('AbortError');
    const t = terminated;
    expect(await slot.call((w) => w.add(1, 1))).toBe(2); // same worker still answers
    expect(terminated).toBe(t);
    slot.terminate('done');
  });

  it('terminates and recreates a worker that does not stop after a cancel', async () => {
    const slot = new WorkerSlot<TestApi>('test', fakeWorker);
    const restarts: string[] = [];
    slot.onRestart((reason) => restarts.push(reason));
    const abort = new AbortController();
    const call = slot.call((w, id) => w.stuck(id), { signal: abort.signal, graceMs: 30 });
    const t = terminated;
    abort.abort();
    const err = await call.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerRestartedError);
    expect(isCancel(err)).toBe(true);
    expect(terminated).toBe(t + 1);
    expect(restarts).toEqual(['cancelled']);
    expect(slot.running).toBe(false);
    const c = created;
    expect(await slot.call((w) => w.add(20, 22))).toBe(42);
    expect(created).toBe(c + 1);
    slot.terminate('done');
  });

  it('rejects every pending call when the worker is terminated', async () => {
    const slot = new WorkerSlot<TestApi>('test', fakeWorker);
    const a = slot.call((w, id) => w.stuck(id));
    const b = slot.call((w, id) => w.stuck(id));
    slot.terminate('the page asked');
    await expect(a).rejects.toThrow('test worker restarted: the page asked');
    await expect(b).rejects.toBeInstanceOf(WorkerRestartedError);
    expect(isCancel(await a.catch((e: unknown) => e))).toBe(false);
  });

  it('refuses to start a call whose signal is already aborted', async () => {
    const slot = new WorkerSlot<TestApi>('test', fakeWorker);
    const abort = new AbortController();
    abort.abort();
    await expect(slot.call((w) => w.add(1, 2), { signal: abort.signal })).rejects.toMatchObject({ name: 'AbortError' });
    slot.terminate('done');
  });
});
