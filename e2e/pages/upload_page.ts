import type { Locator, Page } from '@playwright/test';

/** The Upload view: file picker / drop zone, facts, results and errors. */
export class UploadPage {
  readonly fileInput: Locator;
  readonly error: Locator;
  readonly facts: Locator;
  readonly kind: Locator;
  readonly note: Locator;
  readonly agreement: Locator;
  readonly floatCard: Locator;
  readonly quantCard: Locator;

  constructor(readonly page: Page) {
    this.fileInput = page.getByLabel('Choose a .tflite file');
    this.error = page.getByRole('alert').filter({ hasText: 'cannot be used' });
    this.facts = page.getByTestId('model-facts');
    this.kind = page.getByTestId('model-kind');
    this.note = page.locator('.message-note').filter({ hasText: 'Note' });
    this.agreement = page.getByTestId('agreement-summary');
    this.floatCard = page.getByTestId('side-float');
    this.quantCard = page.getByTestId('side-quantized');
  }

  async upload(name: string, buffer: Buffer): Promise<void> {
    await this.fileInput.setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
  }

  fact(name: string): Locator {
    return this.facts.locator('.fact', { has: this.page.locator('dt', { hasText: name }) }).locator('dd');
  }
}
