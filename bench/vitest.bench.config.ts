import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The measurements behind `npm run bench` (renders and polling in jsdom). They write figures for the
// runner instead of asserting thresholds, so the table can show every figure even when one misses.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  plugins: [react()],
  test: {
    include: ['bench/jsdom/**/*.measure.tsx'],
    environment: 'jsdom',
    // One file at a time: the figures include timings, and two cores are shared with Chromium later.
    fileParallelism: false,
    testTimeout: 120_000,
  },
});
