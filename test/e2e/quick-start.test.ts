import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apiCalls } from './browser-helpers';
import { approvePending, demoSuite, DESKTOP, expectConfirmedReturn, unexpectedErrors } from './helpers';

// Row 40: a shop's local setup. The demo serves the README's quick start as it is written
// (`/quick-start.html`), on http://localhost, paying through the shop's proxy to the emulator.
const WAIT = { timeout: 15_000 };
const suite = demoSuite('demo-quick-start');
const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

describe('row 40: the README quick start, the proxy and the emulator on http://localhost', () => {
  it('row 40: with no allowLoopbackHttp on the page, an approved Swish payment reaches the return page, and nothing is refused', async () => {
    // What the page runs: the README's block, which names no option for local http.
    const quickStart = /<!--\s*snippet:\s*quick-start\s*-->\s*\n```\w*\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(quickStart).toContain("baseUrl: '/api/dintero/v1'");
    expect(quickStart).not.toContain('allowLoopbackHttp');
    expect(new URL(suite.demo.storefrontUrl).hostname).toBe('localhost');

    const context = await suite.browser.newContext(DESKTOP);
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      const warnings: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
        if (message.type() === 'warning') warnings.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
      const pays: string[] = [];
      page.on('request', (request) => {
        if (request.method() === 'POST' && request.url().endsWith('/pay')) pays.push(request.url());
      });

      await page.goto(`${suite.demo.storefrontUrl}/quick-start.html`);
      // The README's page is in Swedish (`locale="sv" messages={sv}`).
      await page.getByLabel('Mobilnummer', { exact: true }).fill('070 123 45 67');
      await page.getByRole('button', { name: /^Betala/ }).click();
      await page.locator('[data-slot="status"]').waitFor(WAIT);

      // Same origin: the pay call went to the shop's proxy, not to the emulator.
      expect(pays).toHaveLength(1);
      const payUrl = new URL(pays[0]!);
      expect(payUrl.origin).toBe(suite.demo.storefrontUrl);
      expect(payUrl.pathname).toMatch(/^\/api\/dintero\/v1\/sessions\/[^/]+\/pay$/);
      const sessionId = decodeURIComponent(payUrl.pathname.split('/')[5]!);

      // The shopper approves; the page loads Dintero's redirect_url, the shop's http://localhost return page.
      await approvePending(suite.demo.emulatorUrl, sessionId);
      await expectConfirmedReturn(page, 'SEK 787.00');
      expect((await apiCalls(suite.demo.emulatorUrl, sessionId)).pays).toHaveLength(1);
      // No guard refused anything (a refusal warns in development), and no error.
      expect(warnings).toEqual([]);
      expect(unexpectedErrors(errors)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
