import type { Locator, Page } from '@playwright/test';

/** The Train view: settings, start/cancel/train again, progress, facts and curves. */
export class TrainPage {
  readonly start: Locator;
  readonly cancel: Locator;
  readonly trainAgain: Locator;
  readonly progress: Locator;
  readonly result: Locator;
  readonly facts: Locator;
  readonly subsetNote: Locator;
  readonly lossChart: Locator;
  readonly accuracyChart: Locator;
  readonly cancelledNote: Locator;
  readonly fixtureNote: Locator;
  readonly restoredNote: Locator;
  readonly epochs: Locator;
  readonly batchSize: Locator;
  readonly seed: Locator;

  constructor(readonly page: Page) {
    this.start = page.getByRole('button', { name: 'Start training' });
    this.cancel = page.getByRole('button', { name: 'Cancel training' });
    this.trainAgain = page.getByRole('button', { name: 'Train again' });
    this.progress = page.getByRole('progressbar');
    this.result = page.getByTestId('train-result');
    this.facts = page.getByTestId('train-facts');
    this.subsetNote = page.getByTestId('train-subset');
    this.lossChart = page.getByRole('figure', { name: 'Training loss per batch' });
    this.accuracyChart = page.getByRole('figure', { name: 'Training accuracy per batch' });
    this.cancelledNote = page.getByText('Training was cancelled; no model was kept.');
    this.fixtureNote = page.getByText('Pretrained test fixture');
    this.restoredNote = page.getByTestId('restored-note');
    this.epochs = page.getByLabel('Epochs');
    this.batchSize = page.getByLabel('Batch size');
    this.seed = page.getByLabel('Seed');
  }

  fact(name: string): Locator {
    return this.facts.locator('.fact', { has: this.page.locator('dt', { hasText: name }) }).locator('dd');
  }
}
