// The README's quick start, run as written (`npm start` serves the README's code block as the
// module `virtual:readme-quick-start`): the shop's server creates the session, and the page gets
// only its id, as the README says. Nothing is added to the README's options.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from 'virtual:readme-quick-start';
import { SHOP_API } from './config';

/** The README's example order: a beanie and two mugs, SEK 787.00, priced by the shop's server. */
const CART = { lines: { beanie: 1, mug: 2 }, currency: 'SEK' };

async function start(root: HTMLElement) {
  const response = await fetch(`${SHOP_API}/checkout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(CART),
  });
  const answer = (await response.json().catch(() => ({}))) as { sessionId?: unknown };
  if (!response.ok || typeof answer.sessionId !== 'string') {
    root.textContent = 'The shop could not prepare the order. Reload the page to try again.';
    return;
  }
  createRoot(root).render(
    <StrictMode>
      <App sessionId={answer.sessionId} />
    </StrictMode>,
  );
}

void start(document.getElementById('root')!);
