import { App } from '../App';
import { createCheckoutSession } from '../dintero.server';
import type { Route } from './+types/checkout';

export function meta() {
  return [{ title: 'Fjällbo · React Router example' }];
}

/** A new session for every visit, created on the server: the page gets its id and nothing else. */
export async function loader() {
  return { sessionId: await createCheckoutSession() };
}

export default function Checkout({ loaderData }: Route.ComponentProps) {
  const { sessionId } = loaderData;
  return (
    <main data-session-id={sessionId}>
      <h1>Ullmössa, SEK 787.00</h1>
      <App sessionId={sessionId} />
    </main>
  );
}
