import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type * as TypeScript from 'typescript';

// Tiny consumer projects that type-check the built package the way a shop's tsconfig does: the
// package in node_modules (package.json + dist only), the peers and @types the case names linked
// from this repository, and a real tsconfig.json. Each check takes a compiler as an argument (the
// TypeScript API in-process, or any `tsc` binary), so the same projects can run against other
// TypeScript versions.

const run = promisify(execFile);
export const ROOT = path.resolve(import.meta.dirname, '../..');

/** A built package directory (package.json + dist), and how to remove it. */
export interface BuiltPackage {
  dir: string;
  dispose(): void;
}

/**
 * Builds the package into a temporary directory with the project's own tsdown config (the
 * repository's dist/ is left alone). `RDP_PACKAGE_DIR` names an existing one instead (a CI step
 * that has built already).
 */
export async function buildPackage(): Promise<BuiltPackage> {
  const given = process.env.RDP_PACKAGE_DIR;
  if (given) return { dir: path.resolve(given), dispose: () => undefined };
  const work = mkdtempSync(path.join(tmpdir(), 'rdp-types-'));
  const dir = path.join(work, 'package');
  mkdirSync(dir);
  cpSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
  await run(
    process.execPath,
    [path.join(ROOT, 'node_modules/tsdown/dist/run.mjs'), '-d', path.join(dir, 'dist')],
    {
      cwd: ROOT,
      timeout: 180_000,
    },
  );
  return { dir, dispose: () => rmSync(work, { recursive: true, force: true }) };
}

export interface ConsumerCase {
  /** Names the case in failures and in the temporary directory. */
  name: string;
  /** `compilerOptions` of the consumer's tsconfig.json, as JSON. */
  compilerOptions: Record<string, unknown>;
  /** Packages linked from this repository's node_modules, e.g. `msw`, `@types/node`. */
  packages: readonly string[];
  /** Source files of the consumer, by relative path. */
  files: Record<string, string>;
  /** `"type"` of the consumer's package.json; default `module`. */
  type?: 'module' | 'commonjs';
}

/** Writes the consumer project into `parent` and returns its directory. */
export function writeConsumer(parent: string, packageDir: string, consumer: ConsumerCase): string {
  const dir = path.join(parent, consumer.name.replace(/[^\w.-]+/g, '_'));
  const modules = path.join(dir, 'node_modules');
  mkdirSync(path.join(modules, '@types'), { recursive: true });
  symlinkSync(packageDir, path.join(modules, 'react-dintero-pay'), 'dir');
  for (const name of consumer.packages) {
    mkdirSync(path.dirname(path.join(modules, name)), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules', name), path.join(modules, name), 'dir');
  }
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: consumer.type ?? 'module' }),
  );
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify(
      { compilerOptions: consumer.compilerOptions, include: Object.keys(consumer.files) },
      null,
      2,
    ),
  );
  for (const [file, text] of Object.entries(consumer.files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** Type-checks a consumer directory with the TypeScript API; returns the diagnostics as text. */
export function checkWithApi(ts: typeof TypeScript, dir: string): string[] {
  const configFile = ts.readConfigFile(path.join(dir, 'tsconfig.json'), (file) => ts.sys.readFile(file));
  const config = ts.parseJsonConfigFileContent(configFile.config, ts.sys, dir);
  const program = ts.createProgram({
    rootNames: config.fileNames,
    options: { ...config.options, noEmit: true },
  });
  return [...config.errors, ...ts.getPreEmitDiagnostics(program)].map((diagnostic) => {
    const where = diagnostic.file
      ? `${path.relative(dir, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}: `
      : '';
    return `${where}TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  });
}

/** Type-checks a consumer directory with a `tsc` binary (another TypeScript version); returns its output lines. */
export async function checkWithTsc(tscPath: string, dir: string): Promise<string[]> {
  try {
    await run(tscPath, ['-p', dir, '--noEmit', '--pretty', 'false'], { cwd: dir, timeout: 120_000 });
    return [];
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return `${stdout}${stderr}`.split('\n').filter(Boolean);
  }
}

/** A temporary parent for consumer projects. */
export function consumersDirectory(): { dir: string; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'rdp-consumers-'));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Module settings a shop's tsconfig uses: Node's own ESM resolution, or a bundler's. */
export const RESOLUTIONS = {
  node16: { module: 'node16', moduleResolution: 'node16' },
  bundler: { module: 'esnext', moduleResolution: 'bundler' },
} as const;

/** Library settings: a browser app (DOM, no Node types) or a Node server (no DOM, `@types/node`). */
export const ENVIRONMENTS = {
  dom: { compilerOptions: { lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [] }, packages: [] },
  node: { compilerOptions: { lib: ['ES2022'], types: ['node'] }, packages: ['@types/node'] },
} as const;

/**
 * The strict settings every case shares: every package's declarations are checked too
 * (`skipLibCheck: false`); only TypeScript's own lib files are taken as correct, which saves most of
 * the time and none of the point.
 */
export const STRICT = {
  target: 'ES2022',
  strict: true,
  skipLibCheck: false,
  skipDefaultLibCheck: true,
  noEmit: true,
} as const;
