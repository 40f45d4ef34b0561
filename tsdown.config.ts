import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: { index: 'src/index.ts', core: 'src/core/index.ts', testing: 'src/testing/index.ts' },
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  dts: true,
  clean: true,
  // One plain stylesheet, read only through --rdp-* variables; shipped as written (no bundling).
  copy: [{ from: 'src/styles.css' }],
  sourcemap: true,
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
