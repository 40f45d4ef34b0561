import type { AuthenticationOperation } from './schemas';

export type GuardResult = { ok: true; url: string } | { ok: false };

const REFUSED: GuardResult = { ok: false };

// The WHATWG parser silently strips leading/trailing spaces and C0 controls and removes tabs and
// newlines anywhere, which is how " java\tscript:" becomes "javascript:". Refuse such input whole
// instead of normalising it, and refuse non-ASCII too: legitimate payment URLs are percent-encoded.
const UNSAFE_CHARACTERS = /[^\x21-\x7e]/;

function parseAbsolute(raw: unknown): URL | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 8192) return null;
  if (UNSAFE_CHARACTERS.test(raw)) return null;
  // Scheme-relative ("//host") and relative URLs need a base; without one they are refused here.
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(raw)) return null;
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** `localhost`, `127.0.0.0/8` or `[::1]`: the only hosts plain `http:` is ever allowed for. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

export interface NavigationGuardOptions {
  /** Allow `http:` to loopback hosts, for a local emulator. Off by default. */
  allowLoopbackHttp?: boolean;
}

function isWebUrlAllowed(url: URL, options: NavigationGuardOptions): boolean {
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:') return url.hostname !== '';
  return url.protocol === 'http:' && options.allowLoopbackHttp === true && isLoopbackHost(url.hostname);
}

/** A `redirect_url` the browser may navigate to: absolute `https:` (or opted-in loopback `http:`). */
export function checkRedirectUrl(raw: unknown, options: NavigationGuardOptions = {}): GuardResult {
  const url = parseAbsolute(raw);
  return url && isWebUrlAllowed(url, options) ? { ok: true, url: url.href } : REFUSED;
}

const APP_SCHEMES = new Set(['swish:', 'vipps:', 'mobilepay:']);

/** An `approval_url` to offer as a link: a payment app scheme or `https:`. */
export function checkApprovalUrl(raw: unknown, options: NavigationGuardOptions = {}): GuardResult {
  const url = parseAbsolute(raw);
  if (!url) return REFUSED;
  if (APP_SCHEMES.has(url.protocol)) {
    return url.username === '' && url.password === '' ? { ok: true, url: url.href } : REFUSED;
  }
  return isWebUrlAllowed(url, options) ? { ok: true, url: url.href } : REFUSED;
}

export interface PollUrlGuardOptions extends NavigationGuardOptions {
  /** The API base the pay call went to; relative poll URLs resolve against it. */
  baseUrl: string;
  /** Further origins (e.g. `https://checkout.dintero.com`) a poll URL may point at. */
  allowedOrigins?: readonly string[];
}

function directoryOf(base: URL): string {
  return base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`;
}

/**
 * A `poll_url` the library may request: same origin as `baseUrl` and under its path, or one of
 * the listed origins. Relative URLs are resolved against `baseUrl`; nothing else is ever fetched.
 */
export function checkPollUrl(raw: unknown, options: PollUrlGuardOptions): GuardResult {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 8192) return REFUSED;
  if (UNSAFE_CHARACTERS.test(raw) || raw.startsWith('//') || raw.includes('\\')) return REFUSED;
  let base: URL;
  let url: URL;
  try {
    base = new URL(options.baseUrl);
    base = new URL(directoryOf(base), base);
    url = new URL(raw, base);
  } catch {
    return REFUSED;
  }
  // Credentials are refused, and so are encoded slashes and dots in the path: they could climb out
  // of the API path on a server that decodes them before resolving `..`.
  if (url.username !== '' || url.password !== '' || /%2f|%5c|%2e/i.test(url.pathname)) return REFUSED;
  // The base is the merchant's own configuration, so its origin is trusted as configured; the
  // answer may only narrow it, never leave it (`../` out of the API path is refused too).
  if (url.origin === base.origin) {
    return url.pathname.startsWith(base.pathname) ? { ok: true, url: url.href } : REFUSED;
  }
  const listed = (options.allowedOrigins ?? []).some((origin) => {
    try {
      return new URL(origin).origin === url.origin;
    } catch {
      return false;
    }
  });
  return listed && isWebUrlAllowed(url, options) ? { ok: true, url: url.href } : REFUSED;
}

const PNG_DATA_URL_PREFIX = 'data:image/png;base64,';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Dintero's QR codes are 600×600 PNGs of a few kB; anything far larger is not a QR code. */
export const QR_CODE_MAX_BYTES = 256 * 1024;

function base64DecodedLength(payload: string): number {
  const padding = payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0;
  return (payload.length / 4) * 3 - padding;
}

/** A `qr_code` safe to put in `<img src>`: a real, bounded PNG data URL, never a remote image. */
export function checkQrCode(raw: unknown, maxBytes: number = QR_CODE_MAX_BYTES): GuardResult {
  if (typeof raw !== 'string' || !raw.startsWith(PNG_DATA_URL_PREFIX)) return REFUSED;
  const payload = raw.slice(PNG_DATA_URL_PREFIX.length);
  if (payload.length === 0 || payload.length % 4 !== 0) return REFUSED;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(payload)) return REFUSED;
  if (base64DecodedLength(payload) > maxBytes) return REFUSED;
  let head: string;
  try {
    head = atob(payload.slice(0, 12));
  } catch {
    return REFUSED;
  }
  const signatureOk = PNG_SIGNATURE.every((byte, i) => head.charCodeAt(i) === byte);
  return signatureOk ? { ok: true, url: raw } : REFUSED;
}

/** The ways to approve a pending payment that passed their guards. */
export interface ApprovalLinks {
  approvalUrl?: string;
  qrCode?: string;
}

/**
 * Checks an app link and a QR code together, as a pay answer and a stored attempt both carry them.
 * An unsafe one is dropped, not fatal: the other ways to approve remain.
 */
export function checkApprovalLinks(
  approvalUrl: string | null | undefined,
  qrCode: string | null | undefined,
  options: NavigationGuardOptions = {},
): ApprovalLinks {
  const link = approvalUrl ? checkApprovalUrl(approvalUrl, options) : REFUSED;
  const qr = qrCode ? checkQrCode(qrCode) : REFUSED;
  const links: ApprovalLinks = {};
  if (link.ok) links.approvalUrl = link.url;
  if (qr.ok) links.qrCode = qr.url;
  return links;
}

/** `rel` values whose meaning is documented; anything else is never offered for action. */
export const KNOWN_OPERATION_RELS: readonly string[] = ['3d-secure-init-hosted'];
const OPERATION_METHODS = new Set(['GET', 'POST']);

/**
 * An authentication operation the UI may offer to the shopper (it is never followed automatically):
 * a known `rel`, a plain method and an `https:` target.
 */
export function isOperationAllowed(
  operation: AuthenticationOperation,
  options: NavigationGuardOptions = {},
): boolean {
  return (
    KNOWN_OPERATION_RELS.includes(operation.rel) &&
    OPERATION_METHODS.has(operation.method.toUpperCase()) &&
    checkRedirectUrl(operation.href, options).ok
  );
}
