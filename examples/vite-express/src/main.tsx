// main.tsx: the page asks the shop's server for a session, then shows the quick start's checkout.
import { createRoot } from 'react-dom/client';
import { App } from './App';

const root = createRoot(document.getElementById('root')!);
fetch('/api/checkout', { method: 'POST' })
  .then((response) => (response.ok ? (response.json() as Promise<{ sessionId: string }>) : Promise.reject()))
  .then(({ sessionId }) => root.render(<App sessionId={sessionId} />))
  .catch(() => root.render(<p role="alert">The checkout is not available right now. Please try again.</p>));
