// Options read from the page URL.
//   ?trainLimit=N   train on the first N training images only (the e2e training spec uses 2000);
//                   the Train view says so next to the results.
//   ?fixture=/path  dev builds only: fetch that same-origin .tflite and use it as "the trained
//                   model" (e2e uses a pretrained fixture instead of training for minutes).

export interface UrlOptions {
  trainLimit: number | null;
  fixture: string | null;
}

export const MNIST_TRAIN_COUNT = 60000;

export function parseUrlOptions(search: string, dev: boolean): UrlOptions {
  const q = new URLSearchParams(search);
  const limitText = q.get('trainLimit');
  let trainLimit: number | null = null;
  if (limitText !== null && /^\d+$/.test(limitText)) {
    const n = Number(limitText);
    if (n >= 1 && n < MNIST_TRAIN_COUNT) trainLimit = n;
  }
  const fixtureText = q.get('fixture');
  // Same origin only: a path, never a URL with a host.
  const fixture = dev && fixtureText && /^\/[^/\\]/.test(fixtureText) ? fixtureText : null;
  return { trainLimit, fixture };
}

export function currentUrlOptions(): UrlOptions {
  if (typeof location === 'undefined') return { trainLimit: null, fixture: null };
  return parseUrlOptions(location.search, import.meta.env.DEV);
}
