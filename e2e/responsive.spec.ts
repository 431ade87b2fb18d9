// Phone-sized screen: every view fits the width (no sideways scrolling of the page itself; wide
// tables scroll inside their own box).
import { expect, test } from './support/test';
import { AppPage, type ViewLabel } from './pages/app_page';
import { ComparePage } from './pages/compare_page';

test.use({ viewport: { width: 390, height: 844 } });

test('every view fits a 390 px wide screen', async ({ page }) => {
  const app = new AppPage(page);
  await app.openWithTrainedFixture('compare');
  await expect(new ComparePage(page).done).toBeVisible({ timeout: 60_000 });
  for (const view of ['Quantize & compare', 'Draw', 'Upload', 'Inspect', 'Train'] as ViewLabel[]) {
    await app.go(view);
    await expect(page.locator('main h2')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${view} is wider than the screen`).toBeLessThanOrEqual(0);
  }
});
