// The proxy under load against a bare pass-through, measured side by side in one run: the fake
// Dintero (upstream.mjs), the proxy and the pass-through (server.mjs) each in a process of their own,
// autocannon here. The two servers take turns in pairs of short stretches with the same load (A B,
// then B A, …), and each pair gives one ratio; the figures are the medians of those ratios, so a
// machine that is busier in one moment than the next weighs on both alike and a burst of outside
// load spoils one pair, not the result.
//
//   node bench/proxy/measure.mjs [--ci] [--server-module path/to/server.js]
import autocannon from 'autocannon';
import { fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const SID = 'T11223344.4XmY8qz6xHz8jRhTGLvRmD';
const PAY_BODY = JSON.stringify({ payment_product_type: 'swish.swish', phone_number: '+46701234567' });

/** The two routes the proxy forwards, as a page calls them. */
export const ROUTES = {
  status: {
    method: 'GET',
    path: `/api/dintero/v1/view/${SID}/swish/pr0001ab/status`,
    headers: { accept: 'application/json' },
  },
  pay: {
    method: 'POST',
    path: `/api/dintero/v1/sessions/${SID}/pay`,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: PAY_BODY,
  },
};
export const CONNECTIONS = [50, 500];

/**
 * Durations and rounds: `ci` keeps the proxy's part to about a minute and a half. Single pairs swing
 * from 0.7× to 1.5× on a two-core machine, so the median needs five.
 */
const PLAN = {
  ci: { warmUpSeconds: 1, seconds: 2, pairs: 5, heapRequests: 0 },
  full: { warmUpSeconds: 1, seconds: 2, pairs: 6, heapRequests: 100_000 },
};

function startUpstream() {
  const child = spawn(process.execPath, [`${HERE}upstream.mjs`], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (chunk) =>
      resolve({ url: `http://127.0.0.1:${String(chunk).trim()}`, stop: () => child.kill() }),
    );
  });
}

async function startServer(mode, upstreamUrl, serverModule) {
  const child = fork(`${HERE}server.mjs`, [mode, upstreamUrl, serverModule ?? ''], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [{ port }] = await once(child, 'message');
  const ask = async (type) => {
    child.send({ type });
    for (;;) {
      const [message] = await once(child, 'message');
      if (message.type === type) return message;
    }
  };
  return {
    mode,
    url: `http://127.0.0.1:${port}`,
    cpuMicros: async () => (await ask('cpu')).micros,
    heapBytes: async () => (await ask('heap')).bytes,
    stop: () => child.kill(),
  };
}

function load(server, route, connections, options) {
  return autocannon({
    url: `${server.url}${route.path}`,
    method: route.method,
    headers: route.headers,
    body: route.body,
    connections,
    pipelining: 1,
    ...options,
  });
}

/** One measured stretch: requests answered, their p99 and the server's CPU time. */
async function stretch(server, route, connections, seconds) {
  const cpuBefore = await server.cpuMicros();
  const result = await load(server, route, connections, { duration: seconds });
  const cpu = (await server.cpuMicros()) - cpuBefore;
  // A refusal or an error is not a figure: every answer must be the upstream's own 2xx.
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0 || result.requests.total === 0) {
    throw new Error(
      `${server.mode} ${route.method} at ${connections} connections: ${result.non2xx} non-2xx, ` +
        `${result.errors} errors, ${result.timeouts} time-outs of ${result.requests.total}`,
    );
  }
  return { requests: result.requests.total, seconds: result.duration, p99: result.latency.p99, cpu };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** One server's stretches: requests per second and p99 (medians), CPU per request (overall). */
function summarise(runs) {
  const requests = runs.reduce((sum, run) => sum + run.requests, 0);
  return {
    rps: median(runs.map((run) => run.requests / run.seconds)),
    p99: median(runs.map((run) => run.p99)),
    cpuPerRequestMs: runs.reduce((sum, run) => sum + run.cpu, 0) / requests / 1000,
    requests,
  };
}

/**
 * Requests per second, p99 latency and CPU per request of the proxy and the pass-through, for each
 * route and load level; with `heapRequests`, the proxy's heap after collection before and after that
 * many requests (both routes, alternating).
 */
export async function measureProxy({ ci = false, serverModule, retryBelow, log = () => undefined } = {}) {
  const plan = PLAN[ci ? 'ci' : 'full'];
  const upstream = await startUpstream();
  const bare = await startServer('bare', upstream.url);
  const proxy = await startServer('proxy', upstream.url, serverModule);
  try {
    const cells = [];
    for (const [routeName, route] of Object.entries(ROUTES)) {
      for (const connections of CONNECTIONS) {
        log(`proxy: ${routeName} at ${connections} connections`);
        for (const server of [bare, proxy]) {
          await load(server, route, connections, { duration: plan.warmUpSeconds });
        }
        const runs = { bare: [], proxy: [] };
        const rpsRatios = [];
        const p99Ratios = [];
        // A cell under `retryBelow` after its pairs gets as many pairs again, decided once, and the
        // median is taken over all: a moment of outside load on a shared machine is outvoted, a real
        // slowdown stays.
        let pairs = plan.pairs;
        for (let pair = 0; pair < pairs; pair++) {
          const order = pair % 2 === 0 ? [bare, proxy] : [proxy, bare];
          const measured = {};
          for (const server of order) {
            measured[server.mode] = await stretch(server, route, connections, plan.seconds);
            runs[server.mode].push(measured[server.mode]);
          }
          const rps = (run) => run.requests / run.seconds;
          rpsRatios.push(rps(measured.proxy) / rps(measured.bare));
          p99Ratios.push(measured.proxy.p99 / Math.max(measured.bare.p99, 1));
          if (pair === plan.pairs - 1 && retryBelow !== undefined && median(rpsRatios) < retryBelow) {
            log(`proxy: ${median(rpsRatios).toFixed(2)}× is under ${retryBelow}×: ${plan.pairs} more pairs`);
            pairs += plan.pairs;
          }
        }
        cells.push({
          route: routeName,
          connections,
          bare: summarise(runs.bare),
          proxy: summarise(runs.proxy),
          rpsRatio: median(rpsRatios),
          p99Ratio: median(p99Ratios),
          pairs: { rps: rpsRatios, p99: p99Ratios },
        });
      }
    }

    let heap;
    if (plan.heapRequests > 0) {
      log(`proxy: heap across ${plan.heapRequests.toLocaleString('en')} requests`);
      const requests = [ROUTES.status, ROUTES.pay].map(({ method, path, headers, body }) => ({
        method,
        path,
        headers,
        body,
      }));
      const run = (amount) =>
        autocannon({ url: proxy.url, requests, connections: 50, amount }).then((result) => {
          if (result.non2xx > 0 || result.errors > 0) throw new Error('heap run: not every answer was 2xx');
        });
      await run(5_000);
      const samples = [await proxy.heapBytes()];
      for (let done = 0; done < plan.heapRequests; done += plan.heapRequests / 4) {
        await run(plan.heapRequests / 4);
        samples.push(await proxy.heapBytes());
      }
      heap = { requests: plan.heapRequests, samples };
    }
    return { plan, cells, heap };
  } finally {
    bare.stop();
    proxy.stop();
    upstream.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--server-module');
  const serverModule =
    at === -1 ? fileURLToPath(new URL('../../dist/server.js', import.meta.url)) : process.argv[at + 1];
  const result = await measureProxy({
    ci: process.argv.includes('--ci'),
    serverModule,
    log: (text) => process.stderr.write(`${text}\n`),
  });
  for (const cell of result.cells) {
    const f = (n, d = 2) => n.toFixed(d);
    console.log(
      `${cell.route.padEnd(6)} ${String(cell.connections).padStart(3)} conn: rps ${f(cell.proxy.rps, 0)} / ${f(cell.bare.rps, 0)} = ${f(cell.rpsRatio)}×, ` +
        `p99 ${cell.proxy.p99} / ${cell.bare.p99} ms = ${f(cell.p99Ratio)}×, ` +
        `cpu/req ${f(cell.proxy.cpuPerRequestMs, 3)} / ${f(cell.bare.cpuPerRequestMs, 3)} ms; pairs ${cell.pairs.rps.map((r) => f(r)).join(' ')}`,
    );
  }
  if (result.heap)
    console.log(`heap: ${result.heap.samples.map((b) => (b / 2 ** 20).toFixed(2)).join(' → ')} MiB`);
}
