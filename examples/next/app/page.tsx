import { connection } from 'next/server';
import { App } from './checkout';

/**
 * Your server creates the Dintero Checkout session (with your client credentials, never in the
 * page) and hands its id to the page. Against the emulator any id of Dintero's form will do.
 */
async function createCheckoutSession(): Promise<string> {
  return `T11223344.${crypto.randomUUID().replaceAll('-', '')}`;
}

export default async function Page() {
  // A new session per visit: never prerendered at build time.
  await connection();
  const sessionId = await createCheckoutSession();
  return (
    <main data-session-id={sessionId}>
      <h1>Ullmössa, SEK 787.00</h1>
      <App sessionId={sessionId} />
    </main>
  );
}
