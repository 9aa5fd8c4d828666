// Page object for the Profile view: import summary, ratings table, factors, quick start.
import type { Locator, Page } from 'playwright-core';

export class ProfilePage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  summary(): Locator {
    return this.page.getByTestId('import-summary');
  }
  stat(name: 'rows' | 'matched' | 'unmatched' | 'skipped'): Locator {
    return this.page.getByTestId(`import-${name}`);
  }
  typeRow(type: string): Locator {
    return this.page.getByTestId(`type-${type}`);
  }
  fitLine(): Locator {
    return this.page.getByTestId('fit-line');
  }
  ratingsRows(): Locator {
    return this.page.getByTestId('ratings-table').locator('tbody tr');
  }
  search(): Locator {
    return this.page.getByTestId('ratings-search');
  }
  quickStart(): Locator {
    return this.page.getByTestId('quick-start').first();
  }
  factors(): Locator {
    return this.page.getByTestId('factors');
  }
}
