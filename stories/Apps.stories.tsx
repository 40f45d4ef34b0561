import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { en, formatMessage, SwishApprovalView, type MessageKey, type PaymentApp } from '../src';
import { APP_NAMES, APPROVAL_URLS, awaitingAppSession, useShownSession } from './fixtures';
import type { PageTheme } from './themes';
import { brandsIn, foreignBrands, wordsOf } from './words';

/**
 * The waiting view in each app's words: Swish, Vipps, MobilePay, and a product type the library
 * does not know (neutral words, no brand). The components take the app from the session
 * (`usePaySession`'s `app`, from `paymentProductType`); nothing here names it to them.
 */
const meta = {
  title: 'Apps/Waiting view',
  component: SwishApprovalView,
  render: function Render(args) {
    const session = useShownSession(args.session);
    return <SwishApprovalView {...args} {...(session ? { session } : {})} />;
  },
} satisfies Meta<typeof SwishApprovalView>;

export default meta;
type Story = StoryObj<typeof meta>;

/** The announcer is outside the canvas: the page's one polite region. */
const announcer = () => document.querySelector('[data-rdp-announcer]');

/** What `{app}` reads for each app in English. */
const appName = (app: PaymentApp) => (app === 'other' ? en['app.any'] : APP_NAMES[app]);

/** An English message with `{app}` filled as the components fill it. */
const say = (key: MessageKey, app: PaymentApp) => formatMessage(en[key], { app: appName(app) });

/** Each app's market: what a shop there charges in. */
const CURRENCY: Record<PaymentApp, string> = { swish: 'SEK', vipps: 'NOK', mobilepay: 'DKK', other: 'EUR' };

/** The view's card background in each page look: the dark tokens' or the library's default white. */
const CARD_BACKGROUND: Partial<Record<PageTheme, string>> = {
  light: 'rgb(255, 255, 255)',
  dark: 'rgb(28, 31, 36)',
};

/** No app named but the session's own, in the text, the accessible names or the live region. */
async function expectOnlyOwnBrand(app: PaymentApp, root: Element): Promise<void> {
  const words = wordsOf(root);
  await expect(brandsIn(words).filter((brand) => foreignBrands(app).includes(brand))).toEqual([]);
  if (app !== 'other') await expect(words).toContain(APP_NAMES[app]);
}

/** A waiting view of `app` on a `layout` device in a `theme` page (the story's name is set where it is exported). */
function waitingStory(app: PaymentApp, layout: 'mobile' | 'desktop', theme: 'light' | 'dark'): Story {
  return {
    globals: { theme },
    args: {
      session: awaitingAppSession(app),
      layout,
      amount: 24900,
      currency: CURRENCY[app],
      merchantName: 'Nordbutikken',
    },
    play: async ({ canvas, canvasElement, userEvent }) => {
      const region = canvas.getByRole('region', { name: say('app.title', app) });
      await expect(region).toHaveAttribute('data-layout', layout);
      await expect(getComputedStyle(region).backgroundColor).toBe(CARD_BACKGROUND[theme]);
      // Shown on page load: focus stays where it was.
      await new Promise((resolve) => setTimeout(resolve, 50));
      await expect(canvasElement.contains(document.activeElement)).toBe(false);

      const qrName = say('app.qr_alt', app);
      if (layout === 'mobile') {
        // On a phone the app first; the QR code only for paying on another device.
        const link = canvas.getByRole('link', { name: say('app.open', app) });
        await expect(link).toBeVisible();
        await expect(link).toHaveAttribute('href', APPROVAL_URLS[app]);
        await expect(canvas.queryByRole('img')).toBeNull();
        await userEvent.click(canvas.getByRole('button', { name: en['app.other_device'] }));
        await expect(canvas.getByRole('img', { name: qrName })).toBeVisible();
      } else {
        const qr = canvas.getByRole('img', { name: qrName });
        await expect(qr).toBeVisible();
        if (app === 'swish') {
          // Swish has no desktop app: the QR code alone, no link that could do nothing.
          await expect(canvas.queryByRole('link')).toBeNull();
        } else {
          // An https: link works on a computer too: beside (after) the QR code.
          const link = canvas.getByRole('link', { name: say('app.open', app) });
          await expect(link).toBeVisible();
          await expect(link.getAttribute('href')).toMatch(/^https:\/\//);
          await expect(link).toHaveAttribute('href', APPROVAL_URLS[app]);
          await expect(qr.compareDocumentPosition(link) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
        }
      }
      await expect(canvas.getByText(say('app.scan', app))).toBeVisible();
      await expect(canvas.getByRole('timer', { name: en['app.time_left'] })).toBeVisible();
      await waitFor(() => expect(announcer()).toHaveTextContent(en['status.awaiting_approval']));
      await expectOnlyOwnBrand(app, canvasElement);
    },
  };
}

export const SwishPhoneLight: Story = {
  ...waitingStory('swish', 'mobile', 'light'),
  name: 'Swish, phone, light',
};
export const SwishPhoneDark: Story = {
  ...waitingStory('swish', 'mobile', 'dark'),
  name: 'Swish, phone, dark',
};
export const SwishDesktopLight: Story = {
  ...waitingStory('swish', 'desktop', 'light'),
  name: 'Swish, desktop, light',
};
export const SwishDesktopDark: Story = {
  ...waitingStory('swish', 'desktop', 'dark'),
  name: 'Swish, desktop, dark',
};
export const VippsPhoneLight: Story = {
  ...waitingStory('vipps', 'mobile', 'light'),
  name: 'Vipps, phone, light',
};
export const VippsPhoneDark: Story = {
  ...waitingStory('vipps', 'mobile', 'dark'),
  name: 'Vipps, phone, dark',
};
export const VippsDesktopLight: Story = {
  ...waitingStory('vipps', 'desktop', 'light'),
  name: 'Vipps, desktop, light',
};
export const VippsDesktopDark: Story = {
  ...waitingStory('vipps', 'desktop', 'dark'),
  name: 'Vipps, desktop, dark',
};
export const MobilePayPhoneLight: Story = {
  ...waitingStory('mobilepay', 'mobile', 'light'),
  name: 'MobilePay, phone, light',
};
export const MobilePayPhoneDark: Story = {
  ...waitingStory('mobilepay', 'mobile', 'dark'),
  name: 'MobilePay, phone, dark',
};
export const MobilePayDesktopLight: Story = {
  ...waitingStory('mobilepay', 'desktop', 'light'),
  name: 'MobilePay, desktop, light',
};
export const MobilePayDesktopDark: Story = {
  ...waitingStory('mobilepay', 'desktop', 'dark'),
  name: 'MobilePay, desktop, dark',
};
export const UnknownAppPhoneLight: Story = {
  ...waitingStory('other', 'mobile', 'light'),
  name: 'Unknown app, phone, light',
};
export const UnknownAppPhoneDark: Story = {
  ...waitingStory('other', 'mobile', 'dark'),
  name: 'Unknown app, phone, dark',
};
export const UnknownAppDesktopLight: Story = {
  ...waitingStory('other', 'desktop', 'light'),
  name: 'Unknown app, desktop, light',
};
export const UnknownAppDesktopDark: Story = {
  ...waitingStory('other', 'desktop', 'dark'),
  name: 'Unknown app, desktop, dark',
};

/** The Danish phone flow: MobilePay needs a number, and the request was pushed to it. */
export const MobilePayPhoneFlow: Story = {
  name: 'MobilePay, request sent to a Danish number',
  args: {
    session: awaitingAppSession('mobilepay', {
      approvalUrl: undefined,
      qrCode: undefined,
      phoneNumber: '+45 ••• •• 78',
    }),
    layout: 'mobile',
    amount: 19950,
    currency: 'DKK',
  },
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getByRole('region', { name: 'Pay with MobilePay' })).toBeVisible();
    const instruction = canvasElement.querySelector('[data-slot="phone"]')!;
    await expect(instruction.textContent?.replace(/\u00a0/g, ' ')).toBe(
      'Open MobilePay on your phone (+45 ••• •• 78) and approve the payment.',
    );
    // The masked number stays on one line.
    const masked = canvasElement.querySelector<HTMLElement>('[data-slot="masked-phone"]')!;
    await expect(masked.getClientRects()).toHaveLength(1);
    await waitFor(() => expect(announcer()).toHaveTextContent(/Open MobilePay on your phone/));
    // Nothing to open or scan here: the request is on the phone.
    await expect(canvas.queryByRole('link')).toBeNull();
    await expect(canvas.queryByRole('img')).toBeNull();
    await expectOnlyOwnBrand('mobilepay', canvasElement);
  },
};
