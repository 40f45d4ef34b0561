import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dist, ROOT } from './paths.mjs';

const ENTRIES = ['index.js', 'core.js', 'testing.js'];
const INPUTS = ['src', 'tsdown.config.ts', 'package.json'];

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/**
 * Builds the package when dist/ is missing or older than its sources: sizes of a stale build
 * mislead. `onBuild` is told before a build starts.
 */
export function ensureBuilt(onBuild = () => undefined) {
  const outputs = ENTRIES.map(dist);
  const built = outputs.every((file) => existsSync(file));
  const stale =
    !built ||
    Math.min(...outputs.map((file) => statSync(file).mtimeMs)) <
      Math.max(...INPUTS.map((input) => newestMtime(join(ROOT, input))));
  if (!stale) return { rebuilt: false };
  onBuild(built ? 'dist/ is older than its sources' : 'dist/ is missing');
  const run = spawnSync(join(ROOT, 'node_modules/.bin/tsdown'), [], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) {
    process.stderr.write(run.stdout + run.stderr);
    throw new Error('the package build (tsdown) failed');
  }
  return { rebuilt: true };
}
