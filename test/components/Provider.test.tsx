import { render, screen } from '@testing-library/react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  PayButton,
  PayError,
  PaymentError,
  PaySessionProvider,
  PhoneInput,
  SwishApprovalView,
  en,
  themeVariables,
  type PayTheme,
} from '../../src';
import { da } from '../../src/i18n/locales/da';
import { fi } from '../../src/i18n/locales/fi';
import { nb } from '../../src/i18n/locales/nb';
import { sv } from '../../src/i18n/locales/sv';
import { fakeSession } from './helpers';

const catalogues = { en, nb, sv, da, fi };

const theme: PayTheme = {
  colorPrimary: '#006aa7',
  colorPrimaryText: '#ffffff',
  colorDanger: '#c00',
  colorText: '#111',
  colorBackground: '#fafafa',
  borderRadius: 4,
  fontFamily: 'Inter, sans-serif',
  spacing: '0.5rem',
  focusRing: '#fecc00',
};

const awaiting = fakeSession({
  status: 'awaiting_approval',
  isBusy: true,
  approval: { approvalUrl: 'swish://paymentrequest?token=t', expiresAt: Date.now() + 60_000 },
});

describe('PaySessionProvider', () => {
  it('switches every component to the locale', () => {
    render(
      <PaySessionProvider session={fakeSession()} locale="nb" messages={nb}>
        <PayButton />
        <PhoneInput />
        <PaymentError error={new PayError('session_changed')} />
      </PaySessionProvider>,
    );
    expect(screen.getByRole('button', { name: 'Betal' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Mobilnummer' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Land' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Bestillingen din er endret. Se over den og betal på nytt.',
    );
  });

  it.each([
    ['en', 'Pay'],
    ['nb', 'Betal'],
    ['sv', 'Betala'],
    ['da', 'Betal'],
    ['fi', 'Maksa'],
  ] as const)('labels the button in %s', (locale, label) => {
    render(
      <PaySessionProvider session={fakeSession()} locale={locale} messages={catalogues[locale]}>
        <PayButton />
      </PaySessionProvider>,
    );
    expect(screen.getByRole('button')).toHaveAccessibleName(label);
  });

  it('replaces single messages and keeps the rest of the locale', () => {
    render(
      <PaySessionProvider session={fakeSession()} locale="fi" messages={{ ...fi, pay: 'Vahvista tilaus' }}>
        <PayButton />
        <PhoneInput />
      </PaySessionProvider>,
    );
    expect(screen.getByRole('button', { name: 'Vahvista tilaus' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Matkapuhelinnumero' })).toBeInTheDocument();
  });

  it('lets an inner provider change the locale and keep the outer session', () => {
    render(
      <PaySessionProvider session={fakeSession({ status: 'failed' })}>
        <PaySessionProvider locale="sv" messages={sv}>
          <PayButton />
        </PaySessionProvider>
      </PaySessionProvider>,
    );
    const button = screen.getByRole('button', { name: 'Betala' });
    expect(button).toHaveAttribute('data-status', 'failed');
  });

  it('applies theme tokens as --rdp-* variables on each root, through the CSSOM', () => {
    render(
      <PaySessionProvider session={awaiting} theme={theme}>
        <PayButton />
        <PhoneInput />
        <SwishApprovalView />
      </PaySessionProvider>,
    );
    const roots = [
      screen.getByRole('button', { name: 'Pay' }),
      screen.getByRole('textbox').closest('[data-status]') as HTMLElement,
      screen.getByRole('region'),
    ];
    for (const root of roots) {
      expect(root.style.getPropertyValue('--rdp-color-primary')).toBe('#006aa7');
      expect(root.style.getPropertyValue('--rdp-color-primary-text')).toBe('#ffffff');
      expect(root.style.getPropertyValue('--rdp-color-danger')).toBe('#c00');
      expect(root.style.getPropertyValue('--rdp-color-text')).toBe('#111');
      expect(root.style.getPropertyValue('--rdp-color-background')).toBe('#fafafa');
      expect(root.style.getPropertyValue('--rdp-radius')).toBe('4px');
      expect(root.style.getPropertyValue('--rdp-font-family')).toBe('Inter, sans-serif');
      expect(root.style.getPropertyValue('--rdp-spacing')).toBe('0.5rem');
      expect(root.style.getPropertyValue('--rdp-focus-ring')).toBe('#fecc00');
    }
    expect(document.querySelector('style')).toBeNull();
  });

  it("lets a component's theme win token by token, and removes tokens that are gone", () => {
    const session = fakeSession();
    const { rerender } = render(
      <PaySessionProvider session={session} theme={{ colorPrimary: 'red', borderRadius: 2 }}>
        <PayButton theme={{ colorPrimary: 'green' }} />
      </PaySessionProvider>,
    );
    const button = screen.getByRole('button');
    expect(button.style.getPropertyValue('--rdp-color-primary')).toBe('green');
    expect(button.style.getPropertyValue('--rdp-radius')).toBe('2px');
    rerender(
      <PaySessionProvider session={session}>
        <PayButton theme={{ colorPrimary: 'green' }} />
      </PaySessionProvider>,
    );
    expect(button.style.getPropertyValue('--rdp-radius')).toBe('');
    expect(button.style.getPropertyValue('--rdp-color-primary')).toBe('green');
  });

  it('themes a view that appears later', () => {
    const { rerender } = render(
      <PaySessionProvider session={fakeSession({ status: 'submitting', isBusy: true })} theme={theme}>
        <SwishApprovalView />
      </PaySessionProvider>,
    );
    rerender(
      <PaySessionProvider session={awaiting} theme={theme}>
        <SwishApprovalView />
      </PaySessionProvider>,
    );
    expect(screen.getByRole('region').style.getPropertyValue('--rdp-color-primary')).toBe('#006aa7');
  });

  it('keeps server-rendered markup free of style attributes (strict CSP)', () => {
    const html = renderToString(
      <PaySessionProvider session={fakeSession()} theme={theme}>
        <PayButton />
        <PhoneInput defaultValue="+46701234567" />
        <PaymentError error={new PayError('server')} />
      </PaySessionProvider>,
    );
    expect(html).not.toMatch(/style=/);
    expect(html).not.toMatch(/<style/);
    expect(html).not.toContain('701234567');
  });

  it('maps the theme to variables, numbers in px, empty tokens left out', () => {
    expect(themeVariables({ borderRadius: 0, spacing: 12, colorText: '' })).toEqual([
      ['--rdp-radius', '0px'],
      ['--rdp-spacing', '12px'],
    ]);
  });

  it('puts the consumer className last and drops the library classes when unstyled', () => {
    const { rerender } = render(
      <PaySessionProvider session={fakeSession()}>
        <PayButton className="shop-button" />
      </PaySessionProvider>,
    );
    expect(screen.getByRole('button').className).toBe('rdp-root rdp-button shop-button');
    rerender(
      <PaySessionProvider session={fakeSession()} unstyled>
        <PayButton className="shop-button" />
        <PhoneInput className="shop-field" />
      </PaySessionProvider>,
    );
    expect(screen.getByRole('button').className).toBe('shop-button');
    const field = screen.getByRole('textbox').closest('[data-status]') as HTMLElement;
    expect(field.className).toBe('shop-field');
    expect(field.querySelector('[class*="rdp-"]')).toBeNull();
    rerender(
      <PaySessionProvider session={fakeSession()} unstyled>
        <PayButton unstyled={false} />
      </PaySessionProvider>,
    );
    expect(screen.getByRole('button')).toHaveClass('rdp-button');
  });

  it('marks inner parts with data-slot', () => {
    render(
      <PaySessionProvider session={fakeSession({ status: 'submitting', isBusy: true })}>
        <PayButton />
        <PhoneInput error />
      </PaySessionProvider>,
    );
    for (const slot of ['spinner', 'label', 'country', 'input', 'hint', 'error']) {
      expect(document.querySelector(`[data-slot="${slot}"]`), slot).not.toBeNull();
    }
  });
});
