// The README's marked code blocks, as the runtime checks run them: `<!-- snippet: name -->` right
// before a fenced block (the same marking test/docs/readme-snippets.test.ts reads).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Code blocks that follow a `<!-- snippet: name -->` line, by name. */
export function readmeSnippets(markdown = readFileSync(`${REPO_ROOT}README.md`, 'utf8')) {
  const found = new Map();
  for (const match of markdown.matchAll(/<!--\s*snippet:\s*([\w-]+)\s*-->\s*\n```\w*\n([\s\S]*?)\n```/g)) {
    found.set(match[1], `${match[2]}\n`);
  }
  return found;
}

/** One snippet by name; a missing one is an error, never a silent skip. */
export function snippet(name) {
  const code = readmeSnippets().get(name);
  if (!code) throw new Error(`README.md has no block marked <!-- snippet: ${name} -->`);
  return code;
}
