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
  },
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  clean: true,
  // One plain stylesheet, read only through --rdp-* variables; shipped as written (no bundling).
  copy: [{ from: 'src/styles.css' }],
  // No maps: the output is unminified, readable ESM with its comments, so stack traces need none,
  // and maps would either point at sources the package does not ship or double its size.
  sourcemap: false,
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
  },
});
