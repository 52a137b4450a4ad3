/*
 * Temporary copies of the README's example design for tests: the file
 * as a user would copy it, with its imports pointed back at this checkout,
 * optionally with one line changed (the README's planted bug).
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const EXAMPLE = join(REPO, 'examples', 'page-per-object.ts');

/** The README's one-line change: the allocator-failure path forgets to uncharge. */
export const PLANTED_BUG = {
  line: '        if (failures[i]) return pageCounterUncharge(o.memcg.counter, pagesFor(size)); // the allocator failed this one',
  broken: '        if (failures[i]) return; // the allocator failed this one',
};

/** A fresh directory (ESM package) for design modules; remove() deletes it. */
export function tempDesignDir(): { dir: string; write(name: string, text: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'memcg-verify-'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  return {
    dir,
    write(name, text) {
      writeFileSync(join(dir, name), text);
      return `./${name}`;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The example's text with `../src/...` imports made absolute, so the copy works anywhere. */
export function exampleText(replace?: { line: string; broken: string }): string {
  let text = readFileSync(EXAMPLE, 'utf8').replace(/from '\.\.\/src\/([^']+)'/g, (_, p: string) => `from '${pathToFileURL(join(REPO, 'src', p)).href}'`);
  if (replace) {
    if (!text.includes(replace.line)) throw new Error(`example no longer contains the line to change: ${replace.line.trim()}`);
    text = text.replace(replace.line, replace.broken);
  }
  return text;
}
