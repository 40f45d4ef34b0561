import { confirmPayment } from '../dintero.server';
import type { Route } from './+types/return';

export function meta() {
  return [{ title: 'Fjällbo · your order' }];
}

/** Dintero's `redirect_url` brings the shopper here: the address is a hint, Dintero's transaction the truth. */
export async function loader({ request }: Route.LoaderArgs) {
  const transactionId = new URL(request.url).searchParams.get('transaction_id');
  return { paid: await confirmPayment(transactionId) };
}

export default function Return({ loaderData }: Route.ComponentProps) {
  return (
    <main>
      <h1>{loaderData.paid ? 'Thank you! Your order is paid.' : 'We are checking your payment…'}</h1>
      <a href="/">Back to the shop</a>
    </main>
  );
}
