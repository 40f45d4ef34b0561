import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The runtime matrix of react-dintero-pay/server (test/runtimes/README.md): its own run, after
// `npm ci --prefix test/runtimes` has installed bun, deno, miniflare and the frameworks.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/runtimes/**/*.test.mjs'],
    environment: 'node',
    // One setup at a time: two cores, and timings in the checks.
    fileParallelism: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
