// Page object for where to watch: the title page's section, Settings → My services, and the
// recommendations' On my services / Free filters with their card badges.
import type { Locator, Page } from 'playwright-core';

export class WherePage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  section(): Locator {
    return this.page.getByTestId('where-to-watch');
  }
  kind(kind: 'subscription' | 'free' | 'rent' | 'buy'): Locator {
    return this.section().getByTestId(`where-${kind}`);
  }
  state(): Locator {
    return this.section().getByTestId('where-state');
  }
  attribution(): Locator {
    return this.section().getByTestId('where-attribution');
  }
  servicesPane(): Locator {
    return this.page.getByTestId('services-pane');
  }
  service(id: number): Locator {
    return this.page.getByTestId(`service-${id}`);
  }
  region(): Locator {
    return this.page.getByTestId('where-region');
  }
  onServices(): Locator {
    return this.page.getByTestId('filter-on-services');
  }
  summary(): Locator {
    return this.page.getByTestId('where-summary');
  }
  onBadges(): Locator {
    return this.page.getByTestId('card-on-services');
  }
  unknownBadges(): Locator {
    return this.page.getByTestId('card-availability-unknown');
  }
}
