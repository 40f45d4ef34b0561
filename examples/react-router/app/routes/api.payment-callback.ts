import { confirmPayment } from '../dintero.server';
import type { Route } from './+types/api.payment-callback';

/** Dintero calls this after a payment, even when the shopper never comes back. */
export async function loader({ request }: Route.LoaderArgs) {
  await confirmPayment(new URL(request.url).searchParams.get('transaction_id'));
  return new Response(null, { status: 200 });
}
