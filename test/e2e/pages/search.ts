// Page object for the global search box and the title page.
import type { Locator, Page } from 'playwright-core';

export class SearchPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  palette(): Locator {
    return this.page.getByTestId('search-palette');
  }
  input(): Locator {
    return this.page.getByTestId('search-input');
  }
  results(): Locator {
    return this.page.getByTestId('search-results').getByRole('option');
  }
  async openWithShortcut(): Promise<void> {
    await this.page.keyboard.press('Control+k');
    await this.input().waitFor();
  }
  async type(text: string): Promise<void> {
    await this.input().pressSequentially(text, { delay: 30 });
  }
  titleHeading(): Locator {
    return this.page.getByTestId('title-heading');
  }
  prediction(): Locator {
    return this.page.getByTestId('prediction');
  }
  unresolved(): Locator {
    return this.page.getByTestId('letterboxd-unresolved');
  }
}
