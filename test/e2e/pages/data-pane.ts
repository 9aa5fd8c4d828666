// Page object for Settings → Data: dataset rows, the running import's progress, downloads, terms.
import type { Locator, Page } from 'playwright-core';

export class DataPane {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  root(): Locator {
    return this.page.getByTestId('settings-data');
  }
  dataset(kind: string): Locator {
    return this.page.getByTestId(`dataset-${kind}`);
  }
  job(): Locator {
    return this.page.getByTestId('dataset-job');
  }
  progress(): Locator {
    return this.page.getByTestId('dataset-progress');
  }
  cancel(): Locator {
    return this.page.getByTestId('dataset-cancel');
  }
  problem(): Locator {
    return this.page.getByTestId('dataset-error');
  }
  termsDialog(): Locator {
    return this.page.getByTestId('terms-dialog');
  }
  /** Records, in the page, every value the import progress bar shows (imports can be quick). */
  async watchProgress(): Promise<void> {
    await this.page.evaluate(() => {
      const w = window as unknown as { __progressSeen: number[] };
      w.__progressSeen = [];
      new MutationObserver(() => {
        const bar = document.querySelector<HTMLProgressElement>('[data-testid="dataset-progress"]');
        if (bar && bar.hasAttribute('value')) w.__progressSeen.push(bar.value);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
  }
  progressSeen(): Promise<number[]> {
    return this.page.evaluate(() => (window as unknown as { __progressSeen: number[] }).__progressSeen);
  }
}
