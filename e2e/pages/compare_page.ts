import type { Locator, Page } from '@playwright/test';

/** Quantize & compare: knobs, run status, the two cards, tables, matrices and downloads. */
export class ComparePage {
  readonly preset: Locator;
  readonly int8Mode: Locator;
  readonly float16Mode: Locator;
  readonly minElements: Locator;
  readonly perChannel: Locator;
  readonly done: Locator;
  readonly error: Locator;
  readonly floatCard: Locator;
  readonly quantCard: Locator;
  readonly sizeRatio: Locator;
  readonly tensorTable: Locator;
  readonly flips: Locator;
  readonly noFlips: Locator;

  constructor(readonly page: Page) {
    this.preset = page.getByLabel('Converter preset');
    this.int8Mode = page.getByRole('radio', { name: 'int8 weights (dynamic range)' });
    this.float16Mode = page.getByRole('radio', { name: 'float16 weights' });
    this.minElements = page.getByLabel('Minimum elements');
    this.perChannel = page.getByRole('checkbox', { name: /Per-channel scales/ });
    this.done = page.getByTestId('compare-done');
    this.error = page.getByRole('alert').filter({ hasText: 'Quantize & compare failed' });
    this.floatCard = page.getByTestId('side-float');
    this.quantCard = page.getByTestId('side-quantized');
    this.sizeRatio = page.getByTestId('size-ratio');
    this.tensorTable = page.getByTestId('tensor-table');
    this.flips = page.getByTestId('flip-gallery');
    this.noFlips = page.getByTestId('no-flips');
  }

  tensorRow(name: string): Locator {
    return this.tensorTable.locator('tbody tr', { hasText: name });
  }

  download(fileName: string): Locator {
    return this.page.getByRole('button', { name: `Download ${fileName}` });
  }

  confusion(title: RegExp): Locator {
    return this.page.getByRole('table', { name: title });
  }
}
