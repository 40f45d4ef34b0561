// Type tests: `npm run typecheck` (tsc over test/) checks every `expectTypeOf` and `@ts-expect-error`
// here, and Vitest runs the file so the runtime half is exercised too.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  PayButton,
  type Approval,
  type PayButtonProps,
  type PayError,
  type UsePaySessionOptions,
  type UsePaySessionResult,
} from '../../src';
import { fakeSession } from '../components/helpers';

describe('UsePaySessionResult narrows on status', () => {
  it('gives approval exactly while awaiting_approval, error while declined|failed|action_required, redirectUrl while redirecting', () => {
    const describeSession = (session: UsePaySessionResult): string => {
      if (session.status === 'awaiting_approval') {
        expectTypeOf(session.approval).toEqualTypeOf<Approval>();
        expectTypeOf(session.error).toEqualTypeOf<undefined>();
        return `expires ${session.approval.expiresAt}`;
      }
      if (
        session.status === 'declined' ||
        session.status === 'failed' ||
        session.status === 'action_required'
      ) {
        expectTypeOf(session.error).toEqualTypeOf<PayError>();
        expectTypeOf(session.approval).toEqualTypeOf<undefined>();
        return session.error.kind;
      }
      if (session.status === 'redirecting') {
        expectTypeOf(session.redirectUrl).toEqualTypeOf<string>();
        return session.redirectUrl;
      }
      expectTypeOf(session.status).toEqualTypeOf<'idle' | 'submitting' | 'expired' | 'cancelled'>();
      expectTypeOf(session.approval).toEqualTypeOf<undefined>();
      expectTypeOf(session.error).toEqualTypeOf<undefined>();
      expectTypeOf(session.redirectUrl).toEqualTypeOf<undefined>();
      return session.status;
    };
    // Before narrowing, every field may be absent.
    expectTypeOf<UsePaySessionResult['approval']>().toEqualTypeOf<Approval | undefined>();
    const approval = { expiresAt: 1_000 };
    expect(describeSession(fakeSession({ status: 'awaiting_approval', approval }))).toBe('expires 1000');
    expect(describeSession(fakeSession({ status: 'redirecting', redirectUrl: 'https://x.test' }))).toBe(
      'https://x.test',
    );
    expect(describeSession(fakeSession({ status: 'cancelled' }))).toBe('cancelled');
  });
});

describe('inputs that catch mistakes', () => {
  it('paymentProductType completes the known Dintero values and still takes any other string', () => {
    type ProductType = UsePaySessionOptions['paymentProductType'];
    expectTypeOf<'swish.swish'>().toExtend<ProductType>();
    expectTypeOf<'payex.mobilepay'>().toExtend<ProductType>();
    expectTypeOf<'some_psp.new_product'>().toExtend<ProductType>();
    // The known values are part of the type (what an editor offers), not swallowed by `string`.
    type Known = Extract<ProductType, `${string}.${string}` | 'vipps'>;
    expectTypeOf<Known>().toExtend<string>();
    const known: ProductType[] = ['swish.swish', 'payex.swish', 'vipps', 'payex.vipps', 'bambora.vipps'];
    expect(known).toHaveLength(5);
  });

  it('PayButton takes body or getBody, never both', () => {
    const session = fakeSession();
    const withBody: PayButtonProps = { session, body: { phone_number: '+46701234567' } };
    const withGetBody: PayButtonProps = { session, getBody: () => ({}) };
    // @ts-expect-error — `body` and `getBody` together: which one wins would be a guess.
    const both: PayButtonProps = { session, body: {}, getBody: () => ({}) };
    expect([withBody, withGetBody, both]).toHaveLength(3);
    expectTypeOf(PayButton).parameter(0).toExtend<PayButtonProps>();
  });
});
