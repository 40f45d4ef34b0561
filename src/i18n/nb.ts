import { fromList } from './from-list';

/** Norsk bokmål. The messages in the order of `en`'s keys; the comment names each one's key. */
export const nb = /* @__PURE__ */ fromList([
  'Betal', // pay
  'Betal {amount}', // pay.amount
  'Starter betalingen…', // status.submitting
  'Venter på at du godkjenner betalingen…', // status.awaiting_approval
  'Sjekker betalingen din…', // status.resuming
  'Sender deg videre…', // status.redirecting
  'Mobilnummer', // phone.label
  'Betalingsforespørselen sendes til dette nummeret.', // phone.hint
  'Land', // phone.country
  'Sverige', // country.SE
  'Norge', // country.NO
  'Danmark', // country.DK
  'Finland', // country.FI
  'Skriv inn mobilnummeret ditt.', // phone.empty
  'Bruk bare sifre, med + først ved behov.', // phone.invalid_characters
  'Nummeret er for kort.', // phone.too_short
  'Nummeret er for langt.', // phone.too_long
  'Sjekk mobilnummeret.', // phone.invalid
  'Betal med Swish', // swish.title
  'Åpne Swish', // swish.open
  'Betal på en annen enhet', // swish.other_device
  'Skann QR-koden med Swish-appen på mobilen din.', // swish.scan
  'QR-kode: skann den med Swish-appen for å betale', // swish.qr_alt
  'Åpne Swish på mobilen din ({phone}) og godkjenn betalingen.', // swish.on_phone
  'Åpne Swish på mobilen din og godkjenn betalingen.', // swish.on_phone_no_number
  'Tid igjen', // swish.time_left
  '{time} igjen', // swish.time_left_spoken
  'Betalingsforespørselen har utløpt.', // swish.expired
  'Betalingen ble avbrutt.', // swish.cancelled
  'Start på nytt', // swish.start_again
  'Avbryt', // swish.cancel
  'Tilkoblingsproblem – vi sjekker fortsatt…', // status.connection_problem
  'Vi får ikke kontakt med betalingstjenesten. Sjekk tilkoblingen og prøv igjen.', // error.network
  'Du er frakoblet. Koble til internett og prøv igjen.', // error.offline
  'Betalingstjenesten svarte ikke i tide. Prøv igjen.', // error.timeout
  'Vi kunne ikke bekrefte om betalingen ble startet. Sjekk betalingsappen før du prøver igjen.', // error.outcome_unknown
  'Betalingsopplysningene ble ikke godtatt. Sjekk dem og prøv igjen.', // error.invalid_request
  'Vi finner ikke betalingen. Gå tilbake til bestillingen og start på nytt.', // error.session_not_found
  'Bestillingen din er endret. Se over den og betal på nytt.', // error.session_changed
  'For mange forsøk. Vent litt og prøv igjen.', // error.rate_limited
  'Betalingen kunne ikke startes. Prøv igjen.', // error.server
  'Betalingstjenesten ga et uventet svar. Prøv igjen senere eller velg en annen betalingsmåte.', // error.invalid_response
  'Vi kunne ikke bekrefte betalingen. Velg en annen betalingsmåte.', // error.unsafe_url
  'Betalingen ble avvist.', // error.rejected
  'Betalingen krever et ekstra steg som ikke kan gjøres her. Velg en annen betalingsmåte.', // error.action_required
  'Denne betalingsmåten kan ikke brukes. Velg en annen.', // error.permanent
  'Noe gikk galt. Prøv igjen eller velg en annen betalingsmåte.', // error.generic
  'Prøv igjen', // error.retry
  'Du kan prøve igjen om litt.', // error.retry_wait
  'Velg en annen betalingsmåte', // error.choose_another_method
]);
