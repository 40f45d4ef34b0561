import { fromList } from './from-list';

/** Dansk. The messages in the order of `en`'s keys; the comment names each one's key. */
export const da = /* @__PURE__ */ fromList([
  'Betal', // pay
  'Betal {amount}', // pay.amount
  'Starter betalingen…', // status.submitting
  'Venter på at du godkender betalingen…', // status.awaiting_approval
  'Tjekker din betaling…', // status.resuming
  'Sender dig videre…', // status.redirecting
  'Mobilnummer', // phone.label
  'Betalingsanmodningen sendes til dette nummer.', // phone.hint
  'Land', // phone.country
  'Sverige', // country.SE
  'Norge', // country.NO
  'Danmark', // country.DK
  'Finland', // country.FI
  'Indtast dit mobilnummer.', // phone.empty
  'Brug kun cifre, med + først om nødvendigt.', // phone.invalid_characters
  'Nummeret er for kort.', // phone.too_short
  'Nummeret er for langt.', // phone.too_long
  'Tjek mobilnummeret.', // phone.invalid
  'Betal med Swish', // swish.title
  'Åbn Swish', // swish.open
  'Betal på en anden enhed', // swish.other_device
  'Scan QR-koden med Swish-appen på din telefon.', // swish.scan
  'QR-kode: scan den med Swish-appen for at betale', // swish.qr_alt
  'Åbn Swish på din telefon ({phone}), og godkend betalingen.', // swish.on_phone
  'Åbn Swish på din telefon, og godkend betalingen.', // swish.on_phone_no_number
  'Tid tilbage', // swish.time_left
  '{time} tilbage', // swish.time_left_spoken
  'Betalingsanmodningen er udløbet.', // swish.expired
  'Betalingen blev annulleret.', // swish.cancelled
  'Start forfra', // swish.start_again
  'Annuller', // swish.cancel
  'Forbindelsesproblem – vi tjekker stadig…', // status.connection_problem
  'Vi kan ikke få forbindelse til betalingstjenesten. Tjek din forbindelse, og prøv igen.', // error.network
  'Du er offline. Opret forbindelse til internettet, og prøv igen.', // error.offline
  'Betalingstjenesten svarede ikke i tide. Prøv igen.', // error.timeout
  'Vi kunne ikke bekræfte, om betalingen blev startet. Tjek din betalingsapp, før du prøver igen.', // error.outcome_unknown
  'Betalingsoplysningerne blev ikke godkendt. Tjek dem, og prøv igen.', // error.invalid_request
  'Vi kan ikke finde betalingen. Gå tilbage til din ordre, og start forfra.', // error.session_not_found
  'Din ordre er ændret. Gennemgå den, og betal igen.', // error.session_changed
  'For mange forsøg. Vent lidt, og prøv igen.', // error.rate_limited
  'Betalingen kunne ikke startes. Prøv igen.', // error.server
  'Betalingstjenesten gav et uventet svar. Prøv igen senere, eller vælg en anden betalingsmetode.', // error.invalid_response
  'Vi kunne ikke bekræfte betalingen. Vælg en anden betalingsmetode.', // error.unsafe_url
  'Betalingen blev afvist.', // error.rejected
  'Betalingen kræver et ekstra trin, som ikke kan udføres her. Vælg en anden betalingsmetode.', // error.action_required
  'Denne betalingsmetode kan ikke bruges. Vælg en anden.', // error.permanent
  'Noget gik galt. Prøv igen, eller vælg en anden betalingsmetode.', // error.generic
  'Prøv igen', // error.retry
  'Du kan prøve igen om lidt.', // error.retry_wait
  'Vælg en anden betalingsmetode', // error.choose_another_method
]);
