import { expect, test } from './support/test';
import { AppPage } from './pages/app_page';

test('the app shell renders', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await expect(app.heading).toBeVisible();
  await expect(page).toHaveTitle('Quant Lab');
});

test('the views are reachable from the navigation and the address bar', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  for (const [label, hash, heading] of [
    ['Quantize & compare', '#compare', 'Quantize & compare'],
    ['Draw', '#draw', 'Draw a digit'],
    ['Upload', '#upload', 'Quantize your own model'],
    ['Inspect', '#inspect', 'Inspect a model'],
    ['Train', '#train', "Train the tutorial's MNIST model"],
  ] as const) {
    await app.go(label);
    await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`${hash}$`));
    await expect(app.link(label)).toHaveAttribute('aria-current', 'page');
  }
  await page.goBack();
  await expect(page.getByRole('heading', { level: 2, name: 'Inspect a model' })).toBeVisible();
  await page.goto('/#draw');
  await expect(page.getByRole('heading', { level: 2, name: 'Draw a digit' })).toBeVisible();
});

test('the page is cross-origin isolated (threaded wasm possible) and says so', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect(page.getByTestId('isolation')).toHaveText(/^Cross-origin isolated \(SharedArrayBuffer available\)/);
});

test('the navigation works from the keyboard', async ({ page }) => {
  const app = new AppPage(page);
  await app.open('/#train');
  await expect(app.heading).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(app.link('Train')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(app.link('Quantize & compare')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: 'Quantize & compare' })).toBeVisible();
});
