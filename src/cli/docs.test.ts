import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE, PLANTED_BUG, REPO } from './example-files.ts';
import { SUBCOMMANDS } from './main.ts';

// The README shows the example design in full and the one line to change:
// both must stay what the tests run. docs/cli.md documents every subcommand.
describe('README and docs/cli.md', () => {
  const doc = readFileSync(join(REPO, 'docs', 'cli.md'), 'utf8');
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

  it('embeds examples/page-per-object.ts verbatim', () => {
    expect(blocks).toContain(readFileSync(EXAMPLE, 'utf8'));
  });

  it('shows the planted bug as the exact line before and after', () => {
    expect(blocks).toContain(`${PLANTED_BUG.line}\n`);
    expect(blocks).toContain(`${PLANTED_BUG.broken}\n`);
  });

  it('documents every subcommand this CLI owns', () => {
    for (const sub of ['verify', 'check', 'replay', 'run', 'list', 'deep']) {
      expect(SUBCOMMANDS[sub]).toBeDefined();
      expect(doc.split('\n').some((l) => l.startsWith('### ') && l.includes(`\`memcg-verify ${sub}`))).toBe(true);
    }
  });
});
