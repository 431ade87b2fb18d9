// No request leaves the app's origin: data, wasm, fonts, workers — all local. (Every spec also
// checks this through support/test.ts; this one walks every view with a model loaded and says
// what was fetched.)
import { expect, test } from './support/test';
import { AppPage } from './pages/app_page';
import { ComparePage } from './pages/compare_page';
import { DrawPage } from './pages/draw_page';

test('every view, with a model loaded, fetches only from its own origin', async ({ page, baseURL }) => {
  const urls: string[] = [];
  page.context().on('request', (r) => urls.push(r.url()));
  const app = new AppPage(page);
  await app.openWithTrainedFixture('compare');
  await expect(new ComparePage(page).done).toBeVisible({ timeout: 60_000 });
  await app.go('Draw');
  await new DrawPage(page).stroke([[0.5, 0.2], [0.5, 0.8]]);
  await expect(new DrawPage(page).floatDigit).toBeVisible({ timeout: 30_000 });
  for (const v of ['Upload', 'Inspect', 'Train'] as const) await app.go(v);
  const origin = new URL(baseURL!).origin;
  expect(urls.some((u) => u.startsWith(`${origin}/data/mnist/t10k-images-idx3-ubyte.gz`))).toBe(true);
  expect(urls.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith(`blob:${origin}/`) && !u.startsWith('data:'))).toEqual([]);
});
