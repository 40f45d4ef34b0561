/// <reference types="vite/client" />
import type { Decorator, Preview } from '@storybook/react-vite';
import { setupWorker } from 'msw/browser';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { PaySessionProvider, type Locale } from '../src';
import '../src/styles.css';
import { pageThemes, type PageTheme } from '../stories/themes';
import './preview.css';

const LOCALES: { value: Locale; title: string }[] = [
  { value: 'en', title: 'English' },
  { value: 'nb', title: 'Norsk bokmål' },
  { value: 'sv', title: 'Svenska' },
  { value: 'da', title: 'Dansk' },
  { value: 'fi', title: 'Suomi' },
];

/**
 * Puts every story on a storefront page (light, dark or a brand's look) inside a checkout card,
 * with the toolbar's language and theme given to the components through a provider. A story's own
 * `PaySessionProvider` still wins for whatever it sets. `parameters.shopCard = 'wide'` widens the card
 * for stories that show several components side by side.
 */
const withShopPage: Decorator = (Story, { globals, viewMode, parameters }) => {
  const theme = (globals['theme'] ?? 'light') as PageTheme;
  const locale = (globals['locale'] ?? 'en') as Locale;
  return (
    <div
      className="shop-page"
      data-theme={theme}
      data-fill={viewMode === 'story' ? '' : undefined}
      lang={locale}
    >
      <main className={parameters['shopCard'] === 'wide' ? 'shop-card shop-card--wide' : 'shop-card'}>
        <PaySessionProvider locale={locale} {...(pageThemes[theme] ? { theme: pageThemes[theme] } : {})}>
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
      toolbar: { title: 'Language', icon: 'globe', items: LOCALES, dynamicTitle: true },
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
