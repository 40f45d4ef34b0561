/**
 * English. The key set of this catalogue is the one every other catalogue must have. `{app}` is the
 * payment app's name (Swish, Vipps, MobilePay, or `app.any` for a product type the library does not know).
 */
export const en = {
  pay: 'Pay',
  'pay.amount': 'Pay {amount}',
  'status.submitting': 'Starting payment…',
  'status.awaiting_approval': 'Waiting for you to approve the payment…',
  'status.resuming': 'Checking your payment…',
  'status.redirecting': 'Taking you to the next step…',
  'phone.label': 'Mobile number',
  'phone.hint': 'The payment request is sent to this number.',
  'phone.country': 'Country',
  'country.SE': 'Sweden',
  'country.NO': 'Norway',
  'country.DK': 'Denmark',
  'country.FI': 'Finland',
  'phone.empty': 'Enter your mobile number.',
  'phone.invalid_characters': 'Use digits only, with + at the start if needed.',
  'phone.too_short': 'The number is too short.',
  'phone.too_long': 'The number is too long.',
  'phone.invalid': 'Check the mobile number.',
  'app.title': 'Pay with {app}',
  'app.open': 'Open {app}',
  'app.other_device': 'Pay on another device',
  'app.scan': 'Scan the QR code with {app} on your phone.',
  'app.qr_alt': 'QR code: scan it with {app} to pay',
  'app.on_phone': 'Open {app} on your phone ({phone}) and approve the payment.',
  'app.on_phone_no_number': 'Open {app} on your phone and approve the payment.',
  'app.time_left': 'Time left',
  'app.time_left_spoken': '{time} left',
  'app.expired': 'The request expired.',
  'app.cancelled': 'The payment was cancelled.',
  'app.start_again': 'Start again',
  'app.cancel': 'Cancel',
  'app.stopped_waiting':
    'We stopped waiting here. If you approve in {app} now, the payment still goes through.',
  'app.summary': '{amount} to {merchant}',
  'app.last_check': 'Checking one last time…',
  /** The app's name where the product type is one the library does not know. */
  'app.any': 'your payment app',
  'status.connection_problem': 'Connection problem — still checking…',
  'error.network': 'We could not reach the payment service. Check your connection and try again.',
  'error.offline': 'You are offline. Connect to the internet and try again.',
  'error.timeout': 'The payment service did not answer in time. Try again.',
  'error.outcome_unknown':
    'We could not confirm whether the payment started. Check your payment app before you try again.',
  'error.invalid_request': 'The payment details were not accepted. Check them and try again.',
  'error.session_not_found': 'We could not find this payment. Go back to your order and start again.',
  'error.session_changed': 'Your order changed. Review it and pay again.',
  'error.rate_limited': 'Too many attempts. Wait a moment and try again.',
  'error.server': 'We could not start the payment. Try again.',
  'error.invalid_response':
    'The payment service gave an unexpected answer. Try again later or choose another payment method.',
  'error.unsafe_url': 'We could not verify the payment. Choose another payment method.',
  'error.rejected': 'The payment was declined.',
  'error.action_required':
    'This payment needs an extra step that cannot be done here. Choose another payment method.',
  'error.permanent': 'This payment method cannot be used. Choose another one.',
  'error.generic': 'Something went wrong. Try again or choose another payment method.',
  'error.retry': 'Try again',
  'error.retry_wait': 'You can try again in a moment.',
  'error.choose_another_method': 'Choose another payment method',
  'pay_again.warning': 'A payment request may still be open in {app}. Pay again?',
  'pay_again.confirm': 'Pay again',
  'pay_again.keep_waiting': 'Keep waiting',
};

/** Every user-visible string of the library, by key. */
export type Messages = { [K in keyof typeof en]: string };

/** The name of one message. */
export type MessageKey = keyof Messages;
