/**
 * Dintero's `redirect_url` brings the shopper here. The page only says what the address says: the
 * order is paid when Dintero's `callback_url` tells your server so.
 */
export default async function ReturnPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const transactionId = typeof params.transaction_id === 'string' ? params.transaction_id : undefined;
  const error = typeof params.error === 'string' ? params.error : undefined;
  return (
    <main>
      <h1>{transactionId && !error ? 'Payment completed' : 'Payment not completed'}</h1>
      {transactionId ? (
        <p>
          Transaction <code>{transactionId}</code>
        </p>
      ) : null}
      <a href="/">Back to the shop</a>
    </main>
  );
}
