// `npm run bench`: bundle cost, renders, polling, the proxy under load, interaction in Chromium and
// server rendering, all measured in this run, printed as one table and written to bench/results.md
// and to CONTRIBUTING.md's Performance section (between its bench markers), so both always show the same
// run. Exits 1 when a goal of the bundle, render, polling or proxy rows is missed (or could not be
// measured).
// `npm run bench:ci` (`--ci`): the bundle, render and proxy rows (shorter load runs, and a margin
// on the proxy's goal); no Chromium, under a minute.
import { readFileSync, writeFileSync } from 'node:fs';
import { ensureBuilt } from './lib/build.mjs';
import { measureBundles } from './lib/bundle.mjs';
import { BENCH, dist, ROOT } from './lib/paths.mjs';
import { machine, markdown } from './lib/report.mjs';
import { bundleRows, interactionRows, pollingRows, renderRows, ssrRows } from './lib/rows.mjs';
import { runMeasurements } from './lib/vitest.mjs';
import { proxyRows } from './proxy/rows.mjs';

const ci = process.argv.includes('--ci');
const started = performance.now();
const step = (text) => process.stderr.write(`bench: ${text}…\n`);
const reason = (error) => (error instanceof Error ? error.message.split('\n')[0] : String(error));

const logError = (error) => process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);

step('measuring bundles');
const rows = [];
try {
  ensureBuilt((why) => step(`${why}: building the package`));
  rows.push(...bundleRows(await measureBundles()));
} catch (error) {
  logError(error);
  rows.push(...bundleRows(undefined));
}

step(ci ? 'counting renders (jsdom)' : 'counting renders and measuring polling (jsdom)');
const jsdom = await runMeasurements(
  ci
    ? ['bench/jsdom/renders.measure.tsx']
    : [
        'bench/jsdom/renders.measure.tsx',
        'bench/jsdom/polling.measure.tsx',
        'bench/jsdom/loopback.measure.tsx',
      ],
);
rows.push(...renderRows(jsdom.results));
if (!ci) rows.push(...pollingRows(jsdom.results));

step('measuring the proxy under load against a bare pass-through (autocannon)');
try {
  const { measureProxy } = await import('./proxy/measure.mjs');
  rows.push(...proxyRows(await measureProxy({ ci, serverModule: dist('server.js'), log: step }), { ci }));
} catch (error) {
  logError(error);
  rows.push(...proxyRows(undefined, { ci }));
}

if (!ci) {
  step('measuring interaction in Chromium');
  try {
    const { measureInteraction } = await import('./lib/browser.mjs');
    rows.push(...interactionRows(await measureInteraction()));
  } catch (error) {
    logError(error);
    rows.push(...interactionRows(undefined, reason(error)));
  }

  step('rendering on the server');
  try {
    const { measureSsr } = await import('./lib/ssr.mjs');
    rows.push(...ssrRows(await measureSsr()));
  } catch (error) {
    logError(error);
    rows.push(...ssrRows(undefined, reason(error)));
  }
}

const seconds = ((performance.now() - started) / 1000).toFixed(0);
const missed = rows.filter((r) => r.pass === false).length;
const table = await markdown(
  ci ? 'react-dintero-pay benchmark (CI: bundles, renders and the proxy)' : 'react-dintero-pay benchmark',
  [
    machine(),
    `Run ${new Date().toISOString()}, ${seconds} s; every figure below was measured in this run. ` +
      'Sizes are min+gzip (esbuild, gzip level 9, 1 kB = 1000 B); "peers external" leaves out react, ' +
      'react-dom, @tanstack/react-query and zod.',
    missed === 0 ? 'Every goal met.' : `${missed} goal(s) missed.`,
  ],
  rows,
);
process.stdout.write(table);
if (!ci) {
  writeFileSync(`${BENCH}results.md`, table);
  // CONTRIBUTING.md shows the same run: everything of the report but its title.
  const readmePath = `${ROOT}CONTRIBUTING.md`;
  const readme = readFileSync(readmePath, 'utf8');
  const start = '<!-- bench:results (written by npm run bench) -->\n';
  const end = '<!-- /bench:results -->';
  const from = readme.indexOf(start);
  const to = readme.indexOf(end, from);
  if (from === -1 || to === -1) {
    process.stderr.write('bench: CONTRIBUTING.md has no bench markers; only bench/results.md was written\n');
  } else {
    const body = table.slice(table.indexOf('\n\n') + 2);
    writeFileSync(readmePath, `${readme.slice(0, from + start.length)}\n${body}\n${readme.slice(to)}`);
  }
}
process.exit(missed === 0 ? 0 : 1);
