'use client';
import {
  ApprovalView,
  PayButton,
  PaymentError,
  PaySessionProvider,
  PhoneInput,
  usePaySession,
} from 'react-dintero-pay';
import { nb } from 'react-dintero-pay/locales/nb';
import 'react-dintero-pay/styles.css';

export function VippsCheckout({ sessionId }: { sessionId: string }) {
  const session = usePaySession({ sessionId, paymentProductType: 'vipps', baseUrl: '/api/dintero/v1' });
  const { status } = session;
  const approving = status === 'awaiting_approval' || status === 'expired' || status === 'cancelled';
  return (
    <PaySessionProvider session={session} locale="nb" messages={nb}>
      {approving ? (
        <ApprovalView amount={49900} currency="NOK" merchantName="Fjellbu" />
      ) : (
        <>
          {/* Optional for Vipps: an empty field pays without a number, and the shopper logs in at Vipps. */}
          <PhoneInput hint={null} />
          <PaymentError />
          <PayButton amount={49900} currency="NOK" />
        </>
      )}
    </PaySessionProvider>
  );
}
