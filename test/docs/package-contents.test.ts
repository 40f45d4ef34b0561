// @vitest-environment node
// What `npm publish` would ship, checked on a fresh build in a temporary directory (the repository's
// dist/ is left alone): the licence and links a reader looks for, every export present, and no file
// pointing at a source map the package does not contain.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const REPOSITORY = 'https://github.com/react-dintero-pay/react-dintero-pay';

interface PackageJson {
  license: string;
  repository: { type: string; url: string };
  homepage: string;
  bugs: { url: string };
  exports: Record<string, string | { types: string; default: string }>;
}

let work = '';
let packed: string[] = [];
const pkg = () => path.join(work, 'package');
const read = (file: string) => readFileSync(path.join(pkg(), file), 'utf8');

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'rdp-pack-'));
  mkdirSync(pkg());
  const { files } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
  for (const file of ['package.json', 'README.md', 'LICENSE', ...files.filter((entry) => entry !== 'dist')]) {
    cpSync(path.join(ROOT, file), path.join(pkg(), file));
  }
  await run(
    process.execPath,
    [path.join(ROOT, 'node_modules/tsdown/dist/run.mjs'), '-d', path.join(pkg(), 'dist')],
    { cwd: ROOT, timeout: 180_000 },
  );
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: pkg(),
    timeout: 60_000,
  });
  const [result] = JSON.parse(stdout) as [{ files: { path: string }[] }];
  packed = result.files.map((file) => file.path).sort();
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the published package', () => {
  it('ships the MIT licence and says where the project lives', () => {
    const manifest = JSON.parse(read('package.json')) as PackageJson;
    expect(packed).toContain('LICENSE');
    expect(manifest.license).toBe('MIT');
    expect(read('LICENSE')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} react-dintero-pay contributors\n/);
    expect(manifest.repository).toEqual({ type: 'git', url: `git+${REPOSITORY}.git` });
    expect(manifest.homepage).toBe(`${REPOSITORY}#readme`);
    expect(manifest.bugs).toEqual({ url: `${REPOSITORY}/issues` });
  });

  it('contains every file its exports name, including the four language entries', () => {
    const manifest = JSON.parse(read('package.json')) as PackageJson;
    const targets = Object.values(manifest.exports).flatMap((target) =>
      typeof target === 'string' ? [target] : [target.types, target.default],
    );
    for (const target of targets) expect(packed, target).toContain(target.replace(/^\.\//, ''));
    for (const code of ['nb', 'sv', 'da', 'fi']) {
      expect(manifest.exports[`./locales/${code}`]).toEqual({
        types: `./dist/locales/${code}.d.ts`,
        default: `./dist/locales/${code}.js`,
      });
    }
  });

  it('ships what a merchant reads: the README, the licence, the security notes and the changelog', () => {
    for (const file of ['README.md', 'LICENSE', 'SECURITY.md', 'CHANGELOG.md'])
      expect(packed).toContain(file);
    // The stylesheet's import type-checks on TypeScript 6 and 7, which check side-effect imports.
    expect(JSON.parse(read('package.json')).exports['./styles.css']).toEqual({
      types: './dist/styles.css.d.ts',
      default: './dist/styles.css',
    });
    expect(read('dist/styles.css.d.ts')).toMatch(/export \{\};/);
  });

  it('points at no source map it does not ship', () => {
    const references = packed.flatMap((file) =>
      [...read(file).matchAll(/[#@] sourceMappingURL=(\S+)/g)].map((match) => ({
        file,
        map: path.posix.join(path.posix.dirname(file), match[1]!),
      })),
    );
    expect(references.filter(({ map }) => !packed.includes(map))).toEqual([]);
    // Today: no maps at all (the output is readable, unminified ESM).
    expect(packed.filter((file) => file.endsWith('.map'))).toEqual([]);
  });

  it('keeps each language entry to its catalogue: no imports, no client directive', () => {
    for (const code of ['nb', 'sv', 'da', 'fi']) {
      const source = read(`dist/locales/${code}.js`);
      expect(source).not.toMatch(/\bimport\b/);
      expect(source).not.toContain('use client');
      expect(source).toMatch(new RegExp(`export \\{ ${code} \\}`));
    }
  });
});
