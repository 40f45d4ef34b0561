import { useCallback } from 'react';
import type { PayError, PaymentApp } from '../core';
import { en, formatMessage, type Locale, type MessageKey } from '../i18n';
import { usePayUi } from './PaySessionProvider';

/** Picks a catalogue message by key and fills its `{name}` placeholders. */
export type Translate = (key: MessageKey, values?: Record<string, string>) => string;

const APP_NAMES: Partial<Record<PaymentApp, string>> = {
  swish: 'Swish',
  vipps: 'Vipps',
  mobilepay: 'MobilePay',
};

/**
 * The messages of the nearest provider (English without one) and its locale for formatting.
 * `{app}` is filled with the name of `app` (the catalogue's `app.any` for one the library does not know).
 */
export function useMessages(app: PaymentApp = 'other'): { t: Translate; locale: Locale } {
  const { messages, locale } = usePayUi();
  const t = useCallback<Translate>(
    (key, values) => formatMessage(messages[key], { app: APP_NAMES[app] ?? messages['app.any'], ...values }),
    [messages, app],
  );
  return { t, locale };
}

// Codes whose meaning is known; Dintero adds decline codes without notice, so this stays open.
const BY_CODE: Record<string, MessageKey> = {
  invalid_phone_number: 'phone.invalid',
  phone_number_required: 'phone.empty',
  session_changed: 'error.session_changed',
  outcome_unknown: 'error.outcome_unknown',
};

/**
 * Which catalogue message describes an error: a known `code` first, then a `permanent` category
 * (choose another method: fixing a field cannot help), then the `phone_number` field, then the `kind`. A 400 with a code this
 * library does not know, or a kind it does not know, gets the generic message. Server text never.
 */
export function errorMessageKey(error: Pick<PayError, 'kind' | 'code' | 'field' | 'category'>): MessageKey {
  const { code, kind } = error;
  if (code && Object.hasOwn(BY_CODE, code)) return BY_CODE[code]!;
  if (error.category === 'permanent') return 'error.permanent';
  if (error.field === 'phone_number') return 'phone.invalid';
  const byKind = `error.${kind}` as const;
  return (kind === 'invalid_request' && code) || !Object.hasOwn(en, byKind) ? 'error.generic' : byKind;
}
