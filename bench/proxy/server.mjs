// One server under load, in its own process (started with `fork`, so it takes orders over IPC):
//   node server.mjs proxy <upstream-url> <server-module>   react-dintero-pay/server behind node:http
//   node server.mjs bare  <upstream-url>                   a hand-written pass-through: node:http +
//                                                          fetch, no checks, as a baseline
// Both serve the pay call and status checks under /api/dintero and forward them to the upstream.
// Orders: `{ type: 'cpu' }` answers the process's CPU time so far (µs, user + system);
// `{ type: 'heap' }` collects garbage (needs --expose-gc) and answers the heap in use (bytes).
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

const [mode, target, serverModule] = process.argv.slice(2);
const BASE = '/api/dintero';

/** The baseline: what a shop might write by hand with no checks at all. */
function bareHandler() {
  return (request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', async () => {
      try {
        const post = request.method === 'POST';
        const upstream = await fetch(`${target}${request.url.slice(BASE.length)}`, {
          method: request.method,
          headers: post
            ? { 'content-type': request.headers['content-type'] ?? 'application/json' }
            : { accept: request.headers.accept ?? 'application/json' },
          body: post ? Buffer.concat(chunks) : undefined,
        });
        const body = Buffer.from(await upstream.arrayBuffer());
        response.writeHead(upstream.status, {
          'content-type': upstream.headers.get('content-type') ?? 'application/json',
        });
        response.end(body);
      } catch {
        response.writeHead(502);
        response.end();
      }
    });
  };
}

async function proxyHandler() {
  const { createDinteroProxy, toNodeHandler } = await import(pathToFileURL(serverModule).href);
  return toNodeHandler(createDinteroProxy({ basePath: BASE, target, allowLoopbackHttp: true }));
}

const handler = mode === 'proxy' ? await proxyHandler() : bareHandler();
const server = createServer(handler);
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send({ type: 'port', port: server.address().port }));

process.on('message', (message) => {
  if (message.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send({ type: 'cpu', micros: user + system });
  } else if (message.type === 'heap') {
    globalThis.gc?.();
    globalThis.gc?.();
    process.send({ type: 'heap', bytes: process.memoryUsage().heapUsed });
  }
});
process.on('disconnect', () => process.exit(0));
