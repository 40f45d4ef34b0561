import { fromList } from './from-list';

/** Suomi. The messages in the order of `en`'s keys; the comment names each one's key. */
export const fi = /* @__PURE__ */ fromList([
  'Maksa', // pay
  'Maksa {amount}', // pay.amount
  'Maksua aloitetaan…', // status.submitting
  'Odotetaan, että hyväksyt maksun…', // status.awaiting_approval
  'Maksuasi tarkistetaan…', // status.resuming
  'Siirrytään seuraavaan vaiheeseen…', // status.redirecting
  'Matkapuhelinnumero', // phone.label
  'Maksupyyntö lähetetään tähän numeroon.', // phone.hint
  'Maa', // phone.country
  'Ruotsi', // country.SE
  'Norja', // country.NO
  'Tanska', // country.DK
  'Suomi', // country.FI
  'Anna matkapuhelinnumerosi.', // phone.empty
  'Käytä vain numeroita ja tarvittaessa +-merkkiä alussa.', // phone.invalid_characters
  'Numero on liian lyhyt.', // phone.too_short
  'Numero on liian pitkä.', // phone.too_long
  'Tarkista matkapuhelinnumero.', // phone.invalid
  'Maksa Swishillä', // swish.title
  'Avaa Swish', // swish.open
  'Maksa toisella laitteella', // swish.other_device
  'Skannaa QR-koodi puhelimesi Swish-sovelluksella.', // swish.scan
  'QR-koodi: maksa skannaamalla se Swish-sovelluksella', // swish.qr_alt
  'Avaa Swish puhelimessasi ({phone}) ja hyväksy maksu.', // swish.on_phone
  'Avaa Swish puhelimessasi ja hyväksy maksu.', // swish.on_phone_no_number
  'Aikaa jäljellä', // swish.time_left
  '{time} jäljellä', // swish.time_left_spoken
  'Maksupyyntö on vanhentunut.', // swish.expired
  'Maksu peruutettiin.', // swish.cancelled
  'Aloita alusta', // swish.start_again
  'Peruuta', // swish.cancel
  'Yhteysongelma – tarkistamme edelleen…', // status.connection_problem
  'Maksupalveluun ei saada yhteyttä. Tarkista verkkoyhteys ja yritä uudelleen.', // error.network
  'Ei verkkoyhteyttä. Muodosta yhteys internetiin ja yritä uudelleen.', // error.offline
  'Maksupalvelu ei vastannut ajoissa. Yritä uudelleen.', // error.timeout
  'Emme voineet varmistaa, alkoiko maksu. Tarkista maksusovellus ennen kuin yrität uudelleen.', // error.outcome_unknown
  'Maksutietoja ei hyväksytty. Tarkista ne ja yritä uudelleen.', // error.invalid_request
  'Maksua ei löytynyt. Palaa tilaukseesi ja aloita alusta.', // error.session_not_found
  'Tilauksesi on muuttunut. Tarkista se ja maksa uudelleen.', // error.session_changed
  'Liian monta yritystä. Odota hetki ja yritä uudelleen.', // error.rate_limited
  'Maksua ei voitu aloittaa. Yritä uudelleen.', // error.server
  'Maksupalvelu antoi odottamattoman vastauksen. Yritä myöhemmin uudelleen tai valitse toinen maksutapa.', // error.invalid_response
  'Maksua ei voitu vahvistaa. Valitse toinen maksutapa.', // error.unsafe_url
  'Maksu hylättiin.', // error.rejected
  'Maksu vaatii lisävaiheen, jota ei voi tehdä täällä. Valitse toinen maksutapa.', // error.action_required
  'Tätä maksutapaa ei voi käyttää. Valitse toinen.', // error.permanent
  'Jokin meni vikaan. Yritä uudelleen tai valitse toinen maksutapa.', // error.generic
  'Yritä uudelleen', // error.retry
  'Voit yrittää uudelleen hetken kuluttua.', // error.retry_wait
  'Valitse toinen maksutapa', // error.choose_another_method
]);
