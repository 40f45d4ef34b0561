import { afterEach, describe, expect, it, vi } from 'vitest';
import { maskPhoneNumber as coreMask } from '../../src/core';
import {
  SCENARIOS,
  createDinteroEmulator,
  magicPhoneNumber,
  maskPhoneNumber,
  scenarioForPhoneNumber,
  type DinteroEmulator,
  type EmulatorResponse,
  type MagicCountry,
  type ScenarioName,
} from '../../src/testing';

// Vipps and MobilePay are as first-class as Swish: every scenario works for MobilePay with a Danish
// or Finnish magic number typed internationally or nationally, and for Vipps with a Norwegian one or
// with no number at all (the session's scenario then); their status checks sit at
// /v1/view/{session}/{vipps|mobilepay}/{request}/status and their approval links are https: pages.

const ORIGIN = 'https://checkout.dintero.com';
const BASE = `${ORIGIN}/v1`;
const SESSION = 'T11223344.apps';
const START = Date.parse('2025-03-01T10:00:00.000Z');

/** `+4520000003` → `20000003`; `+358400000003` → `0400000003` (Finland writes a trunk 0). */
function national(e164: string, country: MagicCountry): string {
  const code = { SE: '46', NO: '47', DK: '45', FI: '358' }[country];
  const rest = e164.slice(1 + code.length);
  return country === 'SE' || country === 'FI' ? `0${rest}` : rest;
}

interface Way {
  label: string;
  type: string;
  app: 'vipps' | 'mobilepay';
  /** The number for a scenario, or none (the session's scenario picks it). */
  phone?: (scenario: ScenarioName) => string;
}

const WAYS: Way[] = [
  ...(['payex.mobilepay', 'bambora.mobilepay'] as const).flatMap((type) =>
    (['DK', 'FI'] as const).flatMap((country): Way[] => [
      { label: `${type} ${country} +`, type, app: 'mobilepay', phone: (s) => magicPhoneNumber(s, country) },
      {
        label: `${type} ${country} 00`,
        type,
        app: 'mobilepay',
        phone: (s) => `00${magicPhoneNumber(s, country).slice(1)}`,
      },
      {
        label: `${type} ${country} national`,
        type,
        app: 'mobilepay',
        phone: (s) => national(magicPhoneNumber(s, country), country),
      },
    ]),
  ),
  { label: 'vipps NO +', type: 'vipps', app: 'vipps', phone: (s) => magicPhoneNumber(s, 'NO') },
  {
    label: 'payex.vipps NO national',
    type: 'payex.vipps',
    app: 'vipps',
    phone: (s) => national(magicPhoneNumber(s, 'NO'), 'NO'),
  },
  { label: 'bambora.vipps without a number', type: 'bambora.vipps', app: 'vipps' },
  { label: 'dintero_psp.vipps without a number', type: 'dintero_psp.vipps', app: 'vipps' },
];

function json(response: EmulatorResponse): Record<string, unknown> {
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  return JSON.parse(response.body) as Record<string, unknown>;
}

function setup() {
  let time = START;
  const emulator = createDinteroEmulator({ now: () => time, slowMs: 1000 });
  return {
    emulator,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

async function payFor(emulator: DinteroEmulator, way: Way, scenario: ScenarioName) {
  const body: Record<string, unknown> = { payment_product_type: way.type };
  if (way.phone) {
    body.phone_number = way.phone(scenario);
    // The number alone picks the scenario (the emulator's default is approve).
    expect(scenarioForPhoneNumber(body.phone_number as string), way.label).toBe(scenario);
  } else {
    emulator.setScenario(SESSION, scenario);
  }
  return emulator.handle({
    method: 'POST',
    url: `${BASE}/sessions/${SESSION}/pay`,
    body: JSON.stringify(body),
  });
}

const get = (emulator: DinteroEmulator, url: string) => emulator.handle({ method: 'GET', url });

/** A poll_url at the app's documented-form status check. */
function pollUrlOf(answer: Record<string, unknown>, way: Way): string {
  const url = answer.poll_url as string;
  expect(new URL(url).pathname, way.label).toMatch(
    new RegExp(`^/v1/view/${SESSION.replace('.', '\\.')}/${way.app}/\\w+/status$`),
  );
  return url;
}

/** What each scenario must do, checked the same way for every product and number form. */
const EXPECTATIONS: Record<
  ScenarioName,
  (context: { emulator: DinteroEmulator; way: Way; advance: (ms: number) => void }) => Promise<void>
> = {
  async approve({ emulator, way }) {
    const redirect = new URL(json(await payFor(emulator, way, 'approve')).redirect_url as string);
    expect(redirect.searchParams.get('transaction_id'), way.label).toMatch(/^P\d+\./);
  },
  async approve_after_delay({ emulator, way, advance }) {
    const pollUrl = pollUrlOf(json(await payFor(emulator, way, 'approve_after_delay')), way);
    expect((await get(emulator, pollUrl)).status).toBe(202);
    advance(6000);
    expect(json(await get(emulator, pollUrl)).redirect_url).toMatch(/transaction_id=/);
  },
  async decline({ emulator, way }) {
    const redirect = new URL(json(await payFor(emulator, way, 'decline')).redirect_url as string);
    expect(redirect.searchParams.get('error'), way.label).toBe('cancelled');
  },
  async rejected({ emulator, way }) {
    expect(json(await payFor(emulator, way, 'rejected'))).toMatchObject({
      success: false,
      error: 'Rejected',
    });
  },
  async action_required({ emulator, way }) {
    const answer = json(await payFor(emulator, way, 'action_required'));
    expect(answer).toMatchObject({
      success: false,
      error_details: [{ authentication_operations: [{ rel: '3d-secure-init-hosted' }] }],
    });
  },
  async bad_request({ emulator, way }) {
    const response = await payFor(emulator, way, 'bad_request');
    expect(response.status).toBe(400);
    expect(json(response)).toMatchObject({ error: { errors: [{ field: 'phone_number' }] } });
  },
  async session_not_found({ emulator, way }) {
    expect((await payFor(emulator, way, 'session_not_found')).status).toBe(404);
  },
  async poll_not_found({ emulator, way }) {
    const pollUrl = pollUrlOf(json(await payFor(emulator, way, 'poll_not_found')), way);
    expect((await get(emulator, pollUrl)).status).toBe(404);
  },
  async rate_limited({ emulator, way }) {
    const response = await payFor(emulator, way, 'rate_limited');
    expect([response.status, response.headers['retry-after']]).toEqual([429, '2']);
  },
  async server_error({ emulator, way }) {
    expect((await payFor(emulator, way, 'server_error')).status).toBe(500);
  },
  async poll_server_errors({ emulator, way }) {
    const pollUrl = pollUrlOf(json(await payFor(emulator, way, 'poll_server_errors')), way);
    for (let i = 0; i < 3; i++) expect((await get(emulator, pollUrl)).status).toBe(503);
    expect((await get(emulator, pollUrl)).status).toBe(202);
  },
  async slow({ emulator, way }) {
    vi.useFakeTimers();
    let answered = false;
    const answer = payFor(emulator, way, 'slow').then((response) => {
      answered = true;
      return response;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(answered, way.label).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(json(await answer).redirect_url).toMatch(/transaction_id=/);
    vi.useRealTimers();
  },
  async expire({ emulator, way, advance }) {
    const pollUrl = pollUrlOf(json(await payFor(emulator, way, 'expire')), way);
    const [request] = emulator.pending();
    expect(request!.expiresAt - request!.createdAt, way.label).toBe(10 * 60 * 1000);
    expect(emulator.approve(request!.requestId)).toBe(false);
    advance(10 * 60 * 1000);
    expect(emulator.pending()).toEqual([]);
    expect((await get(emulator, pollUrl)).status).toBe(202);
  },
  async malformed({ emulator, way }) {
    const response = await payFor(emulator, way, 'malformed');
    expect([response.status, response.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
  },
  async app_flow({ emulator, way }) {
    const answer = json(await payFor(emulator, way, 'app_flow'));
    const pollUrl = pollUrlOf(answer, way);
    if (way.phone) expect(answer, way.label).not.toHaveProperty('approval_url');
    else
      expect(answer.approval_url, way.label).toMatch(/^https:\/\/checkout\.dintero\.com\/__emulator\/app\//);
    expect((await get(emulator, pollUrl)).status).toBe(202);
    emulator.approve(emulator.pending()[0]!.requestId);
    expect(json(await get(emulator, pollUrl)).redirect_url).toMatch(/transaction_id=/);
  },
};

afterEach(() => {
  vi.useRealTimers();
});

describe('every scenario with MobilePay (DK and FI numbers, any form) and Vipps (NO numbers, or none)', () => {
  it('the expectations cover every scenario', () => {
    expect(Object.keys(EXPECTATIONS).sort()).toEqual([...SCENARIOS].sort());
  });

  for (const scenario of SCENARIOS) {
    it(scenario, async () => {
      for (const way of WAYS) {
        const { emulator, advance } = setup();
        await EXPECTATIONS[scenario]({ emulator, way, advance });
      }
    });
  }
});

describe('approval links: https: pages for Vipps and MobilePay, swish: for Swish', () => {
  async function appLink(type: string) {
    const emulator = createDinteroEmulator({ scenario: 'app_flow' });
    const answer = json(
      await emulator.handle({
        method: 'POST',
        url: `${BASE}/sessions/${SESSION}/pay`,
        body: JSON.stringify({ payment_product_type: type }),
      }),
    );
    return { emulator, approvalUrl: answer.approval_url as string, pollUrl: answer.poll_url as string };
  }

  it('Swish keeps its app scheme; Vipps opens the emulated app page, which approves', async () => {
    expect((await appLink('swish.swish')).approvalUrl).toMatch(/^swish:\/\/paymentrequest\?/);

    const { emulator, approvalUrl, pollUrl } = await appLink('vipps');
    const link = new URL(approvalUrl);
    expect(link.protocol).toBe('https:');
    const page = await get(emulator, approvalUrl);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('Emulated Vipps');
    expect(page.body).not.toMatch(/<script|style=/i);
    // The page's own Approve form, as the browser submits it.
    const action = /<form method="post" action="([^"]+approve[^"]*)"/
      .exec(page.body)![1]!
      .replaceAll('&#38;', '&');
    const approved = await emulator.handle({ method: 'POST', url: new URL(action, ORIGIN).href, body: '' });
    expect(approved.body).toContain('Payment approved');
    // Back to the shop through the link's fallback: the shop's return page, before any decision.
    expect(approved.body).toContain(`href="${ORIGIN}/return?merchant_reference=order-${SESSION}"`);
    expect(json(await get(emulator, pollUrl)).redirect_url).toMatch(/transaction_id=/);
    // Decided already: a second press changes nothing.
    const again = await emulator.handle({
      method: 'POST',
      url: new URL(action, ORIGIN).href.replace('approve', 'decline'),
    });
    expect(again.body).toContain('no longer waiting');
  });

  it('the MobilePay app page declines, and never links anywhere but http(s)', async () => {
    const emulator = createDinteroEmulator({ scenario: 'app_flow' });
    const pay = await emulator.handle({
      method: 'POST',
      url: `${BASE}/sessions/${SESSION}/pay`,
      body: JSON.stringify({ payment_product_type: 'payex.mobilepay', phone_number: '20123456' }),
    });
    const pollUrl = json(pay).poll_url as string;
    const { requestId, maskedPhone } = emulator.pending()[0]!;
    const page = await get(emulator, `${ORIGIN}/__emulator/app/${requestId}?fallback=javascript:alert(1)`);
    expect(page.body).toContain('Emulated MobilePay');
    expect(page.body).toContain(maskedPhone!);
    expect(page.body).not.toContain('20123456');
    expect(page.body).not.toMatch(/href="javascript/i);
    const declined = await emulator.handle({
      method: 'POST',
      url: `${ORIGIN}/__emulator/app/${requestId}/decline`,
    });
    expect(declined.body).toContain('Payment declined');
    expect(json(await get(emulator, pollUrl))).toEqual({ keep_polling: false });
    expect((await get(emulator, `${ORIGIN}/__emulator/app/nope`)).status).toBe(404);
  });
});

describe("masked numbers are the core's", () => {
  it('national Danish and Finnish numbers are read in MobilePay’s countries, then masked as the core masks', async () => {
    const emulator = createDinteroEmulator({ vippsMobilePayFlow: 'poll' });
    const cases = [
      ['payex.mobilepay', '20123456', '+45 ••• •• 56'],
      ['bambora.mobilepay', '0401234512', '+358 ••• •• 12'],
      ['vipps', '41234567', '+47 ••• •• 67'],
      ['swish.swish', '0701234567', '+46 ••• •• 67'],
      // Another country: the core shows only the first digit of the calling code, never one of the
      // number (the kit's own masking used to show `+14`).
      ['swish.swish', '+14155552671', '+1 ••• •• 71'],
    ] as const;
    for (const [index, [type, phone, masked]] of cases.entries()) {
      const response = await emulator.handle({
        method: 'POST',
        url: `${BASE}/sessions/T1.mask${index}/pay`,
        body: JSON.stringify({ payment_product_type: type, phone_number: phone }),
      });
      expect(response.status).toBe(200);
      expect(emulator.pending().at(-1)!.maskedPhone, phone).toBe(masked);
    }
  });

  it('the kit exports the core’s maskPhoneNumber itself', () => {
    expect(maskPhoneNumber).toBe(coreMask);
  });
});
