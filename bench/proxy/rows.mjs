// The proxy's rows of the benchmark table: for each route and load level, requests per second and
// p99 latency as ratios to a bare pass-through measured in the same run, CPU per request beside the
// pass-through's, and (full run) the heap across 100 000 requests.
import { missing, row } from '../lib/report.mjs';
import { CONNECTIONS, ROUTES } from './measure.mjs';

/** The goals: at least 0.9× the pass-through's requests per second, at most 1.2× its p99. */
export const RPS_GOAL = 0.9;
export const P99_GOAL = 1.2;
/** bench:ci fails under this: the goal less a margin for a noisy machine. */
export const RPS_CI_LIMIT = 0.8;
/** The heap (after collection) may grow this much across the 100 000 requests, and no more. */
export const HEAP_GROWTH_LIMIT = 1024 * 1024;

const AREA = 'Proxy';
const ROUTE_NAMES = { status: 'status checks', pay: 'pay calls' };
const times = (value) => `${value.toFixed(2)}×`;
const int = (value) => Math.round(value).toLocaleString('en');
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

function measures(route, connections) {
  const what = `${ROUTE_NAMES[route]} (${ROUTES[route].method}), ${connections} connections`;
  return {
    rps: `Requests/s, ${what}: proxy (\`toNodeHandler\` on node:http) ÷ bare pass-through (node:http + fetch)`,
    p99: `p99 latency, ${what}: proxy ÷ pass-through`,
    cpu: `CPU per request, ${what}: proxy, pass-through`,
  };
}

/**
 * Rows for {@link measureProxy}'s result; `undefined` (not measured) gives rows that count as
 * missed goals. In CI the requests/s rows fail under {@link RPS_CI_LIMIT} and p99 is information.
 */
export function proxyRows(result, { ci }) {
  const rpsGoal = ci ? `≥ ${times(RPS_CI_LIMIT)} (goal ${times(RPS_GOAL)})` : `≥ ${times(RPS_GOAL)}`;
  const p99Goal = ci ? `— (goal ${times(P99_GOAL)} in the full run)` : `≤ ${times(P99_GOAL)}`;
  const heapMeasure =
    'Proxy heap after garbage collection, across 100,000 requests (pay calls and status checks)';
  const heapGoal = `≤ +${mib(HEAP_GROWTH_LIMIT)}`;
  if (!result) {
    return [
      ...Object.keys(ROUTES).flatMap((route) =>
        CONNECTIONS.flatMap((connections) => {
          const m = measures(route, connections);
          return [missing(AREA, m.rps, rpsGoal), ...(ci ? [] : [missing(AREA, m.p99, p99Goal)])];
        }),
      ),
      ...(ci ? [] : [missing(AREA, heapMeasure, heapGoal)]),
    ];
  }
  const pairs = `median of ${result.plan.pairs} pairs of ${result.plan.seconds} s`;
  const rows = result.cells.flatMap((cell) => {
    const m = measures(cell.route, cell.connections);
    return [
      row(
        AREA,
        m.rps,
        `${times(cell.rpsRatio)} (${int(cell.proxy.rps)} vs ${int(cell.bare.rps)} req/s; ${pairs})`,
        rpsGoal,
        cell.rpsRatio >= (ci ? RPS_CI_LIMIT : RPS_GOAL),
      ),
      row(
        AREA,
        m.p99,
        `${times(cell.p99Ratio)} (${int(cell.proxy.p99)} vs ${int(cell.bare.p99)} ms)`,
        p99Goal,
        ci ? null : cell.p99Ratio <= P99_GOAL,
      ),
      row(
        AREA,
        m.cpu,
        `${cell.proxy.cpuPerRequestMs.toFixed(3)} ms, ${cell.bare.cpuPerRequestMs.toFixed(3)} ms (${times(cell.proxy.cpuPerRequestMs / cell.bare.cpuPerRequestMs)})`,
      ),
    ];
  });
  if (!ci) {
    if (!result.heap) rows.push(missing(AREA, heapMeasure, heapGoal));
    else {
      const { samples } = result.heap;
      const growth = samples[samples.length - 1] - samples[0];
      rows.push(
        row(
          AREA,
          heapMeasure,
          `${samples.map(mib).join(' → ')} (${growth >= 0 ? '+' : '−'}${mib(Math.abs(growth))})`,
          heapGoal,
          growth <= HEAP_GROWTH_LIMIT,
        ),
      );
    }
  }
  return rows;
}
