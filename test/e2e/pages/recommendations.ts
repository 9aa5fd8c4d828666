// Page object for the Recommendations view: the poster grid, its filters, the details panel and
// the lists (watchlist, marked).
import type { Locator, Page } from 'playwright-core';

export class RecommendationsPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  grid(): Locator {
    return this.page.getByTestId('poster-grid');
  }
  cards(): Locator {
    return this.grid().getByTestId('poster-card');
  }
  card(tconst: string): Locator {
    return this.grid().locator(`[data-tconst="${tconst}"]`);
  }
  async tconsts(): Promise<string[]> {
    return this.cards().evaluateAll((els) => els.map((e) => e.getAttribute('data-tconst') ?? ''));
  }
  status(): Locator {
    return this.page.getByTestId('grid-status');
  }
  /** The "N of M matching titles" count. */
  async matching(): Promise<number> {
    const m = /of ([\d,]+) matching/.exec(await this.status().innerText());
    return m ? Number(m[1]!.replace(/,/g, '')) : Number.NaN;
  }
  filter(
    name:
      'genre-toggle' | 'genre-mode' | 'year-min' | 'year-max' | 'min-votes' | 'runtime' | 'type' | 'explore',
  ): Locator {
    return this.page.getByTestId(name);
  }
  genre(name: string): Locator {
    return this.page.getByTestId('genre-list').getByRole('button', { name, exact: true });
  }
  details(): Locator {
    return this.page.getByTestId('details-panel');
  }
  tab(name: 'suggestions' | 'watchlist' | 'marked'): Locator {
    return this.page.getByTestId(`tab-${name}`);
  }
  toast(text: string | RegExp): Locator {
    return this.page.getByTestId('toast').filter({ hasText: text });
  }
}
