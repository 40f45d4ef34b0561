// A shop page in production: served over https:, where plain http: is never implied.
// @vitest-environment-options {"url": "https://shop.example/checkout"}
import * as fc from 'fast-check';
import {
  checkApprovalUrl,
  checkPollUrl,
  checkQrCode,
  checkRedirectUrl,
  isLoopbackHost,
  isOperationAllowed,
  KNOWN_OPERATION_RELS,
  QR_CODE_MAX_BYTES,
} from '../../src/core/url-guards';
import { BASE_URL, pngBytes, pngDataUrl, QR, toBase64 } from './fixtures';

describe('checkRedirectUrl', () => {
  it('accepts an absolute https URL and returns its normalised form', () => {
    expect(checkRedirectUrl('https://shop.example/return?transaction_id=T1&merchant_reference=r')).toEqual({
      ok: true,
      url: 'https://shop.example/return?transaction_id=T1&merchant_reference=r',
    });
    expect(checkRedirectUrl('HTTPS://Shop.Example')).toEqual({ ok: true, url: 'https://shop.example/' });
  });

  it.each([
    ['javascript:alert(1)'],
    ['JaVaScRiPt:alert(1)'],
    [' javascript:alert(1)'],
    ['javascript:alert(1) '],
    ['java\tscript:alert(1)'],
    ['java\nscript:alert(1)'],
    ['java\rscript:alert(1)'],
    ['\u0000javascript:alert(1)'],
    ['\u001fjavascript:alert(1)'],
    ['javascript://%0aalert(1)'],
    ['https://shop.example/\tpath'],
    ['data:text/html,<script>alert(1)</script>'],
    ['data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
    ['blob:https://shop.example/0b6e8e2a-1111-2222-3333-444455556666'],
    ['file:///etc/passwd'],
    ['vbscript:msgbox(1)'],
    ['//evil.com/return'],
    ['/return'],
    ['return?x=1'],
    ['../return'],
    ['?x=1'],
    ['#x'],
    ['http://shop.example/return'],
    ['http://127.0.0.1:3000/return'],
    ['http://localhost/return'],
    ['https://user:pass@shop.example/'],
    ['https://user@shop.example/'],
    ['https://:pass@shop.example/'],
    ['https://shöp.example/'],
    ['https://shop.example/päth'],
    ['https://shop.example/\u00a0'],
    ['https://shop.example/\u202e'],
    ['ftp://shop.example/'],
    ['ws://shop.example/'],
    ['wss://shop.example/'],
    ['swish://paymentrequest?token=abc'],
    ['https://'],
    ['https:'],
    [''],
  ])('refuses %j', (raw) => {
    expect(checkRedirectUrl(raw)).toEqual({ ok: false });
  });

  it('refuses values that are not strings', () => {
    for (const raw of [
      undefined,
      null,
      42,
      {},
      ['https://shop.example/'],
      new URL('https://shop.example/'),
    ]) {
      expect(checkRedirectUrl(raw)).toEqual({ ok: false });
    }
  });

  it('refuses over-long URLs and accepts one just under the limit', () => {
    const prefix = 'https://shop.example/';
    expect(checkRedirectUrl(prefix + 'a'.repeat(8192 - prefix.length)).ok).toBe(true);
    expect(checkRedirectUrl(prefix + 'a'.repeat(8193 - prefix.length))).toEqual({ ok: false });
  });

  it('allows http only to loopback hosts and only when the caller opts in', () => {
    const opts = { allowLoopbackHttp: true };
    expect(checkRedirectUrl('http://127.0.0.1:4010/return', opts)).toEqual({
      ok: true,
      url: 'http://127.0.0.1:4010/return',
    });
    expect(checkRedirectUrl('http://localhost:4010/return', opts).ok).toBe(true);
    expect(checkRedirectUrl('http://[::1]:4010/return', opts).ok).toBe(true);
    expect(checkRedirectUrl('http://127.9.8.7/return', opts).ok).toBe(true);
    expect(checkRedirectUrl('http://shop.example/return', opts)).toEqual({ ok: false });
    expect(checkRedirectUrl('http://localhost.evil.com/return', opts)).toEqual({ ok: false });
    expect(checkRedirectUrl('http://127.0.0.1.evil.com/return', opts)).toEqual({ ok: false });
    expect(checkRedirectUrl('http://10.0.0.1/return', opts)).toEqual({ ok: false });
    expect(checkRedirectUrl('http://user:pw@127.0.0.1/return', opts)).toEqual({ ok: false });
    expect(checkRedirectUrl('http://127.0.0.1/return', { allowLoopbackHttp: false })).toEqual({ ok: false });
  });
});

describe('isLoopbackHost', () => {
  it('recognises localhost, 127.0.0.0/8 and [::1] only', () => {
    for (const host of ['localhost', '127.0.0.1', '127.255.0.3', '[::1]'])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of [
      'localhost.evil.com',
      '128.0.0.1',
      '127.0.0.1.evil',
      'example.com',
      '::1',
      '0.0.0.0',
    ]) {
      expect(isLoopbackHost(host)).toBe(false);
    }
  });
});

describe('row 22: checkRedirectUrl properties', () => {
  const passesGuardSafely = (raw: string, allowLoopbackHttp: boolean) => {
    const result = checkRedirectUrl(raw, { allowLoopbackHttp });
    if (!result.ok) return;
    const parsed = new URL(result.url);
    expect(parsed.username).toBe('');
    expect(parsed.password).toBe('');
    if (parsed.protocol === 'http:') {
      expect(allowLoopbackHttp).toBe(true);
      expect(isLoopbackHost(parsed.hostname)).toBe(true);
    } else {
      expect(parsed.protocol).toBe('https:');
    }
  };

  it('anything accepted is an https (or opted-in loopback http) URL without credentials', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.webUrl(), fc.string({ unit: 'binary' })),
        fc.boolean(),
        (raw, loop) => passesGuardSafely(raw, loop),
      ),
      { numRuns: 2000 },
    );
    // Two thousand runs take a second or two alone; room for a busy machine.
  }, 20_000);

  it('accepts generated https web URLs without credentials', () => {
    fc.assert(
      fc.property(
        fc.webUrl({ validSchemes: ['https'], withQueryParameters: true, withFragments: true }),
        (raw) => {
          fc.pre(!/[@\s]/.test(raw) && !/[^\x21-\x7e]/.test(raw));
          expect(checkRedirectUrl(raw).ok).toBe(true);
        },
      ),
    );
  });

  // Variants of `javascript:` a browser could still read as that scheme: random case, characters the
  // URL parser strips (leading C0 controls and spaces, tabs/newlines anywhere) and percent-encoding.
  const mutatedJavascript = fc
    .tuple(
      fc.array(fc.boolean(), { minLength: 11, maxLength: 11 }),
      fc.array(
        fc.constantFrom('', '', '', '\t', '\n', '\r', ' ', '\u0000', '\u000b', '\u001f', '%09', '%0a'),
        {
          minLength: 12,
          maxLength: 12,
        },
      ),
      fc.array(fc.boolean(), { minLength: 11, maxLength: 11 }),
      fc.constantFrom('alert(1)', '//%0aalert(1)', 'void(0)', '//shop.example/'),
    )
    .map(([upper, inserts, encode, tail]) => {
      let out = inserts[0]!;
      [...'javascript:'].forEach((ch, i) => {
        let c = upper[i] ? ch.toUpperCase() : ch;
        if (encode[i]) c = `%${ch.charCodeAt(0).toString(16)}`;
        out += c + inserts[i + 1]!;
      });
      return out + tail;
    });

  it('never lets a mutated javascript: URL through', () => {
    fc.assert(
      fc.property(mutatedJavascript, fc.boolean(), (raw, loop) => {
        expect(checkRedirectUrl(raw, { allowLoopbackHttp: loop })).toEqual({ ok: false });
        expect(checkApprovalUrl(raw, { allowLoopbackHttp: loop })).toEqual({ ok: false });
        // Percent-encoded scheme characters make it a plain relative path under the base: harmless.
        const poll = checkPollUrl(raw, { baseUrl: BASE_URL, allowLoopbackHttp: loop });
        if (poll.ok) expect(new URL(poll.url).origin).toBe('https://checkout.test');
      }),
      { numRuns: 2000 },
    );
  });

  it('never lets a dangerous scheme through, whatever follows it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('javascript:', 'data:', 'blob:', 'file:', 'vbscript:', 'about:', 'http:', 'ftp:'),
        fc.string(),
        (scheme, rest) => {
          expect(checkRedirectUrl(scheme + rest)).toEqual({ ok: false });
        },
      ),
    );
  });
});

describe('row 23: checkApprovalUrl', () => {
  it.each([
    ['swish://paymentrequest?token=abc&callbackurl=https%3A%2F%2Fshop.example'],
    ['vipps://?token=abc'],
    ['mobilepay://pay?id=1'],
    ['SWISH://paymentrequest?token=abc'],
    ['https://pay.vipps.no/approve?token=abc'],
  ])('accepts the payment-app or https link %j', (raw) => {
    const result = checkApprovalUrl(raw);
    expect(result.ok).toBe(true);
    expect(result.ok && new URL(result.url).href).toBe(result.ok && result.url);
  });

  it.each([
    ['intent://paymentrequest#Intent;scheme=swish;package=se.bankgirot.swish;end'],
    ['javascript:alert(1)'],
    [' swish://paymentrequest?token=abc'],
    ['market://details?id=se.bankgirot.swish'],
    ['http://pay.example/approve'],
    ['data:text/html,hi'],
    ['file:///tmp/x'],
    ['swish://user:pass@paymentrequest'],
    ['https://user:pass@pay.example/'],
    ['//pay.example/approve'],
    ['paymentrequest?token=abc'],
    ['sms:+46701234567'],
    ['tel:+46701234567'],
  ])('refuses %j', (raw) => {
    expect(checkApprovalUrl(raw)).toEqual({ ok: false });
  });

  it('allows loopback http only when opted in', () => {
    expect(checkApprovalUrl('http://127.0.0.1:4010/approve').ok).toBe(false);
    expect(checkApprovalUrl('http://127.0.0.1:4010/approve', { allowLoopbackHttp: true }).ok).toBe(true);
  });

  it('accepts only the allowed schemes, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl()), (raw) => {
        const result = checkApprovalUrl(raw);
        if (result.ok)
          expect(['swish:', 'vipps:', 'mobilepay:', 'https:']).toContain(new URL(result.url).protocol);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('row 24: checkPollUrl', () => {
  const opts = { baseUrl: BASE_URL };

  it('resolves a relative URL against the base path', () => {
    expect(checkPollUrl('view/S1/swish/P1/status', opts)).toEqual({
      ok: true,
      url: 'https://checkout.test/v1/view/S1/swish/P1/status',
    });
    expect(checkPollUrl('./view/S1/status', opts)).toEqual({
      ok: true,
      url: 'https://checkout.test/v1/view/S1/status',
    });
    expect(checkPollUrl('/v1/view/S1/status', opts)).toEqual({
      ok: true,
      url: 'https://checkout.test/v1/view/S1/status',
    });
  });

  it('resolves against the base whether or not it ends with a slash', () => {
    expect(checkPollUrl('view/S1/status', { baseUrl: `${BASE_URL}/` })).toEqual({
      ok: true,
      url: 'https://checkout.test/v1/view/S1/status',
    });
  });

  it('accepts an absolute URL of the base origin under the base path', () => {
    expect(checkPollUrl('https://checkout.test/v1/view/S1/swish/P1/status?x=1', opts)).toEqual({
      ok: true,
      url: 'https://checkout.test/v1/view/S1/swish/P1/status?x=1',
    });
  });

  it.each([
    ['../../x'],
    ['../x'],
    ['/x'],
    ['/v2/view/S1/status'],
    ['/v1'],
    ['/v1evil/status'],
    ['sessions/a/../../../x'],
    ['%2e%2e/%2e%2e/x'],
    ['..%2f..%2fx'],
    ['view%2F..%2F..%2Fx'],
    ['view/..%5c..%5cx'],
    ['%2E%2E/x'],
    ['.%2e/x'],
    ['view/%2e%2e/%2e%2e/x'],
    ['https://checkout.test/x'],
    ['https://checkout.test/v1/../x'],
  ])('refuses %j, which escapes the base path', (raw) => {
    expect(checkPollUrl(raw, opts)).toEqual({ ok: false });
  });

  it.each([
    ['https://evil.com/v1/view/S1/status'],
    ['https://checkout.test.evil.com/v1/x'],
    ['https://checkout.test:8443/v1/x'],
    ['http://checkout.test/v1/x'],
    ['//evil.com/v1/x'],
    ['\\\\evil.com/v1/x'],
    ['/\\evil.com/v1/x'],
    ['view\\..\\..\\x'],
    ['https://user:pass@checkout.test/v1/x'],
    ['javascript:alert(1)'],
    ['data:application/json,{}'],
    [' view/S1/status'],
    ['view/S1/status\n'],
    ['view/\tS1'],
    ['view/ä'],
    [''],
  ])('refuses %j', (raw) => {
    expect(checkPollUrl(raw, opts)).toEqual({ ok: false });
  });

  it('refuses non-strings and over-long values', () => {
    for (const raw of [undefined, null, 1, {}]) expect(checkPollUrl(raw, opts)).toEqual({ ok: false });
    expect(checkPollUrl(`view/${'a'.repeat(8200)}`, opts)).toEqual({ ok: false });
  });

  it('refuses everything when the base itself is not a URL', () => {
    expect(checkPollUrl('view/S1/status', { baseUrl: 'https://[not a host/v1' })).toEqual({ ok: false });
    expect(checkPollUrl('view/S1/status', { baseUrl: 'https://exa mple.test/v1' })).toEqual({ ok: false });
  });
  it('accepts another origin only when listed, and only over https without credentials', () => {
    const listed = { baseUrl: BASE_URL, allowedOrigins: ['https://checkout.dintero.com', 'not a url'] };
    expect(checkPollUrl('https://checkout.dintero.com/v1/view/S1/status', listed)).toEqual({
      ok: true,
      url: 'https://checkout.dintero.com/v1/view/S1/status',
    });
    expect(checkPollUrl('https://checkout.dintero.com/v1/view/S1/status', opts)).toEqual({ ok: false });
    expect(checkPollUrl('https://api.dintero.com/v1/x', listed)).toEqual({ ok: false });
    expect(checkPollUrl('https://u:p@checkout.dintero.com/v1/x', listed)).toEqual({ ok: false });
    expect(
      checkPollUrl('http://checkout.dintero.com/v1/x', {
        ...listed,
        allowedOrigins: ['http://checkout.dintero.com'],
      }),
    ).toEqual({ ok: false });
  });

  it('follows a loopback http base when the caller configured one', () => {
    const local = { baseUrl: 'http://127.0.0.1:4010/v1', allowLoopbackHttp: true };
    expect(checkPollUrl('view/S1/status', local)).toEqual({
      ok: true,
      url: 'http://127.0.0.1:4010/v1/view/S1/status',
    });
    expect(checkPollUrl('http://127.0.0.1:4011/v1/view/S1/status', local)).toEqual({ ok: false });
  });

  it('only ever yields URLs of the base origin under its path (or listed origins)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.webUrl(),
          fc.stringMatching(/^[./%2eEfF5cC\\a-z]{0,20}$/),
          fc.webPath().map((p) => p.replace(/^\//, '')),
        ),
        (raw) => {
          const result = checkPollUrl(raw, opts);
          if (!result.ok) return;
          const url = new URL(result.url);
          expect(url.origin).toBe('https://checkout.test');
          expect(url.pathname.startsWith('/v1/')).toBe(true);
          expect(url.username + url.password).toBe('');
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('checkPollUrl with a relative baseUrl (a same-origin proxy)', () => {
  const PAGE = new URL(document.baseURI).origin;
  const proxy = { baseUrl: '/api/dintero/v1' };

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('resolves the base against the page, so relative and same-origin poll URLs pass', () => {
    const expected = { ok: true, url: `${PAGE}/api/dintero/v1/view/S1/swish/P1/status` };
    expect(checkPollUrl('view/S1/swish/P1/status', proxy)).toEqual(expected);
    expect(checkPollUrl('/api/dintero/v1/view/S1/swish/P1/status', proxy)).toEqual(expected);
    expect(checkPollUrl(`${PAGE}/api/dintero/v1/view/S1/swish/P1/status`, proxy)).toEqual(expected);
    expect(checkPollUrl('view/S1/swish/P1/status', { baseUrl: '/api/dintero/v1/' })).toEqual(expected);
  });

  it('still refuses what leaves the proxy path or the page origin', () => {
    for (const raw of [
      '../../x',
      '/api/other/x',
      '/api/dintero/v1evil/x',
      'https://checkout.dintero.com/v1/view/S1/swish/P1/status',
      '//evil.test/api/dintero/v1/x',
      `${PAGE.replace('https:', 'http:')}/api/dintero/v1/x`,
      'view/%2e%2e/%2e%2e/x',
    ]) {
      expect(checkPollUrl(raw, proxy)).toEqual({ ok: false });
    }
  });

  it('refuses every poll URL for a relative base without a page (a server render)', () => {
    vi.stubGlobal('document', undefined);
    vi.stubGlobal('location', undefined);
    expect(checkPollUrl('view/S1/swish/P1/status', proxy)).toEqual({ ok: false });
    expect(checkPollUrl('/api/dintero/v1/view/S1/swish/P1/status', proxy)).toEqual({ ok: false });
  });
});

describe('row 26: checkQrCode', () => {
  it('accepts a PNG data URL with valid base64 and the PNG signature', () => {
    expect(checkQrCode(QR)).toEqual({ ok: true, url: QR });
    // Both padding lengths decode.
    expect(checkQrCode(pngDataUrl(1)).ok).toBe(true);
    expect(checkQrCode(pngDataUrl(2)).ok).toBe(true);
    expect(checkQrCode(pngDataUrl(3)).ok).toBe(true);
  });

  it('refuses an SVG, JPEG or other data URL', () => {
    const payload = toBase64(pngBytes());
    for (const raw of [
      `data:image/svg+xml;base64,${toBase64(new TextEncoder().encode('<svg onload="alert(1)"/>'))}`,
      'data:image/svg+xml,<svg onload="alert(1)"/>',
      `data:image/jpeg;base64,${payload}`,
      `data:image/gif;base64,${payload}`,
      `data:text/html;base64,${payload}`,
      `data:image/png,${payload}`,
      `DATA:image/png;base64,${payload}`,
      `data:image/png;charset=utf-8;base64,${payload}`,
    ]) {
      expect(checkQrCode(raw)).toEqual({ ok: false });
    }
  });

  it('refuses bad base64 and wrong padding', () => {
    const payload = toBase64(pngBytes(1)); // ends with one '='
    expect(payload.endsWith('=')).toBe(true);
    for (const bad of [
      payload.replace(/=+$/, ''),
      `${payload}=`,
      `${payload.slice(0, 8)}=${payload.slice(9)}`,
      `${payload.slice(0, -4)}A===`,
      `${payload.slice(0, -4)}*AAA`,
      `${payload.slice(0, -4)}-_AA`,
      `${payload.slice(0, -4)} AAA`,
      '',
      '====',
    ]) {
      expect(checkQrCode(`data:image/png;base64,${bad}`)).toEqual({ ok: false });
    }
  });

  it('refuses valid base64 that does not start with the PNG signature', () => {
    const notPng = pngBytes();
    notPng[1] = 0x51;
    expect(checkQrCode(`data:image/png;base64,${toBase64(notPng)}`)).toEqual({ ok: false });
    expect(checkQrCode(`data:image/png;base64,${toBase64(new TextEncoder().encode('<svg/>  '))}`)).toEqual({
      ok: false,
    });
    expect(checkQrCode(`data:image/png;base64,${toBase64(pngBytes().slice(0, 6))}`)).toEqual({ ok: false });
  });

  it('refuses an image larger than the size cap, at the byte', () => {
    const size = pngBytes().length;
    const atCap = pngDataUrl(QR_CODE_MAX_BYTES - size);
    const overCap = pngDataUrl(QR_CODE_MAX_BYTES - size + 1);
    expect(checkQrCode(atCap).ok).toBe(true);
    expect(checkQrCode(overCap)).toEqual({ ok: false });
    expect(checkQrCode(pngDataUrl(100), size + 99)).toEqual({ ok: false });
    expect(checkQrCode(pngDataUrl(100), size + 100).ok).toBe(true);
  });

  it('refuses a remote image and non-strings', () => {
    for (const raw of [
      'https://cdn.example/qr.png',
      'http://cdn.example/qr.png',
      '//cdn.example/qr.png',
      'qr.png',
    ]) {
      expect(checkQrCode(raw)).toEqual({ ok: false });
    }
    for (const raw of [undefined, null, 1, { src: QR }]) expect(checkQrCode(raw)).toEqual({ ok: false });
  });

  it('accepts only PNG data URLs, whatever the input', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.base64String().map((b) => `data:image/png;base64,${b}`),
        ),
        (raw) => {
          const result = checkQrCode(raw);
          if (!result.ok) return;
          expect(result.url.startsWith('data:image/png;base64,iVBORw0KGg')).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('isOperationAllowed', () => {
  const op = {
    href: 'https://acs.bank.example/3ds',
    method: 'POST',
    content_type: 'application/json',
    rel: '3d-secure-init-hosted',
  };

  it('allows a known rel with GET or POST to an https target', () => {
    expect(KNOWN_OPERATION_RELS).toContain('3d-secure-init-hosted');
    expect(isOperationAllowed(op)).toBe(true);
    expect(isOperationAllowed({ ...op, method: 'GET' })).toBe(true);
    expect(isOperationAllowed({ ...op, method: 'post' })).toBe(true);
    expect(isOperationAllowed({ ...op, content_type: null })).toBe(true);
  });

  it('refuses an unknown rel', () => {
    expect(isOperationAllowed({ ...op, rel: 'redirect' })).toBe(false);
    expect(isOperationAllowed({ ...op, rel: '3D-SECURE-INIT-HOSTED' })).toBe(false);
    expect(isOperationAllowed({ ...op, rel: '' })).toBe(false);
  });

  it('refuses odd methods', () => {
    for (const method of ['DELETE', 'PUT', 'PATCH', 'OPTIONS', 'CONNECT', '', 'POST ']) {
      expect(isOperationAllowed({ ...op, method })).toBe(false);
    }
  });

  it('refuses unsafe targets', () => {
    for (const href of [
      'http://acs.bank.example/3ds',
      'javascript:alert(1)',
      'data:text/html,x',
      '//acs.bank.example/3ds',
      '/3ds',
      'https://u:p@acs.bank.example/',
    ]) {
      expect(isOperationAllowed({ ...op, href })).toBe(false);
    }
    expect(isOperationAllowed({ ...op, href: 'http://127.0.0.1/3ds' }, { allowLoopbackHttp: true })).toBe(
      true,
    );
  });
});
