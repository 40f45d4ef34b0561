import { usePaySession } from 'react-dintero-pay';

export function HeadlessSwish({ sessionId, phoneNumber }: { sessionId: string; phoneNumber?: string }) {
  const session = usePaySession({
    sessionId,
    paymentProductType: 'swish.swish',
    // Through your own origin's proxy, as in the quick start (see Deploying).
    baseUrl: '/api/dintero/v1',
  });
  switch (session.status) {
    case 'idle':
      return (
        <button onClick={() => session.pay(phoneNumber ? { phone_number: phoneNumber } : {})}>
          Pay with Swish
        </button>
      );
    case 'submitting':
      return <p role="status">Starting the payment…</p>;
    case 'awaiting_approval': {
      // With a phone number, Swish notifies that phone: there is no app link then, maybe no QR code.
      const { approvalUrl, qrCode } = session.approval;
      return (
        <div>
          <p role="status">Approve the payment in Swish.</p>
          {approvalUrl && <a href={approvalUrl}>Open Swish</a>}
          {qrCode && <img src={qrCode} alt="QR code: scan it with the Swish app" width={200} height={200} />}
          <button onClick={session.cancel}>Cancel</button>
        </div>
      );
    }
    case 'redirecting':
      return <p role="status">Approved, taking you back to the shop…</p>;
    case 'declined':
    case 'failed':
    case 'action_required':
      return (
        <div role="alert">
          <p>The payment did not go through ({session.error.kind}).</p>
          {session.error.retryable ? (
            <button onClick={session.retry}>Try again</button>
          ) : (
            <button onClick={session.reset}>Choose another way to pay</button>
          )}
        </div>
      );
    default: // expired or cancelled
      return <button onClick={session.reset}>Start again</button>;
  }
}
