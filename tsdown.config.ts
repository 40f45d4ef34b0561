import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    core: 'src/core/index.ts',
    testing: 'src/testing/index.ts',
    // One entry per language besides English (built into `index`): a shop ships only what it imports.
    'locales/nb': 'src/i18n/locales/nb.ts',
    'locales/sv': 'src/i18n/locales/sv.ts',
    'locales/da': 'src/i18n/locales/da.ts',
    'locales/fi': 'src/i18n/locales/fi.ts',
    // The same-origin proxy: no React, no DOM.
    server: 'src/server/index.ts',
  },
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  clean: true,
  // One plain stylesheet, read only through --rdp-* variables; shipped as written (no bundling).
  copy: [{ from: 'src/styles.css' }, { from: 'src/styles.css.d.ts' }],
  // No maps: the output is unminified, readable ESM with its comments, so stack traces need none,
  // and maps would either point at sources the package does not ship or double its size.
  sourcemap: false,
  // The `.` entry is client code: `'use client'` lets a React Server Component import it (Next.js).
  // Only `index.js`: `/core`, `/server` and `/testing` also run on servers. Rolldown's own `banner`,
  // since tsdown 0.21's `banner` keeps the first chunk's answer for every later chunk.
  outputOptions: {
    banner: (chunk) => (chunk.fileName === 'index.js' ? "'use client';" : ''),
  },
  // Peers stay peers: never bundled into the package.
  deps: {
    neverBundle: [
      /^react($|\/)/,
      /^react-dom($|\/)/,
      /^@tanstack\/react-query/,
      /^zod($|\/)/,
      /^msw($|\/)/,
      /^node:/,
    ],
    // The testing entry's QR encoder is bundled (a devDependency), so a shop never installs it.
    onlyBundle: ['uqr'],
  },
});
