import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, within } from 'storybook/test';
import { catalogues, formatMessage, type Locale } from '../src';
import { CheckoutPreview } from './CheckoutPreview';

const meta = {
  title: 'Languages',
  component: CheckoutPreview,
  parameters: { shopCard: 'wide' },
} satisfies Meta<typeof CheckoutPreview>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The whole checkout in one language, priced in that market's currency. */
function languageStory(locale: Locale, name: string, currency: string): Story {
  return {
    name,
    args: { locale, currency, amount: 24900 },
    play: async ({ canvas }) => {
      const messages = catalogues[locale];
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
      const approval = canvas.getByRole('region', { name: messages['swish.title'] });
      await expect(within(approval).getByRole('status')).toHaveTextContent(
        messages['status.awaiting_approval'],
      );
      await expect(within(approval).getByRole('img', { name: messages['swish.qr_alt'] })).toBeVisible();
      await expect(within(approval).getByRole('link', { name: messages['swish.open'] })).toBeVisible();
      await expect(within(approval).getByRole('timer', { name: messages['swish.time_left'] })).toBeVisible();
      await expect(within(approval).getByRole('button', { name: messages['swish.cancel'] })).toBeVisible();
    },
  };
}

export const English = languageStory('en', 'English (en)', 'SEK');
export const NorwegianBokmal = languageStory('nb', 'Norsk bokmål (nb)', 'NOK');
export const Swedish = languageStory('sv', 'Svenska (sv)', 'SEK');
export const Danish = languageStory('da', 'Dansk (da)', 'DKK');
export const Finnish = languageStory('fi', 'Suomi (fi)', 'EUR');
