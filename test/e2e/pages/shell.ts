// Page object for the app shell: sidebar navigation, empty states, toasts, jobs.
import type { Locator, Page } from 'playwright-core';

export const viewNames = ['recommendations', 'arena', 'rate', 'profile', 'settings'] as const;
export type ViewName = (typeof viewNames)[number];

export class ShellPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  nav(view: ViewName): Locator {
    return this.page.getByTestId(`nav-${view}`);
  }
  async open(view: ViewName): Promise<void> {
    await this.nav(view).click();
    await this.page.waitForURL(new RegExp(`#/${view}$`));
  }
  heading(): Locator {
    return this.page.locator('main h1');
  }
  emptyState(): Locator {
    return this.page.getByTestId('empty-state').first();
  }
  toasts(): Locator {
    return this.page.getByTestId('toast');
  }
  job(kind: string): Locator {
    return this.page.getByTestId(`job-${kind}`);
  }
}
