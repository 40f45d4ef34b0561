// @vitest-environment node
// The built entries as a shop's bundler and server see them, on a fresh build in a temporary
// directory (the repository's dist/ is left alone): `'use client'` heads the `.` entry only, and
// `/server` runs in a bare Node without React, React Query or zod installed.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

let work = '';
const dist = () => path.join(work, 'dist');
const read = (file: string) => readFileSync(path.join(dist(), file), 'utf8');

/** Every module specifier a built file imports: static statements and dynamic `import()` (not comments). */
function importsOf(source: string): string[] {
  const statements = source.matchAll(
    /^(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']|^import\s*["']([^"']+)["']/gm,
  );
  const dynamic = source.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g);
  return [...statements, ...dynamic].map((match) => (match[1] ?? match[2])!);
}

/** `file` and every chunk it reaches through relative imports. */
function reachable(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const specifier of importsOf(read(file))) {
    if (specifier.startsWith('./')) reachable(path.posix.join(path.posix.dirname(file), specifier), seen);
  }
  return seen;
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'rdp-server-'));
  await run(process.execPath, [path.join(ROOT, 'node_modules/tsdown/dist/run.mjs'), '-d', dist()], {
    cwd: ROOT,
    timeout: 180_000,
  });
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the built entries', () => {
  it("'use client' is the first statement of the . entry, and of no other entry or chunk", () => {
    expect(read('index.js')).toMatch(/^["']use client["'];\n/);
    const others = readdirSync(dist(), { recursive: true, encoding: 'utf8' }).filter(
      (file) => file.endsWith('.js') && file !== 'index.js',
    );
    expect(others).toEqual(expect.arrayContaining(['core.js', 'server.js', 'testing.js']));
    for (const file of others) expect(read(file), file).not.toMatch(/["']use client["']/);
  });

  it('/server reaches no React, React Query, zod or DOM code: only its own chunks', () => {
    const files = [...reachable('server.js')];
    // One file: nothing shared with the browser entries.
    expect(files).toEqual(['server.js']);
    const bare = files.flatMap((file) =>
      importsOf(read(file)).filter((specifier) => !specifier.startsWith('./')),
    );
    expect(bare).toEqual([]);
    for (const file of files) expect(read(file), file).not.toMatch(/\bdocument\.|\bwindow\./);
  });

  it('/server runs in a bare Node process (nothing installed) and answers a pay call through an injected fetch', async () => {
    const script = path.join(work, 'check-server.mjs');
    writeFileSync(
      script,
      `import { createDinteroProxy } from './dist/server.js';
const proxy = createDinteroProxy({
  basePath: '/api/dintero',
  fetch: async (url) => new Response(JSON.stringify({ success: true, actions: [], poll_url: 'https://checkout.dintero.com/v1/view/T1.a/swish/r1/status', seen: url }), { headers: { 'content-type': 'application/json' } }),
});
const response = await proxy(new Request('https://shop.example/api/dintero/v1/sessions/T1.a/pay', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
console.log(JSON.stringify({ status: response.status, body: await response.json() }));
`,
    );
    const { stdout } = await run(process.execPath, [script], { cwd: work, timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual({
      status: 200,
      body: {
        success: true,
        actions: [],
        poll_url: '/api/dintero/v1/view/T1.a/swish/r1/status',
        seen: 'https://checkout.dintero.com/v1/sessions/T1.a/pay',
      },
    });
  });
});
