import type { Locator, Page } from '@playwright/test';

/** Page object for the app shell: header and the top-level navigation. */
export class AppPage {
  readonly heading: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Quant Lab' });
  }

  async open(path = '/'): Promise<void> {
    await this.page.goto(path);
  }
}
