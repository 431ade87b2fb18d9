// Page side of a worker: creates it lazily, wraps it with comlink, makes calls cancellable, and
// terminates and recreates it when it is stuck (the squoosh pattern).
//
// A comlink call to a terminated worker never settles, so every call races a per-generation
// "killed" promise: restart() rejects it, and every pending call rejects with WorkerRestartedError.
// Cancelling a call asks the worker to abort it (cancel(callId) → the core's AbortSignal); if the
// call has not settled within graceMs, the worker is presumed stuck and restarted.

import { wrap, type Remote } from 'comlink';

/** What every worker API offers so that calls can be cancelled. */
export interface CancellableApi {
  cancel(callId: number): void;
}

export class WorkerRestartedError extends Error {
  constructor(readonly worker: string, readonly reason: string) {
    super(`${worker} worker restarted: ${reason}`);
    this.name = 'WorkerRestartedError';
  }
}

/** True for the error a cancelled call rejects with (the core's AbortError, or a restart after cancel). */
export function isCancel(e: unknown): boolean {
  return e instanceof Error && (e.name === 'AbortError' || (e instanceof WorkerRestartedError && e.reason === 'cancelled'));
}

export interface CallOptions {
  signal?: AbortSignal;
  /** How long a cancelled call may take to stop before the worker is terminated. Default 2 s. */
  graceMs?: number;
}

interface Generation<T> {
  worker: Worker;
  remote: Remote<T>;
  killed: Promise<never>;
  kill: (e: Error) => void;
}

let nextCallId = 1;

export class WorkerSlot<T extends CancellableApi> {
  private current: Generation<T> | null = null;
  private readonly restartListeners = new Set<(reason: string) => void>();

  constructor(readonly name: string, private readonly make: () => Worker) {}

  /** The worker's API (started on first use). */
  get api(): Remote<T> {
    return this.generation().remote;
  }

  get running(): boolean {
    return this.current !== null;
  }

  /** Called after the worker was terminated (state it held, such as loaded models, is gone). */
  onRestart(listener: (reason: string) => void): () => void {
    this.restartListeners.add(listener);
    return () => this.restartListeners.delete(listener);
  }

  private generation(): Generation<T> {
    if (this.current) return this.current;
    const worker = this.make();
    let kill!: (e: Error) => void;
    const killed = new Promise<never>((_, reject) => { kill = reject; });
    killed.catch(() => {}); // no unhandled rejection when nothing is pending
    const gen: Generation<T> = { worker, remote: wrap<T>(worker), killed, kill };
    // A worker whose script fails to load or throws at top level cannot answer any call.
    worker.addEventListener('error', (ev) => {
      ev.preventDefault();
      this.terminate(`${ev.message || 'the worker script failed to load'}`);
    });
    this.current = gen;
    return gen;
  }

  /** Terminates the worker (if any); pending calls reject with WorkerRestartedError(reason). */
  terminate(reason: string): void {
    const gen = this.current;
    if (!gen) return;
    this.current = null;
    gen.worker.terminate();
    gen.kill(new WorkerRestartedError(this.name, reason));
    for (const l of this.restartListeners) l(reason);
  }

  /** Runs one call; cancellable through opts.signal. */
  async call<R>(run: (api: Remote<T>, callId: number) => Promise<R>, opts: CallOptions = {}): Promise<R> {
    const gen = this.generation();
    const callId = nextCallId++;
    if (opts.signal?.aborted) throw new DOMException('cancelled', 'AbortError');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = () => {
      void Promise.resolve(gen.remote.cancel(callId)).catch(() => {});
      timer = setTimeout(() => {
        if (this.current === gen) this.terminate('cancelled');
      }, opts.graceMs ?? 2000);
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await Promise.race([run(gen.remote, callId), gen.killed]);
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      if (timer !== undefined) clearTimeout(timer);
    }
  }
}
