import { act, fireEvent, render } from '@testing-library/react';
// @ts-expect-error -- 0.5.x (Testing Library's copy) ships types that its `exports` map does not expose.
import { computeAccessibleName as untypedComputeAccessibleName } from 'dom-accessibility-api';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  en,
  formatMessage,
  PayButton,
  PayError,
  PaymentError,
  PaySessionProvider,
  PhoneInput,
  SwishApprovalView,
  type Approval,
  type MessageKey,
  type Messages,
  type PaymentApp,
} from '../../src';
import { da } from '../../src/i18n/locales/da';
import { fi } from '../../src/i18n/locales/fi';
import { nb } from '../../src/i18n/locales/nb';
import { sv } from '../../src/i18n/locales/sv';
import { fakeSession, type FakeSessionFields } from './helpers';

// A shopper paying with Vipps never reads "Swish": every status of every component, in every
// language, names the session's app and no other (and none at all for a product type the library
// does not know). The scenes render every message of the catalogues (the last test checks that), so
// a brand written into any message of any catalogue fails here.

/** The accessible name of an element, as a screen reader would say it (W3C accname). */
const computeAccessibleName = untypedComputeAccessibleName as (element: Element) => string;

const CATALOGUES: Record<string, Messages> = { en, nb, sv, da, fi };
const APPS: PaymentApp[] = ['swish', 'vipps', 'mobilepay', 'other'];
const BRANDS = { swish: 'Swish', vipps: 'Vipps', mobilepay: 'MobilePay' } as const;

/** What `{app}` must read for `app` in a catalogue. */
const appName = (app: PaymentApp, messages: Messages) =>
  app === 'other' ? messages['app.any'] : BRANDS[app];

/** The brands a shopper paying with `app` must never meet (all three for an unknown app). */
const foreignBrands = (app: PaymentApp) =>
  Object.entries(BRANDS)
    .filter(([own]) => own !== app)
    .map(([, brand]) => brand);

/** Each app's kind of approval link: Swish's own scheme, `https:` for the others. */
const APP_LINKS: Record<PaymentApp, string> = {
  swish: 'swish://paymentrequest?token=abc&callbackurl=https%3A%2F%2Fshop.example',
  vipps: 'https://pay.vipps.example/approve?token=abc',
  mobilepay: 'https://pay.mobilepay.example/approve?token=abc',
  other: 'https://pay.psp.example/approve?token=abc',
};
const QR = 'data:image/png;base64,iVBORw0KGgo=';
/** A number in E.164 that each app's country accepts. */
const VALID_PHONE: Record<PaymentApp, string> = {
  swish: '+46701234567',
  vipps: '+4791234567',
  mobilepay: '+4520123478',
  other: '+46701234567',
};
const MASKED = '+45 ••• •• 78';
/** How long the page waits in every scene: long enough for the countdown to speak once. */
const WAIT_MS = 6_000;

/** What differs per app in a scene's approval: the link (when the scene has one). */
type ApprovalOf = (app: PaymentApp, now: number) => Approval;

interface Scene {
  name: string;
  session?: FakeSessionFields;
  approval?: ApprovalOf;
  /** The approval view's layout (default desktop). */
  layout?: 'mobile' | 'desktop';
  /** What the phone field starts with; a valid number of the app's country when left out. */
  phone?: string;
  /** Press Pay once rendered. */
  pressPay?: boolean;
  /** More to show under the same provider (errors given to `PaymentError` directly, fields with errors). */
  extra?: ReactNode;
  /** Messages naming the app that must be shown in this scene, with the app's name in them. */
  named?: (app: PaymentApp) => MessageKey[];
  /** Elements (by selector) whose accessible name must be a message naming the app (`null`: no such element). */
  labelled?: (app: PaymentApp) => [selector: string, key: MessageKey | null][];
}

/** An approval expiring `secondsLeft` after the scene is shown, with or without a link and QR code. */
function approval(secondsLeft: number, parts: { link?: boolean; qr?: boolean; phone?: boolean }): ApprovalOf {
  return (app, now) => ({
    expiresAt: now + secondsLeft * 1000,
    ...(parts.link && { approvalUrl: APP_LINKS[app] }),
    ...(parts.qr && { qrCode: QR }),
    ...(parts.phone && { phoneNumber: MASKED }),
  });
}
const LINK_AND_QR = { link: true, qr: true };
const AWAITING: FakeSessionFields = { status: 'awaiting_approval', isBusy: true };

/** Every kind of error `PaymentError` words differently, given to it directly. */
const MORE_ERRORS: PayError[] = [
  new PayError('network'),
  new PayError('offline'),
  new PayError('timeout'),
  new PayError('timeout', { code: 'outcome_unknown' }),
  new PayError('invalid_request', { httpStatus: 400 }),
  new PayError('invalid_request', { code: 'brand_new_code', httpStatus: 400 }),
  new PayError('session_not_found', { httpStatus: 404 }),
  new PayError('session_changed', { httpStatus: 412 }),
  new PayError('server', { httpStatus: 503 }),
  new PayError('invalid_response'),
  new PayError('unsafe_url'),
  new PayError('rejected', { code: 'wrong_ssn', category: 'permanent' }),
];

const SCENES: Scene[] = [
  // The button's label without an amount is shown here; every other scene has an amount.
  { name: 'idle', extra: <PayButton /> },
  { name: 'idle, Pay pressed with no number', phone: '', pressPay: true },
  {
    name: 'idle, numbers that are not right',
    extra: (
      <>
        <PhoneInput defaultValue="070" error />
        <PhoneInput defaultValue="0701234567890123" error />
        <PhoneInput defaultValue="07O1" error />
      </>
    ),
  },
  { name: 'submitting', session: { status: 'submitting', isBusy: true, shopperActed: true } },
  {
    name: 'awaiting, link and QR code, phone',
    session: AWAITING,
    approval: approval(180, LINK_AND_QR),
    layout: 'mobile',
    named: () => ['app.title', 'app.open', 'app.qr_alt', 'app.scan'],
    labelled: () => [
      ['section', 'app.title'],
      ['a[href]', 'app.open'],
      ['img', 'app.qr_alt'],
    ],
  },
  {
    name: 'awaiting, link and QR code, desktop',
    session: AWAITING,
    approval: approval(180, LINK_AND_QR),
    // Swish's own link cannot work on a desktop; an https: link can.
    named: (app) => [
      'app.title',
      'app.qr_alt',
      'app.scan',
      ...(app === 'swish' ? [] : ['app.open' as const]),
    ],
    labelled: (app) => [
      ['section', 'app.title'],
      ['img', 'app.qr_alt'],
      ['a[href]', app === 'swish' ? null : 'app.open'],
    ],
  },
  {
    name: 'awaiting, sent to a phone number',
    session: AWAITING,
    approval: approval(180, { phone: true }),
    named: () => ['app.title', 'app.on_phone'],
  },
  {
    name: 'awaiting, nothing to open or scan',
    session: AWAITING,
    approval: approval(180, {}),
    named: () => ['app.title', 'app.on_phone_no_number'],
  },
  {
    name: 'awaiting, resumed after a reload',
    session: { ...AWAITING, isResuming: true },
    approval: approval(180, LINK_AND_QR),
  },
  {
    name: 'awaiting, connection problem',
    session: { ...AWAITING, connectionProblem: true },
    approval: approval(180, LINK_AND_QR),
  },
  {
    // From 65 s to 59 s left during the wait: the minute checkpoint is said.
    name: 'awaiting, the countdown speaks',
    session: AWAITING,
    approval: approval(65, LINK_AND_QR),
    named: () => ['app.title'],
  },
  {
    name: 'awaiting, checking one last time',
    session: AWAITING,
    approval: approval(-2, LINK_AND_QR),
    layout: 'mobile',
    named: () => ['app.title'],
  },
  {
    name: 'redirecting',
    session: { status: 'redirecting', isBusy: true, redirectUrl: 'https://shop.example/return' },
  },
  { name: 'declined', session: { status: 'declined', error: new PayError('rejected'), shopperActed: true } },
  {
    name: 'failed, the phone number refused, and every other error',
    session: {
      status: 'failed',
      error: new PayError('invalid_request', { field: 'phone_number', httpStatus: 400 }),
      shopperActed: true,
    },
    extra: MORE_ERRORS.map((error, index) => (
      <PaymentError key={index} error={error} onChooseAnotherMethod={() => undefined} />
    )),
  },
  {
    name: 'failed, rate limited (waiting for Retry-After)',
    session: {
      status: 'failed',
      error: new PayError('rate_limited', { retryAfterMs: 5000 }),
      canRetry: false,
    },
  },
  {
    name: 'action required',
    session: { status: 'action_required', error: new PayError('action_required') },
  },
  { name: 'expired', session: { status: 'expired' } },
  { name: 'cancelled', session: { status: 'cancelled' } },
  {
    name: 'cancelled, the request may still be approved',
    session: { status: 'cancelled', requestMayBeLive: true },
    named: () => ['app.title', 'app.stopped_waiting'],
    labelled: () => [['section', 'app.title']],
  },
  {
    name: 'cancelled, may still be approved, Pay pressed (pay again?)',
    session: { status: 'cancelled', requestMayBeLive: true, shopperActed: true },
    pressPay: true,
    named: () => ['app.stopped_waiting', 'pay_again.warning'],
    labelled: () => [
      ['section', 'app.title'],
      ['[role="group"]', 'pay_again.warning'],
    ],
  },
];

// Attributes that give words to assistive technology besides the text itself. With the text they
// are everything accessible names here are made of (`aria-labelledby` points at text), so reading
// them is as complete as computing every name, and far cheaper in jsdom.
const WORD_ATTRIBUTES = ['alt', 'aria-label', 'aria-description', 'aria-valuetext', 'title', 'placeholder'];

/** Every word a shopper can read or hear from `root`: text (hidden parts too) and attributes. */
function wordsOf(root: Element): string {
  const words = [root.textContent ?? ''];
  for (const element of root.querySelectorAll('*')) {
    for (const attribute of WORD_ATTRIBUTES) words.push(element.getAttribute(attribute) ?? '');
  }
  // A masked number is kept on one line with no-break spaces.
  return words.join('\n').replace(/\u00a0/g, ' ');
}

interface Shown {
  /** The words of each scene, by name. */
  scenes: Map<string, string>;
  /** Everything said in the page's live regions, in order. */
  heard: string[];
  /** Accessible names of the elements a scene's `labelled` lists, by scene and selector. */
  names: Map<string, Map<string, string | undefined>>;
}

/**
 * Renders every scene for `app` at once, each under its own provider (as separate checkouts on one
 * page: one controller and one live region each), presses Pay where a scene says so, lets the
 * countdown run for a few seconds, and collects what a shopper can read and hear.
 */
function showScenes(app: PaymentApp, locale: string, messages: Messages, scenes = SCENES): Shown {
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
  const now = Date.now();
  const listening = new MutationObserver(() => undefined);
  listening.observe(document.body, { childList: true, characterData: true, subtree: true });
  const { container, unmount } = render(
    <>
      {scenes.map((scene) => (
        <div key={scene.name} data-scene={scene.name}>
          <PaySessionProvider
            session={fakeSession({
              app,
              ...scene.session,
              ...(scene.approval && { approval: scene.approval(app, now) }),
            })}
            locale={locale}
            messages={messages}
          >
            <PhoneInput defaultValue={scene.phone ?? VALID_PHONE[app]} />
            <PayButton amount={24900} currency="SEK" />
            <PaymentError onChooseAnotherMethod={() => undefined} />
            <SwishApprovalView
              layout={scene.layout ?? 'desktop'}
              amount={24900}
              currency="SEK"
              merchantName="Fjällbo"
            />
            {scene.extra}
          </PaySessionProvider>
        </div>
      ))}
    </>,
  );
  for (const scene of scenes.filter((each) => each.pressPay)) {
    fireEvent.click(container.querySelector(`[data-scene="${scene.name}"] button[data-status]`)!);
  }
  act(() => vi.advanceTimersByTime(WAIT_MS));

  const words = new Map(
    [...container.querySelectorAll('[data-scene]')].map((root) => [
      root.getAttribute('data-scene')!,
      wordsOf(root),
    ]),
  );
  // Computed (W3C accname) only where the app is named: it is slow in jsdom.
  const names = new Map(
    scenes.map((scene) => {
      const root = container.querySelector(`[data-scene="${scene.name}"]`)!;
      const named = (scene.labelled?.(app) ?? []).map(([selector]): [string, string | undefined] => {
        const element = root.querySelector(selector);
        return [selector, element ? computeAccessibleName(element) : undefined];
      });
      return [scene.name, new Map(named)];
    }),
  );
  const heard: string[] = [];
  for (const record of listening.takeRecords()) {
    // Each announcement replaces the region's text; the replaced text nodes keep their words.
    if (!(record.target as Element).closest?.('[data-rdp-announcer]')) continue;
    for (const node of record.addedNodes) heard.push(node.textContent ?? '');
  }
  listening.disconnect();
  unmount();
  vi.useRealTimers();
  return { scenes: words, heard: heard.filter(Boolean), names };
}

/** What a shopper paying with `app` would find wrong: another app's name, or theirs missing. */
function problemsOf(app: PaymentApp, locale: string, messages: Messages): string[] {
  const { scenes, heard, names } = showScenes(app, locale, messages);
  const problems: string[] = [];
  const name = appName(app, messages);
  const mentions = (words: string, brand: string) => words.toLowerCase().includes(brand.toLowerCase());
  for (const scene of SCENES) {
    const words = scenes.get(scene.name)!;
    for (const brand of foreignBrands(app)) {
      if (mentions(words, brand)) problems.push(`${scene.name}: "${brand}" shown`);
    }
    for (const key of scene.named?.(app) ?? []) {
      // A translation that drops `{app}` would read the same for every app: the shopper loses the name.
      if (!messages[key].includes('{app}')) problems.push(`${scene.name}: ${key} does not name the app`);
      const text = formatMessage(messages[key], { app: name, phone: MASKED });
      if (!words.includes(text)) problems.push(`${scene.name}: ${key} "${text}" missing`);
    }
    for (const [selector, key] of scene.labelled?.(app) ?? []) {
      const expected = key === null ? undefined : formatMessage(messages[key], { app: name });
      const actual = names.get(scene.name)!.get(selector);
      if (actual !== expected)
        problems.push(`${scene.name}: ${selector} named "${actual}", not "${expected}"`);
    }
  }
  for (const words of heard) {
    for (const brand of foreignBrands(app)) {
      if (mentions(words, brand)) problems.push(`live region: "${brand}" heard in "${words}"`);
    }
  }
  return problems;
}

afterEach(() => vi.useRealTimers());

describe('every component speaks the session’s app, in every language', () => {
  for (const [locale, messages] of Object.entries(CATALOGUES)) {
    for (const app of APPS) {
      it(`${app} in ${locale}`, () => {
        expect(problemsOf(app, locale, messages)).toEqual([]);
      });
    }
  }

  it('names the app in the waiting view’s accessible names: its region, "Open …" and the QR code (English)', () => {
    const waiting = SCENES.filter((scene) => scene.name.startsWith('awaiting, link and QR code'));
    for (const app of APPS) {
      const { names } = showScenes(app, 'en', en, waiting);
      const name = app === 'other' ? 'your payment app' : BRANDS[app];
      const phone = names.get('awaiting, link and QR code, phone')!;
      const desktop = names.get('awaiting, link and QR code, desktop')!;
      for (const view of [phone, desktop]) {
        expect(view.get('section')).toBe(`Pay with ${name}`);
        expect(view.get('img')).toBe(`QR code: scan it with ${name} to pay`);
      }
      expect(phone.get('a[href]')).toBe(`Open ${name}`);
      // Swish on a desktop: the QR code alone, no link that could do nothing.
      expect(desktop.get('a[href]')).toBe(app === 'swish' ? undefined : `Open ${name}`);
    }
  });

  it('the scenes show and say every message of the catalogue, so a brand in any message is caught', () => {
    // Each message marked with its key: the marks found in all scenes are the messages shown or said.
    // The unknown app shows them all (`app.any` included); the apps' scenes differ only in the name.
    const marked = Object.fromEntries(Object.entries(en).map(([key, text]) => [key, `⟦${key}⟧${text}`]));
    const { scenes, heard } = showScenes('other', 'en', marked as Messages);
    const shown = new Set<string>();
    for (const words of [...scenes.values(), ...heard]) {
      for (const [, key] of words.matchAll(/⟦([\w.]+)⟧/g)) shown.add(key!);
    }
    expect(Object.keys(en).filter((key) => !shown.has(key))).toEqual([]);
  });
});
