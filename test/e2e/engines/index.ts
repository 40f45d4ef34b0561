import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import type { Engine, EngineName } from './types';
import { launchWebKit } from './webkit';

export { poll } from './base-page';
export type * from './types';

/** Every engine the purchase runs in, in the order the tests run them. */
export const ENGINES: readonly EngineName[] = ['chromium', 'firefox', 'webkit'];

/** Starts a browser of the engine. */
export function launchEngine(name: EngineName): Promise<Engine> {
  switch (name) {
    case 'chromium':
      return launchChromium();
    case 'firefox':
      return launchFirefox();
    case 'webkit':
      return launchWebKit();
  }
}
