import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE, PLANTED_BUG, REPO } from './example-files.ts';
import { fakeIO } from './fake-io.ts';
import { main, SUBCOMMANDS } from './main.ts';

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
    for (const sub of ['verify', 'check', 'replay', 'run', 'list', 'deep', 'objections', 'explore', 'bench']) {
      expect(SUBCOMMANDS[sub]).toBeDefined();
      expect(doc.split('\n').some((l) => l.startsWith('### ') && l.includes(`\`memcg-verify ${sub}`))).toBe(true);
    }
  });

  it('documents every field explore --json prints', async () => {
    const schema = /### `explore --json`[\s\S]*?```ts\n([\s\S]*?)```/.exec(doc)![1]!;
    const topLevel = [...schema.matchAll(/^ {2}(\w+):/gm)].map((m) => m[1]!);
    const io = fakeIO(REPO);
    await main(['explore', '--design', './examples/simple-design.ts', '--depth', '1', '--no-worker', '--json'], io);
    const j = JSON.parse(io.text()) as Record<string, unknown>;
    expect(topLevel).toEqual(Object.keys(j));
    const v = /violations: \{([\s\S]*?)\}\[\];/.exec(schema)![1]!;
    const fields = [...v.matchAll(/(\w+):/g)].map((m) => m[1]!);
    const out = await explored();
    expect(fields).toEqual(Object.keys(out));
  });
});

/** One violation as explore --json prints it (objection 3 on sketch-2019, 1 step). */
async function explored(): Promise<Record<string, unknown>> {
  const io = fakeIO(REPO);
  await main(['explore', '--design', 'sketch-2019', '--depth', '1', '--property', 'objection-3-large-objects', '--no-worker', '--json'], io);
  return (JSON.parse(io.text()) as { violations: Record<string, unknown>[] }).violations[0]!;
}
