// Page object for the first-run guide (#/welcome) and the posters on its cards.
import type { Locator, Page } from 'playwright-core';

export class FirstRunPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  stepper(): Locator {
    return this.page.getByTestId('setup-stepper');
  }
  currentStep(): Promise<string> {
    return this.stepper().locator('[aria-current="step"]').innerText();
  }
  choose(): Locator {
    return this.page.getByTestId('setup-choose');
  }
  variant(id: string): Locator {
    return this.page.getByTestId(`variant-${id}`);
  }
  imdb(): Locator {
    return this.page.getByTestId('setup-imdb');
  }
  accept(): Locator {
    return this.page.getByTestId('setup-accept');
  }
  start(): Locator {
    return this.page.getByTestId('setup-start');
  }
  progress(): Locator {
    return this.page.getByTestId('setup-progress');
  }
  phase(name: string): Locator {
    return this.page.getByTestId(`setup-phase-${name}`);
  }
  interrupted(): Locator {
    return this.page.getByTestId('setup-interrupted');
  }
  resume(): Locator {
    return this.page.getByTestId('setup-resume');
  }
  taste(): Locator {
    return this.page.getByTestId('setup-taste');
  }
  finish(): Locator {
    return this.page.getByTestId('setup-finish');
  }
  quickStartCards(): Locator {
    return this.page.getByTestId('quick-start').locator('article');
  }
  /** Posters by state: 'loaded' (an image from main), 'failed' (the generated one), 'loading'. */
  posters(state: 'loaded' | 'failed' | 'loading'): Locator {
    return this.page.locator(`[data-testid="quick-start"] [data-poster="${state}"]`);
  }
}
