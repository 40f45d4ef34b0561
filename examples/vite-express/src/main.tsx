import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

/**
 * The shop's server creates the Dintero session for the order (server.ts: `POST /api/checkout`)
 * and hands the page its id, nothing else. Under `vite` (development, no shop server) a session id
 * in the address stands in: `?sessionId=T12345678.…` against the emulator.
 */
async function checkoutSession(): Promise<string> {
  const fromAddress = new URLSearchParams(location.search).get('sessionId');
  if (fromAddress) return fromAddress;
  const response = await fetch('/api/checkout', { method: 'POST' });
  if (!response.ok) throw new Error(`the shop's server did not create a session (HTTP ${response.status})`);
  const { sessionId } = (await response.json()) as { sessionId: string };
  return sessionId;
}

const sessionId = await checkoutSession();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <main data-session-id={sessionId}>
      <h1>Ullmössa, SEK 787.00</h1>
      <App sessionId={sessionId} />
    </main>
  </StrictMode>,
);
