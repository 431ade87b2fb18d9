import type { Locator, Page } from '@playwright/test';

/** The Draw view: the canvas, the 28×28 preview and both models' probabilities. */
export class DrawPage {
  readonly canvas: Locator;
  readonly clear: Locator;
  readonly preview: Locator;
  readonly floatDigit: Locator;
  readonly drqDigit: Locator;
  readonly floatCard: Locator;
  readonly drqCard: Locator;

  constructor(readonly page: Page) {
    this.canvas = page.getByTestId('draw-canvas');
    this.clear = page.getByRole('button', { name: 'Clear' });
    this.preview = page.getByRole('img', { name: 'The 28 by 28 input made from your drawing' });
    this.floatCard = page.getByTestId('probs-float');
    this.drqCard = page.getByTestId('probs-drq');
    this.floatDigit = page.getByTestId('probs-float-digit');
    this.drqDigit = page.getByTestId('probs-drq-digit');
  }

  /** Draws a polyline with the mouse; points are fractions of the canvas size. */
  async stroke(points: [number, number][]): Promise<void> {
    const box = (await this.canvas.boundingBox())!;
    const at = ([fx, fy]: [number, number]) => [box.x + fx * box.width, box.y + fy * box.height] as const;
    await this.page.mouse.move(...at(points[0]));
    await this.page.mouse.down();
    for (const p of points.slice(1)) await this.page.mouse.move(...at(p), { steps: 6 });
    await this.page.mouse.up();
  }

  /** Draws a polyline with synthetic pointer events of the given type (pen or touch). */
  async pointerStroke(type: 'pen' | 'touch', points: [number, number][]): Promise<void> {
    await this.canvas.evaluate((el, { type, points }) => {
      const r = el.getBoundingClientRect();
      const fire = (name: string, [fx, fy]: [number, number]) => el.dispatchEvent(new PointerEvent(name, {
        bubbles: true, cancelable: true, pointerId: 7, pointerType: type, isPrimary: true, pressure: 0.8,
        clientX: r.left + fx * r.width, clientY: r.top + fy * r.height, buttons: 1,
      }));
      fire('pointerdown', points[0]);
      for (const p of points.slice(1)) fire('pointermove', p);
      fire('pointerup', points[points.length - 1]);
    }, { type, points });
  }

  bar(card: Locator, digit: number): Locator {
    return card.getByRole('meter', { name: `digit ${digit}` });
  }
}
