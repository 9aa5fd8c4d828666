// Page objects for the Arena and Rate views.
import type { Locator, Page } from 'playwright-core';

export class ArenaPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  pair(): Locator {
    return this.page.getByTestId('arena-pair');
  }
  side(which: 'a' | 'b'): Locator {
    return this.page.getByTestId(`arena-${which}`);
  }
  counts(): Locator {
    return this.page.getByTestId('arena-counts');
  }
  /** The meter's value: taste uncertainty left on the 1-10 scale. */
  async meter(): Promise<number> {
    return Number(await this.page.getByTestId('meter').getAttribute('data-value'));
  }
  flagged(): Locator {
    return this.page.getByTestId('arena-flagged');
  }
  top(): Locator {
    return this.page.getByTestId('top-moves').locator('li');
  }
  async press(key: string): Promise<void> {
    await this.page.locator('body').press(key);
  }
  /** Answers with ←, then with → the moment the next pair is on screen (as a double click would). */
  async answerTwiceFast(): Promise<void> {
    await this.page.evaluate(async () => {
      const counts = () => document.querySelector('[data-testid="arena-counts"]')?.textContent ?? '';
      const key = (k: string) =>
        window.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
      const before = counts();
      key('ArrowLeft');
      while (counts() === before) await new Promise((r) => setTimeout(r, 2));
      key('ArrowRight');
    });
  }
}

export class RatePage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  search(): Locator {
    return this.page.getByTestId('rate-search');
  }
  matches(): Locator {
    return this.page.getByTestId('rate-matches').locator('button');
  }
  question(): Locator {
    return this.page.getByTestId('rate-question');
  }
  /** How many points the confidence chart draws (the prior, then one per answer). */
  async chartPoints(): Promise<number> {
    return Number(await this.page.getByTestId('rate-chart').getAttribute('data-points'));
  }
  result(): Locator {
    return this.page.getByTestId('rate-result');
  }
  save(): Locator {
    return this.page.getByTestId('rate-save');
  }
}
