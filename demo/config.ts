/** Where the storefront sends its payments, and which Dintero session it pays. */
export interface DemoConfig {
  /**
   * `baseUrl` for `usePaySession`: the shop's own proxy (`/api/dintero/v1`) by default, the emulator's
   * API itself with `?direct` (through CORS), or `?baseUrl=`.
   */
  baseUrl: string;
  /** The emulator's control API (pending requests, approve, decline); hidden when unreachable. */
  controlUrl: string;
  /** A session id given in the address (`?sessionId=`): a real test session, kept as is. */
  sessionId?: string;
  /**
   * `?timeoutMs=`: how long the shopper is given to approve (`poll.timeoutMs`), to see the end of a
   * request without waiting minutes. Between 1 s and 1 h; the app's own lifetime otherwise.
   */
  timeoutMs?: number;
}

/** Where the shop's own server answers: sessions, Dintero's callback, the return's confirmation. */
export const SHOP_API = '/api/shop';

const DINTERO_BASE_URL = 'https://checkout.dintero.com/v1';
const OVERRIDES_KEY = 'fjallbo:overrides';

function httpUrl(text: string | null): string | undefined {
  if (!text) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href.replace(/\/+$/, '') : undefined;
  } catch {
    return undefined;
  }
}

/** A same-origin path such as `/api/dintero/v1` (never `//host`, which would be another origin). */
function localPath(text: string | null): string | undefined {
  return text && /^\/(?!\/)[\x21-\x7e]*$/.test(text) ? text.replace(/\/+$/, '') : undefined;
}

/**
 * Reads the address and the servers' announcements. By default the calls go through the shop's own
 * proxy (`<meta name="dintero-proxy">`, filled in by `npm start` and the production demo), which
 * forwards them to the emulator (`<meta name="dintero-emulator">`). `?direct` calls the emulator
 * straight from the page, through CORS. `?baseUrl=` and `?sessionId=` point the shop at another
 * Dintero-compatible API or a real test session (which the shop's server then does not create).
 */
export function readConfig(): DemoConfig {
  const params = new URLSearchParams(window.location.search);
  const meta = (name: string) =>
    document.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? null;
  const emulator = httpUrl(meta('dintero-emulator'));
  const proxy = localPath(meta('dintero-proxy'));
  const override = httpUrl(params.get('baseUrl'));
  const direct = emulator ? `${emulator}/v1` : DINTERO_BASE_URL;
  const baseUrl = override ?? (proxy && !params.has('direct') ? proxy : direct);
  const sessionId = params.get('sessionId')?.trim() || undefined;
  const timeoutMs = Number(params.get('timeoutMs') ?? Number.NaN);
  rememberOverrides(params);
  return {
    baseUrl,
    // The simulated phone talks to the emulator's control API, wherever the payment calls go.
    controlUrl: `${new URL(override ?? direct).origin}/__emulator`,
    ...(sessionId ? { sessionId } : {}),
    ...(Number.isInteger(timeoutMs) && timeoutMs >= 1000 && timeoutMs <= 3_600_000 ? { timeoutMs } : {}),
  };
}

/** Keeps the overrides for this tab, so "back to shop" from the return page keeps using them. */
function rememberOverrides(params: URLSearchParams): void {
  const kept = new URLSearchParams();
  for (const name of ['baseUrl', 'sessionId', 'timeoutMs']) {
    const value = params.get(name);
    if (value) kept.set(name, value);
  }
  if (params.has('direct')) kept.set('direct', '');
  try {
    if (kept.size > 0) sessionStorage.setItem(OVERRIDES_KEY, kept.toString());
    else sessionStorage.removeItem(OVERRIDES_KEY);
  } catch {
    // Storage blocked: the overrides only last as long as the address.
  }
}

/** The shop's address with the overrides it was opened with. */
export function shopHref(): string {
  try {
    const kept = sessionStorage.getItem(OVERRIDES_KEY);
    return kept ? `./?${kept}` : './';
  } catch {
    return './';
  }
}
