import { explainRefusal, type Refusal } from './dev';
import type { AuthenticationOperation } from './schemas';

export type GuardResult = { ok: true; url: string } | { ok: false };

const REFUSED: GuardResult = { ok: false };

// The WHATWG parser silently strips leading/trailing spaces and C0 controls and removes tabs and
// newlines anywhere, which is how " java\tscript:" becomes "javascript:". Refuse such input whole
// instead of normalising it, and refuse non-ASCII too: legitimate payment URLs are percent-encoded.
// One to 8192 printable ASCII characters, nothing else.
const SAFE_URL_TEXT = /^[\x21-\x7e]{1,8192}$/;
const HAS_SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;

/**
 * `baseUrl` as an absolute URL without trailing slashes. A relative one (`/api/dintero/v1`, a
 * same-origin proxy) resolves against the page: `document.baseURI`, else `location.href`. It is
 * read when a request is made, never at import: without a page (server rendering) a relative base
 * comes back as given, and the guards then refuse what depends on it.
 */
export function resolveBaseUrl(baseUrl: string): string {
  let resolved = baseUrl;
  if (!HAS_SCHEME.test(baseUrl)) {
    const page =
      (typeof document !== 'undefined' && document.baseURI) ||
      (typeof location !== 'undefined' && location.href) ||
      undefined;
    try {
      if (page) resolved = new URL(baseUrl, page).href;
    } catch {
      // Unresolvable: left as given, so no request and no guard can use it.
    }
  }
  return resolved.replace(/\/+$/, '');
}

/** `localhost`, `127.0.0.0/8` or `[::1]`: the only hosts plain `http:` is ever allowed for. */
export function isLoopbackHost(hostname: string): boolean {
  return /^(localhost|\[::1\]|127(\.\d{1,3}){3})$/.test(hostname);
}

export interface NavigationGuardOptions {
  /**
   * Allow `http:` to loopback hosts, for a local emulator. Off by default, but implied on a page that
   * is itself served over `http:` from a loopback host (local development; production pages are `https:`).
   */
  allowLoopbackHttp?: boolean;
}

/** A refusal, explained in the console of development builds. */
function refuse(refusal: Refusal): GuardResult {
  explainRefusal(refusal);
  return REFUSED;
}

const APP_SCHEMES = ['swish:', 'vipps:', 'mobilepay:'];

/**
 * Never credentials; then `https:` (the URL parser refuses an `https:` URL without a host), `http:`
 * to a loopback host when opted in, and the payment app schemes only where an app link is expected.
 */
function isTargetAllowed(url: URL, options: NavigationGuardOptions, allowAppSchemes?: boolean): boolean {
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:' || (allowAppSchemes && APP_SCHEMES.includes(url.protocol))) return true;
  // Plain `http:` when opted in, or when the page itself is served over `http:` from a loopback
  // host (local development).
  return (
    url.protocol === 'http:' &&
    (options.allowLoopbackHttp === true ||
      (typeof location !== 'undefined' &&
        location.protocol === 'http:' &&
        isLoopbackHost(location.hostname))) &&
    isLoopbackHost(url.hostname)
  );
}

/** An absolute URL of safe text that `isTargetAllowed` allows, as the parser normalised it. */
function checkTarget(raw: unknown, options: NavigationGuardOptions, refusal: Refusal): GuardResult {
  // Scheme-relative ("//host") and relative URLs need a base; without one they are refused here.
  if (typeof raw !== 'string' || !SAFE_URL_TEXT.test(raw) || !HAS_SCHEME.test(raw)) return refuse(refusal);
  try {
    const url = new URL(raw);
    if (isTargetAllowed(url, options, refusal === 'approval_url')) return { ok: true, url: url.href };
  } catch {
    // Refused below.
  }
  return refuse(refusal);
}

/** A `redirect_url` the browser may navigate to: absolute `https:` (or loopback `http:`, see the options). */
export function checkRedirectUrl(raw: unknown, options: NavigationGuardOptions = {}): GuardResult {
  return checkTarget(raw, options, 'redirect_url');
}

/** An `approval_url` to offer as a link: a payment app scheme or `https:`. */
export function checkApprovalUrl(raw: unknown, options: NavigationGuardOptions = {}): GuardResult {
  return checkTarget(raw, options, 'approval_url');
}

export interface PollUrlGuardOptions extends NavigationGuardOptions {
  /**
   * The API base the pay call went to; relative poll URLs resolve against it. A relative base is
   * resolved against the page first (see `resolveBaseUrl`).
   */
  baseUrl: string;
  /** Further origins (e.g. `https://checkout.dintero.com`) a poll URL may point at. */
  allowedOrigins?: readonly string[];
}

/**
 * A `poll_url` the library may request: same origin as `baseUrl` and under its path, or one of
 * the listed origins. Relative URLs are resolved against `baseUrl`; nothing else is ever fetched.
 */
export function checkPollUrl(raw: unknown, options: PollUrlGuardOptions): GuardResult {
  if (typeof raw !== 'string' || !SAFE_URL_TEXT.test(raw) || raw.startsWith('//') || raw.includes('\\'))
    return refuse('poll_url');
  let base: URL;
  let url: URL;
  try {
    base = new URL(resolveBaseUrl(options.baseUrl));
    // The base's path as a directory (`/v1` → `/v1/`), so relative URLs resolve under it.
    base = new URL(base.pathname.replace(/\/?$/, '/'), base);
    url = new URL(raw, base);
  } catch {
    return refuse('poll_url');
  }
  // Credentials are refused, and so are encoded slashes and dots in the path: they could climb out
  // of the API path on a server that decodes them before resolving `..`.
  if (url.username !== '' || url.password !== '' || /%2f|%5c|%2e/i.test(url.pathname))
    return refuse('poll_url');
  // The base is the merchant's own configuration, so its origin is trusted as configured; the
  // answer may only narrow it, never leave it (`../` out of the API path is refused too).
  if (url.origin === base.origin) {
    return url.pathname.startsWith(base.pathname) ? { ok: true, url: url.href } : refuse('poll_url');
  }
  const listed = (options.allowedOrigins ?? []).some((origin) => {
    try {
      return new URL(origin).origin === url.origin;
    } catch {
      return false;
    }
  });
  return listed && isTargetAllowed(url, options) ? { ok: true, url: url.href } : refuse('poll_url');
}

const PNG_DATA_URL_PREFIX = 'data:image/png;base64,';
/** The eight bytes every PNG file starts with. */
const PNG_SIGNATURE = '\x89PNG\r\n\x1a\n';
/** Dintero's QR codes are 600×600 PNGs of a few kB; anything far larger is not a QR code. */
export const QR_CODE_MAX_BYTES = 262_144; // 256 KiB

/** A `qr_code` safe to put in `<img src>`: a real, bounded PNG data URL, never a remote image. */
export function checkQrCode(raw: unknown, maxBytes: number = QR_CODE_MAX_BYTES): GuardResult {
  if (typeof raw !== 'string' || !raw.startsWith(PNG_DATA_URL_PREFIX)) return refuse('qr_code');
  const payload = raw.slice(PNG_DATA_URL_PREFIX.length);
  const padding = payload.endsWith('==') ? 2 : payload.endsWith('=') ? 1 : 0;
  let head = '';
  try {
    // The pattern needs at least one character, so an empty payload is refused here too.
    if (
      payload.length % 4 === 0 &&
      /^[A-Za-z0-9+/]+={0,2}$/.test(payload) &&
      (payload.length / 4) * 3 - padding <= maxBytes
    ) {
      head = atob(payload.slice(0, 12));
    }
  } catch {
    // Refused below.
  }
  return head.startsWith(PNG_SIGNATURE) ? { ok: true, url: raw } : refuse('qr_code');
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
  // Both guards refuse '' themselves; a link or a QR that is not there is no refusal.
  const link = approvalUrl ? checkTarget(approvalUrl, options, 'approval_url') : REFUSED;
  const qr = qrCode ? checkQrCode(qrCode) : REFUSED;
  const links: ApprovalLinks = {};
  if (link.ok) links.approvalUrl = link.url;
  if (qr.ok) links.qrCode = qr.url;
  return links;
}

/** `rel` values whose meaning is documented; anything else is never offered for action. */
export const KNOWN_OPERATION_RELS: readonly string[] = ['3d-secure-init-hosted'];
const OPERATION_METHODS = ['GET', 'POST'];

/**
 * An authentication operation the UI may offer to the shopper (it is never followed automatically):
 * a known `rel`, a plain method and an `https:` target.
 */
export function isOperationAllowed(
  operation: AuthenticationOperation,
  options: NavigationGuardOptions = {},
): boolean {
  if (
    KNOWN_OPERATION_RELS.includes(operation.rel) &&
    OPERATION_METHODS.includes(operation.method.toUpperCase())
  ) {
    return checkTarget(operation.href, options, 'operation').ok;
  }
  explainRefusal('operation');
  return false;
}
