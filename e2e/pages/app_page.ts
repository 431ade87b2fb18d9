import type { Locator, Page } from '@playwright/test';
import { FIXTURE_PATH, routeTrainedFixture } from '../support/model_files';

export type ViewLabel = 'Train' | 'Quantize & compare' | 'Draw' | 'Upload' | 'Inspect';

/** Page object for the app shell: header, the top-level navigation and app-wide notices. */
export class AppPage {
  readonly heading: Locator;
  readonly nav: Locator;
  readonly notices: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Quant Lab' });
    this.nav = page.getByRole('navigation', { name: 'Views' });
    this.notices = page.locator('.notices');
  }

  async open(path = '/'): Promise<void> {
    await this.page.goto(path);
  }

  /** Opens the app with the pretrained fixture standing in for training (dev-only ?fixture= hook). */
  async openWithTrainedFixture(hash = 'compare', query = ''): Promise<void> {
    await routeTrainedFixture(this.page);
    await this.page.goto(`/?fixture=${FIXTURE_PATH}${query ? `&${query}` : ''}#${hash}`);
  }

  async go(view: ViewLabel): Promise<void> {
    await this.nav.getByRole('link', { name: view, exact: true }).click();
  }

  link(view: ViewLabel): Locator {
    return this.nav.getByRole('link', { name: view, exact: true });
  }
}
