import { fromList } from './from-list';

/** Svenska. The messages in the order of `en`'s keys; the comment names each one's key. */
export const sv = /* @__PURE__ */ fromList([
  'Betala', // pay
  'Betala {amount}', // pay.amount
  'Startar betalningen…', // status.submitting
  'Väntar på att du godkänner betalningen…', // status.awaiting_approval
  'Kontrollerar din betalning…', // status.resuming
  'Skickar dig vidare…', // status.redirecting
  'Mobilnummer', // phone.label
  'Betalningsförfrågan skickas till det här numret.', // phone.hint
  'Land', // phone.country
  'Sverige', // country.SE
  'Norge', // country.NO
  'Danmark', // country.DK
  'Finland', // country.FI
  'Ange ditt mobilnummer.', // phone.empty
  'Använd bara siffror, med + först vid behov.', // phone.invalid_characters
  'Numret är för kort.', // phone.too_short
  'Numret är för långt.', // phone.too_long
  'Kontrollera mobilnumret.', // phone.invalid
  'Betala med Swish', // swish.title
  'Öppna Swish', // swish.open
  'Betala på en annan enhet', // swish.other_device
  'Skanna QR-koden med Swish-appen i din mobil.', // swish.scan
  'QR-kod: skanna den med Swish-appen för att betala', // swish.qr_alt
  'Öppna Swish i din mobil ({phone}) och godkänn betalningen.', // swish.on_phone
  'Öppna Swish i din mobil och godkänn betalningen.', // swish.on_phone_no_number
  'Tid kvar', // swish.time_left
  '{time} kvar', // swish.time_left_spoken
  'Betalningsförfrågan har gått ut.', // swish.expired
  'Betalningen avbröts.', // swish.cancelled
  'Börja om', // swish.start_again
  'Avbryt', // swish.cancel
  'Anslutningsproblem – vi fortsätter att kontrollera…', // status.connection_problem
  'Vi kan inte nå betaltjänsten. Kontrollera din anslutning och försök igen.', // error.network
  'Du är offline. Anslut till internet och försök igen.', // error.offline
  'Betaltjänsten svarade inte i tid. Försök igen.', // error.timeout
  'Vi kunde inte bekräfta om betalningen startade. Kontrollera din betalapp innan du försöker igen.', // error.outcome_unknown
  'Betalningsuppgifterna godtogs inte. Kontrollera dem och försök igen.', // error.invalid_request
  'Vi hittar inte betalningen. Gå tillbaka till din beställning och börja om.', // error.session_not_found
  'Din beställning har ändrats. Granska den och betala igen.', // error.session_changed
  'För många försök. Vänta en stund och försök igen.', // error.rate_limited
  'Betalningen kunde inte startas. Försök igen.', // error.server
  'Betaltjänsten gav ett oväntat svar. Försök igen senare eller välj ett annat betalsätt.', // error.invalid_response
  'Vi kunde inte verifiera betalningen. Välj ett annat betalsätt.', // error.unsafe_url
  'Betalningen nekades.', // error.rejected
  'Betalningen kräver ett extra steg som inte går att göra här. Välj ett annat betalsätt.', // error.action_required
  'Det här betalsättet kan inte användas. Välj ett annat.', // error.permanent
  'Något gick fel. Försök igen eller välj ett annat betalsätt.', // error.generic
  'Försök igen', // error.retry
  'Du kan försöka igen om en liten stund.', // error.retry_wait
  'Välj ett annat betalsätt', // error.choose_another_method
]);
