// The test object every spec uses: Playwright's, plus an automatic check that no request of the
// page or its workers leaves the app's own origin (fonts, data, wasm: all must be local).

import { test as base, expect } from '@playwright/test';

/** Same origin: http(s) URLs of the app's origin, and blob:/data: URLs the page made itself. */
export function isOwnOrigin(url: string, origin: string): boolean {
  if (url.startsWith('data:')) return true;
  if (url.startsWith('blob:')) return url.startsWith(`blob:${origin}/`);
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

export const test = base.extend<{ ownOriginOnly: string[] }>({
  ownOriginOnly: [
    async ({ context, baseURL }, use) => {
      const origin = new URL(baseURL!).origin;
      const outside: string[] = [];
      context.on('request', (r) => {
        if (!isOwnOrigin(r.url(), origin)) outside.push(r.url());
      });
      await use(outside);
      expect(outside, 'requests that left the app origin').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
