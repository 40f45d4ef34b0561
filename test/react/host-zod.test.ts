import { describe, expect, it } from 'vitest';
import { globalConfig } from 'zod/v4/core';

describe("the host's zod", () => {
  it('keeps its global configuration after the library is imported and has parsed answers', async () => {
    const before = { ...globalConfig };
    const library = await import('../../src');
    const core = await import('../../src/core');
    // Parsing runs the library's schemas, the moment a global switch would matter.
    expect(core.payResponseSchema).toBeDefined();
    expect(library.usePaySession).toBeTypeOf('function');
    const client = core.createDinteroClient({
      baseUrl: 'https://checkout.test/v1',
      fetch: async () =>
        new Response(JSON.stringify({ success: true, actions: [], redirect_url: 'https://shop.test/r' }), {
          headers: { 'content-type': 'application/json' },
        }),
    });
    const answer = await client.pay('T11223344.abc', { payment_product_type: 'swish.swish' });
    expect(answer.ok).toBe(true);
    expect({ ...globalConfig }).toEqual(before);
    expect(globalConfig.jitless).toBeUndefined();
  });
});
