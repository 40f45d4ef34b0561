// @vitest-environment node
// (esbuild's JavaScript API needs Node's own TextEncoder, which jsdom replaces.)
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PEERS = ['react', 'react/*', 'react-dom', 'react-dom/*', '@tanstack/react-query', 'zod', 'zod/*'];

/** What a shop's bundler makes of `export * from <entry>`: minified, with NODE_ENV defined. */
async function bundle(entry: string, nodeEnv: 'production' | 'development'): Promise<string> {
  const result = await build({
    stdin: { contents: `export * from ${JSON.stringify(entry)};`, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    // Non-ASCII as written, so the checks below can find translated text.
    charset: 'utf8',
    external: PEERS,
    define: { 'process.env.NODE_ENV': JSON.stringify(nodeEnv) },
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

describe('what each entry puts in a shop bundle', () => {
  it('the main entry carries English and no other language', async () => {
    const code = await bundle('./src/index.ts', 'production');
    expect(code).toContain('Open {app}');
    for (const translated of ['Öppna {app}', 'Åpne {app}', 'Åbn {app}', 'Avaa {app}']) {
      expect(code).not.toContain(translated);
    }
  });

  it('production bundles drop the missing-catalogue warning; development bundles keep it', async () => {
    expect(await bundle('./src/index.ts', 'development')).toContain('but the messages are English');
    expect(await bundle('./src/index.ts', 'production')).not.toContain('but the messages are English');
  });

  it('a development bundle warns in a browser without `process`, as under Vite: the check was replaced', async () => {
    const page = await build({
      stdin: {
        contents: `import { createElement as h } from 'react';
          import { renderToString } from 'react-dom/server';
          import { PayButton, PaySessionProvider } from './src/index.ts';
          const session = { sessionId: 'T1', status: 'idle', isBusy: false, pay() {} };
          globalThis.html = renderToString(h(PaySessionProvider, { locale: 'sv' }, h(PayButton, { session })));`,
        resolveDir: ROOT,
        loader: 'tsx',
      },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"development"' },
      write: false,
      logLevel: 'silent',
    });
    const warnings: string[] = [];
    // A browser-like global object: no `process`, timers that keep nothing alive.
    const context: Record<string, unknown> = {
      console: { warn: (text: unknown) => warnings.push(String(text)), error: () => {}, log: () => {} },
      TextEncoder,
      TextDecoder,
      setTimeout: () => 0,
      clearTimeout: () => {},
      queueMicrotask,
      MessageChannel: class {
        port1 = {};
        port2 = { postMessage: () => {} };
      },
    };
    context['globalThis'] = context;
    context['self'] = context;
    vm.runInNewContext(page.outputFiles[0]!.text, context);
    expect(context['html']).toContain('Pay');
    expect(warnings.filter((text) => text.startsWith('react-dintero-pay:'))).toHaveLength(1);
  });

  it.each([
    ['nb', 'Åpne {app}'],
    ['sv', 'Öppna {app}'],
    ['da', 'Åbn {app}'],
    ['fi', 'Avaa {app}'],
  ])('the %s entry is its catalogue alone: no English, no React', async (code, openSwish) => {
    const output = await bundle(`./src/i18n/locales/${code}.ts`, 'production');
    expect(output).toContain(openSwish);
    expect(output).not.toContain('Open {app}');
    expect(output).not.toMatch(/\bfrom\s*["']/);
  });
});
