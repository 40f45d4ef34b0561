/** Where the storefront sends its payments, and which Dintero session it pays. */
export interface DemoConfig {
  /** `baseUrl` for `usePaySession`. */
  baseUrl: string;
  /** The emulator's control API (pending requests, approve, decline); hidden when unreachable. */
  controlUrl: string;
  /** A session id given in the address (`?sessionId=`): a real test session, kept as is. */
  sessionId?: string;
}

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

/**
 * Reads `?baseUrl=` and `?sessionId=` (to point the shop at another Dintero-compatible API or a real
 * test session), else the emulator `npm start` announces in `<meta name="dintero-emulator">`.
 */
export function readConfig(): DemoConfig {
  const params = new URLSearchParams(window.location.search);
  const emulator = httpUrl(
    document.querySelector('meta[name="dintero-emulator"]')?.getAttribute('content') ?? null,
  );
  const baseUrl = httpUrl(params.get('baseUrl')) ?? (emulator ? `${emulator}/v1` : DINTERO_BASE_URL);
  const sessionId = params.get('sessionId')?.trim() || undefined;
  rememberOverrides(params);
  return {
    baseUrl,
    controlUrl: `${new URL(baseUrl).origin}/__emulator`,
    ...(sessionId ? { sessionId } : {}),
  };
}

/** Keeps the overrides for this tab, so "back to shop" from the return page keeps using them. */
function rememberOverrides(params: URLSearchParams): void {
  const kept = new URLSearchParams();
  for (const name of ['baseUrl', 'sessionId']) {
    const value = params.get(name);
    if (value) kept.set(name, value);
  }
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
