import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect } from 'storybook/test';
import { PayButton, PayError, PaymentError, PhoneInput, SwishApprovalView } from '../src';
import { CheckoutPreview } from './CheckoutPreview';
import { awaitingSession, fakeSession, useShownSession } from './fixtures';
import { brandTheme, darkTheme } from './themes';

const meta = {
  title: 'Theming',
  component: CheckoutPreview,
  parameters: { shopCard: 'wide' },
} satisfies Meta<typeof CheckoutPreview>;

export default meta;
type Story = StoryObj<typeof meta>;

function styleOf(element: Element) {
  return getComputedStyle(element);
}

export const DefaultTheme: Story = {
  name: 'Default theme',
  play: async ({ canvas }) => {
    const pay = canvas.getByRole('button', { name: /^Pay SEK/ });
    await expect(styleOf(pay).backgroundColor).toBe('rgb(29, 78, 216)');
    await expect(styleOf(pay).borderRadius).toBe('8px');
  },
};

/** The brand's colours, radius, spacing and font, given once to the provider. */
export const CustomTheme: Story = {
  name: 'Custom theme (provider)',
  args: { theme: brandTheme },
  play: async ({ canvas }) => {
    const pay = canvas.getByRole('button', { name: /^Pay SEK/ });
    await expect(styleOf(pay).backgroundColor).toBe('rgb(91, 33, 182)');
    await expect(styleOf(pay).color).toBe('rgb(255, 255, 255)');
    await expect(styleOf(pay).borderRadius).toBe('14px');
    await expect(styleOf(canvas.getByRole('alert')).borderColor).toBe('rgb(159, 18, 57)');
    const region = canvas.getByRole('region');
    await expect(styleOf(region).backgroundColor).toBe('rgb(255, 253, 248)');
    await expect(styleOf(region).fontFamily).toMatch(/^Georgia/);
    await expect(styleOf(canvas.getByRole('textbox')).fontFamily).toMatch(/^Georgia/);
    await expect(styleOf(pay).fontFamily).toMatch(/^Georgia/);
  },
};

/** The same brand given to each component through its own `theme` prop, without a provider theme. */
export const ComponentThemeProps: Story = {
  name: 'Custom theme (each component)',
  render: function Render() {
    const [formSession] = useState(() => fakeSession());
    const [pending] = useState(() => awaitingSession({ secondsLeft: 150 }));
    const approvalSession = useShownSession(pending)!;
    return (
      <div className="shop-columns">
        <div className="shop-stack">
          <PhoneInput theme={brandTheme} defaultValue="0701" error />
          <PayButton theme={brandTheme} session={formSession} amount={24900} currency="SEK" />
          <PaymentError theme={brandTheme} session={formSession} error={new PayError('network')} />
        </div>
        <SwishApprovalView theme={brandTheme} session={approvalSession} layout="desktop" />
      </div>
    );
  },
  play: async ({ canvas }) => {
    for (const button of canvas.getAllByRole('button', { name: /^(Pay SEK|Try again)/ })) {
      await expect(styleOf(button).backgroundColor).toBe('rgb(91, 33, 182)');
      await expect(styleOf(button).borderRadius).toBe('14px');
    }
    await expect(styleOf(canvas.getByText('The number is too short.')).color).toBe('rgb(159, 18, 57)');
    await expect(styleOf(canvas.getByRole('region')).fontFamily).toMatch(/^Georgia/);
  },
};

/**
 * A dark shop page (toolbar theme "dark"): `color-scheme: dark` and the dark tokens. Without the
 * tokens the components would follow the shopper's system setting, not the page.
 */
export const DarkMode: Story = {
  name: 'Dark mode',
  globals: { theme: 'dark' },
  play: async ({ canvas, canvasElement }) => {
    const page = canvasElement.querySelector('.shop-page')!;
    await expect(styleOf(page).colorScheme).toBe('dark');
    await expect(styleOf(canvas.getByRole('region')).backgroundColor).toBe('rgb(28, 31, 36)');
    const pay = canvas.getByRole('button', { name: /^Pay SEK/ });
    await expect(styleOf(pay).backgroundColor).toBe('rgb(147, 180, 255)');
    await expect(styleOf(pay).color).toBe('rgb(11, 21, 51)');
  },
};

/** Dark tokens on a component inside a light page section, e.g. a dark checkout sidebar. */
export const DarkTokensOnly: Story = {
  name: 'Dark tokens on a dark panel',
  render: function Render() {
    return (
      <div className="shop-dark-panel">
        <CheckoutPreview theme={darkTheme} />
      </div>
    );
  },
  play: async ({ canvas }) => {
    await expect(styleOf(canvas.getByRole('alert')).backgroundColor).toBe('rgb(28, 31, 36)');
    await expect(styleOf(canvas.getByText('Mobile number')).color).toBe('rgb(230, 232, 235)');
  },
};

/**
 * A dark section without any tokens: the default colours follow the section's `color-scheme`, so
 * the text stays readable on the dark background (and on a light page it stays dark, whatever the
 * shopper's system setting).
 */
export const DarkColorScheme: Story = {
  name: 'Dark color-scheme, default colours',
  render: function Render() {
    return (
      <div className="shop-dark-panel">
        <CheckoutPreview />
      </div>
    );
  },
  play: async ({ canvas }) => {
    await expect(styleOf(canvas.getByText('Mobile number')).color).toBe('rgb(230, 232, 235)');
    const pay = canvas.getByRole('button', { name: /^Pay SEK/ });
    await expect(styleOf(pay).backgroundColor).toBe('rgb(147, 180, 255)');
  },
};

/** No library classes at all: native controls, for shops that style everything themselves. */
export const Unstyled: Story = {
  args: { unstyled: true },
  play: async ({ canvasElement, canvas }) => {
    const classes = [...canvasElement.querySelectorAll('[class]')].flatMap((element) => [
      ...element.classList,
    ]);
    await expect(classes.filter((name) => name.startsWith('rdp-') && name !== 'rdp-visually-hidden')).toEqual(
      [],
    );
    await expect(styleOf(canvas.getByRole('button', { name: /^Pay SEK/ })).backgroundColor).not.toBe(
      'rgb(29, 78, 216)',
    );
    await expect(canvas.getByRole('img', { name: 'QR code: scan it with Swish to pay' })).toBeVisible();
  },
};
