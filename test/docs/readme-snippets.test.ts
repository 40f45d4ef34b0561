// @vitest-environment node
// The README's code is what merchants copy. Every block marked `<!-- snippet: name -->` is written to
// a file as it stands, type-checked the way a shop's project would check it (strict, no Vitest
// globals, `react-dintero-pay` resolved to this repository's sources), and the testing-kit example
// is run with Vitest in jsdom against the quick start. Whatever the README says is what is checked.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Where each snippet goes: the testing kit imports the quick start as `./App`. */
const FILES: Record<string, string> = {
  'quick-start': 'App.tsx',
  headless: 'Headless.tsx',
  'testing-kit': 'App.test.tsx',
  'emulator-server': 'emulator-server.ts',
};

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
          'react-dintero-pay/locales/*': [src('i18n/locales/*.ts')],
        },
      },
      files: Object.values(FILES).filter((file) => [...snippets.keys()].some((n) => FILES[n] === file)),
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
  it('marks the quick start, the headless example and the testing kit', () => {
    expect([...snippets.keys()]).toEqual(expect.arrayContaining(['quick-start', 'headless', 'testing-kit']));
    expect(snippets.get('testing-kit')).toMatch(/from '\.\/App'/);
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
      expect(config.fileNames.length).toBeGreaterThanOrEqual(3);
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
