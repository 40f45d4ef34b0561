// Runs every test project once and ends with the line CI reads: "N passed, N failed".
// Without arguments, in two runs: the jsdom, browser and story projects first, then the end-to-end
// project alone, whose real browsers (three engines) and real polling would otherwise share two
// cores with hundreds of unit files. With arguments, one vitest run with them.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

const PHASES =
  process.argv.length > 2
    ? [process.argv.slice(2)]
    : [
        ['--project', 'unit', '--project', 'browser', '--project', 'storybook'],
        ['--project', 'e2e'],
      ];

let passed = 0;
let failed = 0;
let skipped = 0;
for (const [index, args] of PHASES.entries()) {
  const report = `.vitest-report${index === 0 ? '' : `-${index + 1}`}.json`;
  rmSync(report, { force: true });
  const run = spawnSync(
    process.execPath,
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...args,
    ],
    // Storybook would otherwise look up telemetry and version hosts, which are not reachable here.
    { stdio: 'inherit', env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' } },
  );
  let phaseFailed = 0;
  try {
    const results = JSON.parse(readFileSync(report, 'utf8'));
    passed += results.numPassedTests;
    phaseFailed = results.numFailedTests + results.numTodoTests;
    // A suite that failed to load has no test results of its own: count it as a failure.
    phaseFailed += results.testResults.filter(
      (file) => file.status === 'failed' && file.assertionResults.length === 0,
    ).length;
    skipped += results.numPendingTests;
    phaseFailed += results.numPendingTests;
  } catch {
    phaseFailed += 1;
  }
  if (run.status !== 0 && phaseFailed === 0) phaseFailed = 1;
  failed += phaseFailed;
}
if (skipped > 0) console.log(`${skipped} skipped tests are not allowed.`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
