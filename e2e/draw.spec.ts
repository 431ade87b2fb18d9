// Draw: strokes become the 28×28 input, both models answer live; mouse, pen and touch all draw.
import { expect, test } from './support/test';
import { AppPage } from './pages/app_page';
import { DrawPage } from './pages/draw_page';

test.beforeEach(async ({ page }) => {
  await new AppPage(page).openWithTrainedFixture('draw');
  await expect(new DrawPage(page).canvas).toBeVisible();
});

test('a drawn 1 is read as 1 by both models, and Clear resets everything', async ({ page }) => {
  const draw = new DrawPage(page);
  await expect(draw.clear).toBeDisabled();
  await draw.stroke([[0.5, 0.15], [0.5, 0.5], [0.5, 0.85]]);
  await expect(draw.floatDigit).toHaveText('1', { timeout: 30_000 });
  await expect(draw.drqDigit).toHaveText('1', { timeout: 30_000 });
  const p = Number(await draw.bar(draw.floatCard, 1).getAttribute('aria-valuenow'));
  expect(p).toBeGreaterThan(0.5);
  // The preview shows ink: its canvas is not blank.
  const inked = await draw.preview.evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, 28, 28).data;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 128) dark++;
    return dark;
  });
  expect(inked).toBeGreaterThan(15);
  await draw.clear.click();
  await expect(draw.floatDigit).toHaveCount(0);
  await expect(draw.clear).toBeDisabled();
});

test('probabilities update while the stroke is still being drawn', async ({ page }) => {
  const draw = new DrawPage(page);
  const box = (await draw.canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.2, { steps: 5 });
  // Button still held: the models have already answered.
  await expect(draw.floatDigit).toHaveText(/^\d$/, { timeout: 30_000 });
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.85, { steps: 5 });
  await page.mouse.up();
  await expect(draw.drqDigit).toHaveText(/^\d$/);
});

for (const type of ['pen', 'touch'] as const) {
  test(`draws with ${type} pointer events`, async ({ page }) => {
    const draw = new DrawPage(page);
    await draw.pointerStroke(type, [[0.5, 0.15], [0.5, 0.3], [0.5, 0.5], [0.5, 0.7], [0.5, 0.85]]);
    await expect(draw.floatDigit).toHaveText('1', { timeout: 30_000 });
  });
}
