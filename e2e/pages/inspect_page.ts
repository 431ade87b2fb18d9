import type { Locator, Page } from '@playwright/test';

/** The Inspect view: model picker, operator and tensor tables. */
export class InspectPage {
  readonly model: Locator;
  readonly operators: Locator;
  readonly tensors: Locator;
  readonly constantsOnly: Locator;

  constructor(readonly page: Page) {
    this.model = page.getByLabel('Model', { exact: true });
    this.operators = page.getByTestId('operator-table');
    this.tensors = page.getByTestId('inspect-tensor-table');
    this.constantsOnly = page.getByRole('checkbox', { name: 'constants only' });
  }

  tensorRow(name: string): Locator {
    return this.tensors.locator('tbody tr', { hasText: name });
  }
}
