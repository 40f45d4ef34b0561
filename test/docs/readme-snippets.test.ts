// @vitest-environment node
// The README's code is what merchants copy. Every block marked `<!-- snippet: name -->` is written to
// a file as it stands, type-checked the way a shop's project would check it (strict, no Vitest
// globals, `react-dintero-pay` resolved to this repository's sources), and the testing-kit example
// is run with Vitest in jsdom against the quick start. Whatever the README says is what is checked.
// Express, React Router, Deno and Bun are not installed here: their snippets are checked against
// small declarations of the few members they use (below); test/runtimes runs them for real.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Where each snippet goes: the testing kit and the checkout page import the quick start as `./App`.
 * Every marked block of the README has a file here, and every file a block.
 */
const FILES: Record<string, string> = {
  'quick-start': 'App.tsx',
  headless: 'Headless.tsx',
  'server-express': 'server.ts',
  'checkout-page': 'main.tsx',
  'vite-config': 'vite.config.ts',
  'emulator-local': 'emulator.ts',
  next: 'next-route.ts',
  'next-edge': 'next-edge-route.ts',
  workers: 'worker.ts',
  deno: 'deno-main.ts',
  bun: 'bun-server.ts',
  'react-router': 'react-router-route.ts',
  express: 'express-server.ts',
  vite: 'vite-proxy.config.ts',
  vipps: 'Vipps.tsx',
  'testing-kit': 'App.test.tsx',
  'emulator-server': 'emulator-server.ts',
  'phone-input-register': 'PhoneInputRegister.tsx',
  'phone-input-controller': 'PhoneInputController.tsx',
};

/**
 * What the snippets use of Express 5, React Router 7, Deno and Bun, declared as those packages'
 * own types declare it (Express's request and response extend Node's, so `toNodeHandler` is
 * checked against the real `node:http` types).
 */
const DECLARATIONS = `declare module 'express' {
  import type { IncomingMessage, Server, ServerResponse } from 'node:http';
  interface Request extends IncomingMessage {
    originalUrl: string;
    query: Record<string, undefined | string | string[] | Record<string, unknown>>;
  }
  interface Response extends ServerResponse {
    json(body: unknown): this;
    send(body: string): this;
    sendStatus(code: number): this;
    status(code: number): this;
  }
  type Handler = (request: Request, response: Response, next: (error?: unknown) => void) => unknown;
  interface Application {
    use(path: string, ...handlers: Handler[]): this;
    use(...handlers: Handler[]): this;
    get(path: string, ...handlers: Handler[]): this;
    post(path: string, ...handlers: Handler[]): this;
    listen(port: number, callback?: () => void): Server;
  }
  interface Express {
    (): Application;
    static(root: string): Handler;
  }
  const express: Express;
  export default express;
}
declare module 'react-router' {
  interface RouteArgs {
    request: Request;
    params: Record<string, string | undefined>;
    context: unknown;
  }
  export type LoaderFunctionArgs = RouteArgs;
  export type ActionFunctionArgs = RouteArgs;
}
declare const Deno: {
  env: { get(key: string): string | undefined };
  serve(options: { port?: number }, handler: (request: Request) => Response | Promise<Response>): unknown;
};
declare const Bun: {
  serve(options: {
    routes?: Record<string, (request: Request) => Response | Promise<Response>>;
    fetch(request: Request): Response | Promise<Response>;
  }): unknown;
};
`;

/** Code blocks that follow a `<!-- snippet: name -->` line, by name. */
export function readmeSnippets(markdown: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of markdown.matchAll(/<!--\s*snippet:\s*([\w-]+)\s*-->\s*\n```\w*\n([\s\S]*?)\n```/g)) {
    found.set(match[1]!, `${match[2]!}\n`);
  }
  return found;
}

const snippets = readmeSnippets(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));
let dir = '';

beforeAll(() => {
  // Inside the repository, so `react`, `vitest` and the rest resolve from its node_modules.
  dir = mkdtempSync(path.join(ROOT, '.readme-snippets-'));
  for (const [name, code] of snippets) {
    if (FILES[name]) writeFileSync(path.join(dir, FILES[name]), code);
  }
  writeFileSync(path.join(dir, 'declarations.d.ts'), DECLARATIONS);
  const src = (file: string) => path.join(ROOT, 'src', file);
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        module: 'ESNext',
        moduleResolution: 'bundler',
        jsx: 'react-jsx',
        strict: true,
        skipLibCheck: true,
        noEmit: true,
        // Node's types, as a shop's test setup has them; not `vitest/globals`.
        types: ['node'],
        paths: {
          'react-dintero-pay': [src('index.ts')],
          'react-dintero-pay/testing': [src('testing/index.ts')],
          'react-dintero-pay/server': [src('server/index.ts')],
          'react-dintero-pay/locales/*': [src('i18n/locales/*.ts')],
        },
      },
      files: [
        'declarations.d.ts',
        ...Object.values(FILES).filter((file) => [...snippets.keys()].some((n) => FILES[n] === file)),
      ],
    }),
  );
  // What a shop's Vitest config would hold, with the package pointed at the sources.
  writeFileSync(
    path.join(dir, 'vitest.config.mjs'),
    `import react from '@vitejs/plugin-react';
export default {
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^react-dintero-pay$/, replacement: ${JSON.stringify(src('index.ts'))} },
      { find: /^react-dintero-pay\\/testing$/, replacement: ${JSON.stringify(src('testing/index.ts'))} },
      { find: /^react-dintero-pay\\/locales\\/(\\w+)$/, replacement: ${JSON.stringify(src('i18n/locales/'))} + '$1.ts' },
      { find: /^react-dintero-pay\\/styles\\.css$/, replacement: ${JSON.stringify(src('styles.css'))} },
    ],
  },
  test: { include: ['App.test.tsx'], testTimeout: 20000 },
};
`,
  );
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('README snippets', () => {
  it('marks every block a shop copies, and checks each of them', () => {
    // A block without a file here would go unchecked; a file without its block means a renamed or
    // lost marker (the examples and the runtime checks find snippets by these names too).
    expect([...snippets.keys()].sort()).toEqual(Object.keys(FILES).sort());
    expect(snippets.get('testing-kit')).toMatch(/from '\.\/App'/);
    expect(snippets.get('checkout-page')).toMatch(/from '\.\/App'/);
  });

  it('keeps what each snippet promises: the proxy as baseUrl, a QueryClient per render, targets, the React plugin', () => {
    for (const name of ['quick-start', 'headless', 'vipps']) {
      expect(snippets.get(name), name).toContain("baseUrl: '/api/dintero/v1'");
    }
    const quickStart = snippets.get('quick-start')!;
    expect(quickStart).toContain('useState(() => new QueryClient())');
    expect(quickStart).not.toMatch(/^const \w+ = new QueryClient\(/m);
    for (const name of ['server-express', 'express', 'vite', 'next', 'next-edge', 'react-router', 'bun']) {
      expect(snippets.get(name), name).toMatch(
        /target: (process\.env\.DINTERO_CHECKOUT_URL|DINTERO_CHECKOUT_URL)/,
      );
    }
    for (const name of ['vite', 'vite-config'])
      expect(snippets.get(name), name).toMatch(/plugins: \[\s*react\(\)/);
    expect(snippets.get('vite-config')).toMatch(/server: \{ proxy: /);
    const server = snippets.get('server-express')!;
    for (const part of ['createSession(', 'getTransaction(', 'toNodeHandler(', "'/return'", 'callback_url']) {
      expect(server).toContain(part);
    }
  });

  it(
    'type-checks every snippet as a strict project without Vitest globals would',
    { timeout: 120_000 },
    () => {
      const config = ts.getParsedCommandLineOfConfigFile(
        path.join(dir, 'tsconfig.json'),
        {},
        {
          ...ts.sys,
          onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
            throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
          },
        },
      )!;
      const program = ts.createProgram(config.fileNames, config.options);
      // Only the snippets' own errors: the library's sources are checked by `npm run typecheck`.
      const diagnostics = ts
        .getPreEmitDiagnostics(program)
        .filter((d) => !d.file || path.resolve(d.file.fileName).startsWith(dir));
      const report = ts.formatDiagnostics(diagnostics, {
        getCanonicalFileName: (file) => file,
        getCurrentDirectory: () => dir,
        getNewLine: () => '\n',
      });
      expect(config.fileNames).toHaveLength(Object.keys(FILES).length + 1);
      expect(report).toBe('');
    },
  );

  it('runs the testing-kit example against the quick start: it pays, approves and redirects', () => {
    // A clean environment: the outer Vitest's own variables would confuse the inner one.
    const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
    const run = spawnSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'vitest.config.mjs'],
      { cwd: dir, env: { ...env, NODE_ENV: 'test', NO_COLOR: '1' }, encoding: 'utf8', timeout: 120_000 },
    );
    // eslint-disable-next-line no-control-regex -- colour codes, in case the runner adds them anyway
    const output = `${run.stdout}\n${run.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
    expect(output, output).toMatch(/Tests\s+1 passed \(1\)/);
    expect(run.status, output).toBe(0);
    // No "Not implemented: navigation" from jsdom, no missing-catalogue warning from the library.
    expect(output).not.toContain('Not implemented');
    expect(output).not.toContain('react-dintero-pay:');
  }, 150_000);
});
