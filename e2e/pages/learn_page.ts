import type { Locator, Page } from '@playwright/test';
import { AppPage } from './app_page';

/** The Learn view: its step navigation, and the figures each step shows (by test id). */
export class LearnPage {
  readonly app: AppPage;
  readonly stepNav: Locator;
  readonly stepHeading: Locator;
  readonly next: Locator;
  readonly prev: Locator;
  readonly emptyMessage: Locator;
  // step 1
  readonly absMax: Locator;
  readonly scaleFormula: Locator;
  readonly scaleStored: Locator;
  readonly histogram: Locator;
  readonly weightIndex: Locator;
  readonly nextWeight: Locator;
  readonly pickValue: Locator;
  readonly pickQ: Locator;
  readonly pickDequantized: Locator;
  // step 2
  readonly unitTable: Locator;
  readonly generationTable: Locator;
  // step 3
  readonly slider: Locator;
  readonly thresholdValue: Locator;
  readonly thresholdTable: Locator;
  readonly thresholdSize: Locator;
  readonly thresholdAccuracy: Locator;
  readonly floatAccuracy: Locator;
  readonly subsetNote: Locator;
  // step 4
  readonly sizeBefore: Locator;
  readonly sizePredicted: Locator;
  readonly sizeReal: Locator;
  readonly sizeStructure: Locator;
  // step 5
  readonly digitSource: Locator;
  readonly digitImage: Locator;
  readonly inputScale: Locator;
  readonly inputZeroPoint: Locator;
  readonly dotValue: Locator;
  readonly workedOutput: Locator;
  readonly interpreterOutput: Locator;
  readonly floatOutput: Locator;
  // step 6
  readonly verdictTable: Locator;
  readonly verdictSize: Locator;
  readonly verdictMacs: Locator;
  readonly timingRounds: Locator;
  readonly timingSummary: Locator;

  constructor(readonly page: Page) {
    this.app = new AppPage(page);
    this.stepNav = page.getByRole('navigation', { name: 'Learn steps' });
    this.stepHeading = page.locator('#learn-step-title');
    this.next = page.locator('.learn-pager a[rel=next]');
    this.prev = page.locator('.learn-pager a[rel=prev]');
    this.emptyMessage = page.getByText('There is no trained model yet');
    const id = (t: string) => page.getByTestId(t);
    this.absMax = id('abs-max');
    this.scaleFormula = id('scale-formula-value');
    this.scaleStored = id('scale-stored');
    this.histogram = id('weight-histogram');
    this.weightIndex = page.getByLabel('Weight index');
    this.nextWeight = page.getByRole('button', { name: 'Next weight' });
    this.pickValue = id('pick-value');
    this.pickQ = id('pick-q');
    this.pickDequantized = id('pick-dequantized');
    this.unitTable = id('unit-table');
    this.generationTable = id('generation-table');
    this.slider = page.getByRole('slider', { name: /Minimum elements/ });
    this.thresholdValue = id('threshold-value');
    this.thresholdTable = id('threshold-table');
    this.thresholdSize = id('threshold-size');
    this.thresholdAccuracy = id('threshold-accuracy');
    this.floatAccuracy = id('threshold-float-accuracy');
    this.subsetNote = id('subset-note');
    this.sizeBefore = id('size-before');
    this.sizePredicted = id('size-predicted');
    this.sizeReal = id('size-real');
    this.sizeStructure = id('size-structure');
    this.digitSource = id('digit-source');
    this.digitImage = page.getByRole('img', { name: 'The 28 by 28 input used here' });
    this.inputScale = id('input-scale');
    this.inputZeroPoint = id('input-zero-point');
    this.dotValue = id('dot-value');
    this.workedOutput = id('worked-output');
    this.interpreterOutput = id('interpreter-output');
    this.floatOutput = id('float-output');
    this.verdictTable = id('verdict-table');
    this.verdictSize = id('verdict-size');
    this.verdictMacs = id('verdict-macs');
    this.timingRounds = id('timing-rounds');
    this.timingSummary = id('timing-summary');
  }

  /** Opens the app on the pretrained fixture at #learn or #learn/<step>. */
  async open(step?: number): Promise<void> {
    await this.app.openWithTrainedFixture(step ? `learn/${step}` : 'learn');
  }

  stepLink(n: number): Locator {
    return this.stepNav.getByRole('link').nth(n - 1);
  }

  step(n: number): Locator {
    return this.page.getByTestId(`learn-step-${n}`);
  }

  unitRow(unit: number): Locator {
    return this.unitTable.locator('tbody tr').nth(unit);
  }

  generationRow(preset: string): Locator {
    return this.generationTable.locator(`tbody tr[data-preset="${preset}"]`);
  }

  thresholdRow(op: string): Locator {
    return this.thresholdTable.locator(`tbody tr[data-op="${op}"]`);
  }

  shortcut(name: RegExp): Locator {
    return this.page.getByRole('button', { name });
  }

  unitButton(unit: number): Locator {
    return this.page.getByRole('group', { name: 'Output unit' }).getByRole('button', { name: new RegExp(`^${unit}( ★)?$`) });
  }

  /** The 28×28 input step 5 shows, as grey levels 0..255 (the canvas draws 255 − level). */
  async digitPixels(): Promise<Uint8Array> {
    const data = await this.digitImage.evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(0, 0, 28, 28).data));
    return Uint8Array.from({ length: 784 }, (_, i) => 255 - data[i * 4]);
  }
}
