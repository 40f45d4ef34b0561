import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { en, formatMessage, type Messages } from '../src';
import { da } from '../src/i18n/locales/da';
import { fi } from '../src/i18n/locales/fi';
import { nb } from '../src/i18n/locales/nb';
import { sv } from '../src/i18n/locales/sv';
import { CheckoutPreview } from './CheckoutPreview';

const meta = {
  title: 'Languages',
  component: CheckoutPreview,
  parameters: { shopCard: 'wide' },
} satisfies Meta<typeof CheckoutPreview>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * The whole checkout in one language, priced in that market's currency: the catalogue a shop imports
 * (`import { sv } from 'react-dintero-pay/locales/sv'`) as `messages`, and `locale` for the formats.
 */
function languageStory(locale: string, messages: Messages, name: string, currency: string): Story {
  return {
    name,
    args: { locale, messages, currency, amount: 24900 },
    play: async ({ canvas }) => {
      const amount = new Intl.NumberFormat(locale, { style: 'currency', currency }).format(249);
      await expect(
        canvas.getByRole('textbox', { name: messages['phone.label'] }),
      ).toHaveAccessibleDescription(messages['phone.hint']);
      await expect(canvas.getByRole('combobox', { name: messages['phone.country'] })).toBeVisible();
      await expect(
        canvas.getByRole('button', { name: formatMessage(messages['pay.amount'], { amount }) }),
      ).toBeVisible();
      const alert = canvas.getByRole('alert');
      await expect(alert).toHaveTextContent(messages['error.rejected']);
      await expect(within(alert).getByRole('button', { name: messages['error.retry'] })).toBeVisible();
      await expect(
        within(alert).getByRole('button', { name: messages['error.choose_another_method'] }),
      ).toBeVisible();
      // The preview's sessions pay with Swish: every `{app}` reads "Swish".
      const swish = (key: 'app.title' | 'app.qr_alt' | 'app.open') =>
        formatMessage(messages[key], { app: 'Swish' });
      const approval = canvas.getByRole('region', { name: swish('app.title') });
      await expect(within(approval).getByText(messages['status.awaiting_approval'])).toBeVisible();
      await expect(within(approval).getByRole('img', { name: swish('app.qr_alt') })).toBeVisible();
      // A desktop: Swish's QR code alone, no app link that could do nothing here.
      await expect(within(approval).queryByRole('link')).toBeNull();
      await expect(within(approval).getByRole('timer', { name: messages['app.time_left'] })).toBeVisible();
      await expect(within(approval).getByRole('button', { name: messages['app.cancel'] })).toBeVisible();
    },
  };
}

export const English = languageStory('en', en, 'English (en)', 'SEK');
export const NorwegianBokmål = languageStory('nb', nb, 'Norsk bokmål (nb)', 'NOK');
export const Swedish = languageStory('sv', sv, 'Svenska (sv)', 'SEK');
export const Danish = languageStory('da', da, 'Dansk (da)', 'DKK');
export const Finnish = languageStory('fi', fi, 'Suomi (fi)', 'EUR');
/** English words with Swedish formats (`en-SE`): the amount reads "249,00 kr". */
export const EnglishInSweden = languageStory('en-SE', en, 'English, Swedish formats (en-SE)', 'SEK');

/** One message replaced, the rest of the catalogue kept: `messages={{ ...sv, pay: 'Betala nu' }}`. */
export const SwedishWithOwnWording: Story = {
  name: 'Svenska, one message replaced',
  args: { locale: 'sv', messages: { ...sv, 'pay.amount': 'Betala nu: {amount}' }, currency: 'SEK' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: /^Betala nu: 249,00\skr$/ })).toBeVisible();
    await expect(canvas.getByRole('textbox', { name: sv['phone.label'] })).toBeVisible();
  },
};
