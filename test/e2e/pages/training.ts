// Page object for Settings → Training and the Diagnostics view.
import type { Locator, Page } from 'playwright-core';

export class TrainingPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  async open(): Promise<void> {
    await this.page.getByTestId('nav-settings').click();
    await this.page.waitForURL(/#\/settings$/);
  }
  field(name: 'dim' | 'epochs' | 'threads' | 'backend'): Locator {
    return this.page.getByTestId(`train-${name}`);
  }
  trainButton(): Locator {
    return this.page.getByTestId('train-button');
  }
  progress(): Locator {
    return this.page.getByTestId('train-progress');
  }
  chart(): Locator {
    return this.page.getByTestId('train-chart');
  }
  async chartEpochs(): Promise<number> {
    const n = await this.chart()
      .getAttribute('data-epochs')
      .catch(() => null);
    return Number(n ?? 0);
  }
  history(): Locator {
    return this.page.getByTestId('model-history');
  }
  model(id: number): Locator {
    return this.page.getByTestId(`model-${id}`);
  }
  /** The GPU the worker sees (or why there is none). */
  gpuStatus(): Locator {
    return this.page.getByTestId('gpu-status');
  }
  /** Which backend trained the active model, on which adapter, and why. */
  backendReason(): Locator {
    return this.page.getByTestId('backend-reason');
  }
}
