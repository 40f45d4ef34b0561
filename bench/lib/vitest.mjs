import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ROOT } from './paths.mjs';

/**
 * Runs measurement files under Vitest (jsdom) and returns the figures they wrote, by name. A test
 * that fails leaves its figures out; Vitest's output is passed on so the reason is visible.
 */
export async function runMeasurements(files) {
  const out = mkdtempSync(join(tmpdir(), 'rdp-bench-'));
  try {
    const args = ['node_modules/vitest/vitest.mjs', 'run', '--config', 'bench/vitest.bench.config.ts'];
    const child = spawn(process.execPath, [...args, ...files], {
      cwd: ROOT,
      env: { ...process.env, BENCH_OUT_DIR: out, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (chunk) => (log += chunk));
    child.stderr.on('data', (chunk) => (log += chunk));
    const code = await new Promise((resolve) => child.on('close', resolve));
    if (code !== 0) process.stderr.write(log);
    const results = {};
    for (const file of readdirSync(out)) {
      results[basename(file, '.json')] = JSON.parse(readFileSync(join(out, file), 'utf8'));
    }
    return { ok: code === 0, results };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
