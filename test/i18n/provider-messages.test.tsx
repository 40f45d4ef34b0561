import { render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { PayButton, PaySessionProvider, PhoneInput, en } from '../../src';
import { fi } from '../../src/i18n/locales/fi';
import { nb } from '../../src/i18n/locales/nb';
import { sv } from '../../src/i18n/locales/sv';
import { fakeSession } from '../components/helpers';

let warn: MockInstance<typeof console.warn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  warn.mockRestore();
  vi.unstubAllEnvs();
});

/** The library's own warnings (React's may come too, and are not this test's business). */
const warnings = () =>
  warn.mock.calls.map((args) => String(args[0])).filter((text) => text.startsWith('react-dintero-pay:'));

describe('PaySessionProvider: messages and locale', () => {
  it('shows a catalogue passed as messages, with amounts in the locale', () => {
    render(
      <PaySessionProvider session={fakeSession()} locale="sv" messages={sv}>
        <PayButton amount={24900} currency="SEK" />
        <PhoneInput />
      </PaySessionProvider>,
    );
    expect(screen.getByRole('button')).toHaveAccessibleName(/^Betala 249,00\skr$/);
    expect(screen.getByRole('textbox', { name: 'Mobilnummer' })).toBeInTheDocument();
    expect(warnings()).toEqual([]);
  });

  it('replaces single messages of a catalogue: { ...sv, pay: "Betala nu" }', () => {
    render(
      <PaySessionProvider session={fakeSession()} locale="sv" messages={{ ...sv, pay: 'Betala nu' }}>
        <PayButton />
        <PhoneInput />
      </PaySessionProvider>,
    );
    expect(screen.getByRole('button')).toHaveAccessibleName('Betala nu');
    expect(screen.getByRole('textbox', { name: 'Mobilnummer' })).toBeInTheDocument();
  });

  it("lets an inner provider replace single messages and keep the outer provider's catalogue", () => {
    render(
      <PaySessionProvider session={fakeSession({ status: 'failed' })} locale="fi" messages={fi}>
        <PaySessionProvider messages={{ pay: 'Vahvista tilaus' }}>
          <PayButton />
          <PhoneInput />
        </PaySessionProvider>
      </PaySessionProvider>,
    );
    expect(screen.getByRole('button')).toHaveAccessibleName('Vahvista tilaus');
    expect(screen.getByRole('button')).toHaveAttribute('data-status', 'failed');
    expect(screen.getByRole('textbox', { name: 'Matkapuhelinnumero' })).toBeInTheDocument();
  });

  it('lets an inner provider switch to another catalogue', () => {
    render(
      <PaySessionProvider session={fakeSession()} locale="sv" messages={sv}>
        <PaySessionProvider locale="nb" messages={nb}>
          <PayButton amount={10000} currency="NOK" />
        </PaySessionProvider>
      </PaySessionProvider>,
    );
    expect(screen.getByRole('button').textContent).toMatch(/^Betal 100,00\s?kr/);
  });

  it('warns once per locale, in development, when locale="sv" comes without the Swedish catalogue', () => {
    const view = (
      <PaySessionProvider session={fakeSession()} locale="sv">
        <PayButton />
      </PaySessionProvider>
    );
    const { rerender, unmount } = render(view);
    // English is what the shopper sees, so the warning is what the developer sees.
    expect(screen.getByRole('button')).toHaveAccessibleName('Pay');
    expect(warnings()).toEqual([
      expect.stringContaining(
        `import { sv } from 'react-dintero-pay/locales/sv'; <PaySessionProvider locale="sv" messages={sv}>`,
      ),
    ]);
    rerender(
      <PaySessionProvider session={fakeSession()} locale="sv" messages={{ pay: 'Betala' }}>
        <PayButton />
      </PaySessionProvider>,
    );
    unmount();
    render(view);
    expect(warnings()).toHaveLength(1);
  });

  it('warns about English replacements that leave the rest of the messages English', () => {
    render(
      <PaySessionProvider session={fakeSession()} locale="nb-NO" messages={{ pay: 'Betal nå' }}>
        <PayButton />
      </PaySessionProvider>,
    );
    expect(warnings()).toEqual([expect.stringContaining(`from 'react-dintero-pay/locales/nb'`)]);
    expect(warnings()[0]).toContain('use locale "en-NO"');
  });

  it('points a language the library does not ship to a catalogue of its own', () => {
    render(
      <PaySessionProvider session={fakeSession()} locale="de-DE">
        <PayButton />
      </PaySessionProvider>,
    );
    expect(warnings()).toEqual([expect.stringContaining('Pass your own catalogue of every message')]);
  });

  it('does not warn for English locales, own translations or the English catalogue passed for en-SE', () => {
    render(
      <>
        <PaySessionProvider session={fakeSession()} locale="en-SE">
          <PayButton amount={24900} currency="SEK" />
        </PaySessionProvider>
        <PaySessionProvider session={fakeSession()} locale="en-GB" messages={en}>
          <PhoneInput />
        </PaySessionProvider>
        <PaySessionProvider
          session={fakeSession()}
          locale="is"
          messages={Object.fromEntries(Object.keys(en).map((key) => [key, `is:${key}`]))}
        >
          <PhoneInput />
        </PaySessionProvider>
      </>,
    );
    // English words, Swedish number formats: what en-SE is for.
    expect(screen.getByRole('button')).toHaveAccessibleName(/^Pay 249,00\skr$/);
    expect(warnings()).toEqual([]);
  });

  it('stays silent in production builds', () => {
    vi.stubEnv('NODE_ENV', 'production');
    render(
      <PaySessionProvider session={fakeSession()} locale="da">
        <PayButton />
      </PaySessionProvider>,
    );
    expect(warnings()).toEqual([]);
  });
});
