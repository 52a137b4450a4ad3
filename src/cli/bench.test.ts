import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, tempDesignDir } from './example-files.ts';
import { fakeIO } from './fake-io.ts';
import { main } from './main.ts';

// Benchmarks report figures; these runs use tiny budgets and check the shape only.
describe('bench', () => {
  const tmp = tempDesignDir();
  afterAll(() => tmp.remove());

  it('steps: raw and runner steps per second for every design', async () => {
    const io = fakeIO(REPO);
    expect(await main(['bench', '--part', 'steps', '--runs', '3'], io)).toBe(0);
    expect(io.text()).toContain('### Simulated steps per second');
    expect(io.text()).toMatch(/\| simple \| refinement \| 3 \| \d+ \| \d+ \| [\d.]+x \|/);
  });

  it('first: time to a counterexample over seeds, with the shortest length, as JSON and to a file', async () => {
    const io = fakeIO(REPO);
    const out = join(tmp.dir, 'bench.md');
    expect(await main(['bench', '--part', 'first', '--seeds', '2', '--only', 'planted charge-ignores-max', '--shortest-seconds', '60', '--json', '--out', out], io)).toBe(0);
    const j = JSON.parse(io.text()) as { first: { target: string; found: number; lengthMax: number; shortest: number }[] };
    expect(j.first.map((f) => [f.target, f.found, f.lengthMax, f.shortest])).toEqual([['planted charge-ignores-max', 2, 2, 2]]);
    expect(readFileSync(out, 'utf8')).toContain('| planted charge-ignores-max | 2/2 |');
  });

  it('explore: states per second and memory per depth, in child processes', async () => {
    const io = fakeIO(REPO);
    expect(await main(['bench', '--part', 'explore', '--depth', '1', '--seconds', '30'], io)).toBe(0);
    expect(io.text()).toContain('### Exploration of the default scope');
    expect(io.text()).toMatch(/- simple: depth 1; `memcg-verify explore --design \.\/examples\/simple-design\.ts --depth 1 --seconds 30 --no-worker --json`/);
    expect(io.text()).toContain('### Worst pre-charge per CPU in scope');
  });

  it('branch: clone() against re-executing a path, for every design', async () => {
    const io = fakeIO(REPO);
    expect(await main(['bench', '--part', 'branch', '--json'], io)).toBe(0);
    const j = JSON.parse(io.text()) as { branch: { design: string; steps: number; cloneUs: number; replayUs: number }[] };
    expect(j.branch.map((b) => b.design)).toEqual(['simple', 'v5.10', 'v6.18', 'sketch-2019', 'roman-v1-2019', 'v6.18+objstock5']);
    for (const b of j.branch) expect([b.steps, b.cloneUs > 0, b.replayUs > 0]).toEqual([6, true, true]);
  });

  it('--help, and bad options in one line', async () => {
    const help = fakeIO(REPO);
    expect(await main(['bench', '--help'], help)).toBe(0);
    expect(help.text()).toMatch(/^usage: memcg-verify bench \[options\]/);
    for (const [argv, msg] of [
      [['--part', 'speed'], 'memcg-verify: --part must list parts among steps, first, explore, branch, found "speed"'],
      [['--seeds', '0'], 'memcg-verify: --seeds must be an integer in 1..1000, found "0"'],
      [['--shortest-seconds', 'soon'], 'memcg-verify: --shortest-seconds must be an integer in 0..86400, found "soon"'],
      [['--fast'], /^memcg-verify: bench: Unknown option '--fast'/],
      [['--part', 'steps', '--runs', '1', '--out', 'no/such/dir/b.md'], /^memcg-verify: cannot write --out no\/such\/dir\/b\.md: ENOENT/],
    ] as const) {
      const io = fakeIO(tmp.dir);
      expect(await main(['bench', ...argv], io)).toBe(2);
      expect(io.stderr).toHaveLength(1);
      if (typeof msg === 'string') expect(io.stderr[0]).toBe(msg);
      else expect(io.stderr[0]).toMatch(msg);
    }
  });
});
