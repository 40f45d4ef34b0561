// react-dintero-pay/server on every setup a shop deploys it on, each with the same checks
// (checks.mjs): the README's snippet for the setup, run by the real runtime against dist/server.js.
// Next.js (Node and edge runtime) runs the same checks in examples/next/run-check.mjs.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { CHECKS, startUpstream } from './checks.mjs';
import { REPO_ROOT } from './readme.mjs';
import { SETUPS } from './setups.mjs';

/** The newest change under a path (a file's, or any file's below a directory). */
function newest(file) {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(file).map((name) => newest(path.join(file, name))));
}

let upstream;
const notes = [];

beforeAll(async () => {
  // The checks run what a shop installs: dist/, rebuilt when older than the sources.
  const dist = path.join(REPO_ROOT, 'dist/server.js');
  if (!existsSync(dist) || statSync(dist).mtimeMs < newest(path.join(REPO_ROOT, 'src'))) {
    const run = spawnSync(path.join(REPO_ROOT, 'node_modules/.bin/tsdown'), [], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    if (run.status !== 0) throw new Error(`tsdown failed:\n${run.stdout}${run.stderr}`);
  }
  const { createDinteroEmulator } = await import(path.join(REPO_ROOT, 'dist/testing.js'));
  upstream = await startUpstream({ createDinteroEmulator });
});

afterAll(async () => {
  await upstream?.close();
  rmSync(path.join(REPO_ROOT, 'test/runtimes/.work'), { recursive: true, force: true });
  if (notes.length > 0) console.log(notes.join('\n'));
});

for (const setup of SETUPS) {
  describe(setup.name, () => {
    let server;
    beforeAll(async () => {
      server = await setup.start({ upstream });
    });
    afterAll(async () => {
      await server?.stop();
    });
    for (const check of CHECKS) {
      it(check.name, async () => {
        const note = await check.run({ server, upstream });
        if (note) notes.push(`${setup.name}: ${note}`);
      });
    }
  });
}
