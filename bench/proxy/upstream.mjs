// A stand-in for Dintero in its own process, so its work never shares a process with what is
// measured: the pay call answers as Dintero does for Swish (success, poll_url on its own origin,
// approval_url and a QR code of the emulator's size), a status check answers 202 keep_polling.
// Prints its port on stdout once it listens.
import { createServer } from 'node:http';

const SESSION = /^\/v1\/sessions\/[^/]+\/pay$/;
const STATUS = /^\/v1\/view\/[^/]+\/swish\/[^/]+\/status$/;
/** A QR data URL of the emulator's size (1.9 kB): what a pay answer carries. */
const QR = `data:image/png;base64,${Buffer.alloc(1400, 7).toString('base64')}`;
const KEEP_POLLING = Buffer.from(JSON.stringify({ keep_polling: true }));
const NOT_FOUND = Buffer.from(JSON.stringify({ error: { message: 'Not found', code: 'NOT_FOUND' } }));

let origin = '';

function payAnswer(path) {
  const sessionId = path.split('/')[3];
  return Buffer.from(
    JSON.stringify({
      success: true,
      actions: [{ source: 'DINTERO', code: '200', type: 'success' }],
      poll_url: `${origin}/v1/view/${sessionId}/swish/pr0001ab/status`,
      approval_url: `swish://paymentrequest?token=c28a4061470f4af48973bd2a4642b4fa&callbackurl=${encodeURIComponent(`${origin}/return`)}`,
      qr_code: QR,
    }),
  );
}

const server = createServer((request, response) => {
  const path = request.url ?? '/';
  // Every request is read to its end, as Dintero's server would.
  request.resume();
  request.on('end', () => {
    let status = 404;
    let body = NOT_FOUND;
    if (request.method === 'POST' && SESSION.test(path)) {
      status = 200;
      body = payAnswer(path);
    } else if (request.method === 'GET' && STATUS.test(path)) {
      status = 202;
      body = KEEP_POLLING;
    }
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': body.length,
    });
    response.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  origin = `http://127.0.0.1:${port}`;
  process.stdout.write(`${port}\n`);
});
process.on('disconnect', () => process.exit(0));
