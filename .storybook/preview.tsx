/// <reference types="vite/client" />
import type { Decorator, Preview } from '@storybook/react-vite';
import { setupWorker } from 'msw/browser';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { en, PaySessionProvider, type Messages } from '../src';
import { da } from '../src/i18n/locales/da';
import { fi } from '../src/i18n/locales/fi';
import { nb } from '../src/i18n/locales/nb';
import { sv } from '../src/i18n/locales/sv';
import '../src/styles.css';
import { pageThemes, type PageTheme } from '../stories/themes';
import './preview.css';

/** The toolbar's languages: each locale with the catalogue a shop would import for it. */
const LANGUAGES: Record<string, { title: string; messages: Messages }> = {
  en: { title: 'English', messages: en },
  nb: { title: 'Norsk bokmål', messages: nb },
  sv: { title: 'Svenska', messages: sv },
  da: { title: 'Dansk', messages: da },
  fi: { title: 'Suomi', messages: fi },
};

/**
 * Puts every story on a storefront page (light, dark or a brand's look) inside a checkout card,
 * with the toolbar's language and theme given to the components through a provider. A story's own
 * `PaySessionProvider` still wins for whatever it sets. `parameters.shopCard = 'wide'` widens the card
 * for stories that show several components side by side.
 */
const withShopPage: Decorator = (Story, { globals, viewMode, parameters }) => {
  const theme = (globals['theme'] ?? 'light') as PageTheme;
  const locale = (globals['locale'] as string | undefined) ?? 'en';
  const { messages } = LANGUAGES[locale] ?? LANGUAGES['en']!;
  return (
    <div
      className="shop-page"
      data-theme={theme}
      data-fill={viewMode === 'story' ? '' : undefined}
      lang={locale}
    >
      <main className={parameters['shopCard'] === 'wide' ? 'shop-card shop-card--wide' : 'shop-card'}>
        <PaySessionProvider
          locale={locale}
          messages={messages}
          {...(pageThemes[theme] ? { theme: pageThemes[theme] } : {})}
        >
          <Story />
        </PaySessionProvider>
      </main>
    </div>
  );
};

const preview: Preview = {
  decorators: [withShopPage],
  // One worker for the whole preview; each story's `parameters.msw` handlers replace the last story's.
  loaders: [
    mswLoader(async () => {
      const worker = setupWorker();
      await worker.start({
        quiet: true,
        // Storybook's own modules and assets pass through untouched.
        onUnhandledRequest: 'bypass',
        // Relative to the base, so a Storybook published under a sub-path finds the worker too.
        serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
      });
      return worker;
    }),
  ],
  parameters: {
    layout: 'fullscreen',
    controls: { matchers: { color: /(background|color)$/i, date: /Date$/i } },
    // An axe violation fails the story, in the test run as well as in the a11y panel.
    a11y: { test: 'error' },
  },
  globalTypes: {
    locale: {
      description: 'Language of the components',
      toolbar: {
        title: 'Language',
        icon: 'globe',
        items: Object.entries(LANGUAGES).map(([value, { title }]) => ({ value, title })),
        dynamicTitle: true,
      },
    },
    theme: {
      description: 'Page look and the matching theme tokens',
      toolbar: {
        title: 'Theme',
        icon: 'paintbrush',
        items: [
          { value: 'light', title: 'Light (library defaults)' },
          { value: 'dark', title: 'Dark' },
          { value: 'brand', title: 'Custom brand' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { locale: 'en', theme: 'light' },
};

export default preview;
