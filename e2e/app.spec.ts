import { expect, test } from '@playwright/test';
import { AppPage } from './pages/app_page';

test('the app shell renders', async ({ page }) => {
  const app = new AppPage(page);
  await app.open();
  await expect(app.heading).toBeVisible();
  await expect(page).toHaveTitle('Quant Lab');
});
