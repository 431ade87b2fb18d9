// Worker side of cancellable calls. Every long call takes a callId chosen by the page; the page's
// bridge cancels it by calling cancel(callId), which aborts the AbortSignal the core function was
// given. The core checks the signal between chunks/batches, so a cancel lands within one chunk;
// if a call is stuck in a loop that never yields, the bridge terminates the worker instead.

const live = new Map<number, AbortController>();

export async function withCancel<R>(callId: number, run: (signal: AbortSignal) => Promise<R>): Promise<R> {
  const controller = new AbortController();
  live.set(callId, controller);
  try {
    return await run(controller.signal);
  } finally {
    live.delete(callId);
  }
}

/** Aborts a running call; a no-op when it has already finished. */
export function cancelCall(callId: number): void {
  live.get(callId)?.abort(new DOMException('cancelled', 'AbortError'));
}
