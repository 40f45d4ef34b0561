import { act } from '@testing-library/react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  PayButton,
  PayError,
  PaymentError,
  PaySessionProvider,
  PhoneInput,
  SwishApprovalView,
} from '../../src';
import { sv } from '../../src/i18n/locales/sv';
import { fakeSession } from './helpers';

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('server rendering and hydration', () => {
  it('row 29: hydrates every component without a mismatch, then adapts to the device', async () => {
    const session = fakeSession({
      status: 'awaiting_approval',
      isBusy: true,
      approval: {
        approvalUrl: 'swish://paymentrequest?token=t',
        qrCode: 'data:image/png;base64,iVBORw0KGgo=',
        expiresAt: Date.now() + 120_000,
      },
    });
    const page = (
      <PaySessionProvider session={session} theme={{ colorPrimary: '#006aa7' }} locale="sv" messages={sv}>
        <PhoneInput defaultValue="+46701234567" />
        <PayButton amount={24900} currency="SEK" />
        <SwishApprovalView />
        <PaymentError error={new PayError('server')} />
      </PaySessionProvider>
    );
    const html = renderToString(page);
    // The countdown needs the clock and the layout needs the device: neither is read on the server.
    expect(html).toContain('data-layout="desktop"');
    expect(html).toMatch(/role="timer"[^>]*><\/span>/);

    vi.stubGlobal(
      'matchMedia',
      vi.fn(() => ({ matches: true, addEventListener() {}, removeEventListener() {} })),
    );
    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.append(container);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const recoverable = vi.fn();
    await act(async () => {
      hydrateRoot(container, page, { onRecoverableError: recoverable });
    });
    expect(recoverable).not.toHaveBeenCalled();
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();

    expect(container.querySelector('section')).toHaveAttribute('data-layout', 'mobile');
    expect(container.querySelector('[role="timer"]')).toHaveTextContent(/^[12]:\d\d$/);
    expect(container.querySelector('input')).toHaveValue('+46 70 123 45 67');
    expect(container.querySelector('button')?.style.getPropertyValue('--rdp-color-primary')).toBe('#006aa7');
  });
});
