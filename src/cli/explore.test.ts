import { describe, expect, it } from 'vitest';
import { decodeToken } from '../../properties/replay-token.ts';
import { REPO } from './example-files.ts';
import { fakeIO } from './fake-io.ts';
import { exampleText, PLANTED_BUG, tempDesignDir } from './example-files.ts';
import { main } from './main.ts';

const SIMPLE = './examples/simple-design.ts';

// Every bad input is one line on stderr and exit 2, never a stack trace.
describe('explore: bad usage is one line and exit 2', () => {
  const cases: [string, string[], string | RegExp][] = [
    ['no --design', ['--depth', '2'], 'memcg-verify: explore: --design is required (a bundled design name, or a path such as ./my-design.ts)'],
    ['no --depth', ['--design', SIMPLE], 'memcg-verify: explore: --depth is required'],
    ['--depth not a number', ['--design', SIMPLE, '--depth', 'six'], 'memcg-verify: --depth must be an integer in 0..12, found "six"'],
    ['--depth too deep', ['--design', SIMPLE, '--depth', '13'], 'memcg-verify: --depth must be an integer in 0..12, found "13"'],
    ['--cpus out of range', ['--design', SIMPLE, '--depth', '1', '--cpus', '9'], 'memcg-verify: --cpus must be an integer in 1..8, found "9"'],
    ['--cgroups below the world', ['--design', SIMPLE, '--depth', '1', '--cgroups', '1'], 'memcg-verify: --cgroups must be an integer in 2..8, found "1"'],
    ['--sizes garbled', ['--design', SIMPLE, '--depth', '1', '--sizes', '8,x'], 'memcg-verify: --sizes must be 1 to 8 comma-separated sizes in 1..262144 bytes, found "8,x"'],
    ['--sizes zero', ['--design', SIMPLE, '--depth', '1', '--sizes', '0'], 'memcg-verify: --sizes must be 1 to 8 comma-separated sizes in 1..262144 bytes, found "0"'],
    ['--objects negative', ['--design', SIMPLE, '--depth', '1', '--objects=-1'], 'memcg-verify: --objects must be an integer in 0..8, found "-1"'],
    ['--seconds zero', ['--design', SIMPLE, '--depth', '1', '--seconds', '0'], 'memcg-verify: --seconds must be an integer in 1..86400, found "0"'],
    ['--max-states zero', ['--design', SIMPLE, '--depth', '1', '--max-states', '0'], 'memcg-verify: --max-states must be an integer in 1..1000000000, found "0"'],
    ['unknown property', ['--design', SIMPLE, '--depth', '1', '--property', 'tidiness'], /^memcg-verify: unknown property "tidiness"; properties: refinement, conservation, .*objection-1-refs/],
    ['unknown design', ['--design', 'v9.99', '--depth', '1'], /^memcg-verify: unknown design "v9\.99"; bundled designs: /],
    ['unknown flag', ['--design', SIMPLE, '--fast'], /^memcg-verify: explore: unknown option --fast; expected one of: --design, --depth, /],
    ['flag without its value', ['--design'], 'memcg-verify: explore: --design needs a value'],
    ['boolean flag with a value', ['--design', SIMPLE, '--depth', '1', '--json=yes'], 'memcg-verify: explore: --json takes no value'],
    ['a positional', ['--design', SIMPLE, '--depth', '1', 'extra'], 'memcg-verify: explore: expected no positional arguments (use --design NAME|FILE --depth D), found "extra"'],
  ];

  it.each(cases)('%s', async (_, argv, message) => {
    const io = fakeIO(REPO);
    expect(await main(['explore', ...argv], io)).toBe(2);
    expect(io.stderr).toHaveLength(1);
    if (typeof message === 'string') expect(io.stderr[0]).toBe(message);
    else expect(io.stderr[0]).toMatch(message);
    expect(io.stderr[0]).not.toMatch(/\n\s+at /);
  });
});

describe('explore: runs', () => {
  it('--help lists every option', async () => {
    const io = fakeIO(REPO);
    expect(await main(['explore', '--help'], io)).toBe(0);
    expect(io.text()).toMatch(/^usage: memcg-verify explore --design NAME\|FILE --depth D \[options\]/);
    for (const f of ['--cpus', '--cgroups', '--sizes', '--objects', '--symmetry', '--json']) expect(io.text()).toContain(f);
  });

  it('a correct design: exit 0, text report', async () => {
    const io = fakeIO(REPO, true);
    expect(await main(['explore', '--design', SIMPLE, '--depth', '2', '--sizes', '8,4097'], io)).toBe(0);
    expect(io.text()).toMatch(/^explore simple: depth 2 completed of 2/);
    expect(io.text()).toContain('sizes 8,4097');
    expect(io.text()).toContain('no check violated up to depth 2');
    expect(io.errText()).toContain('explore simple: depth'); // progress on a terminal
  });

  it('a violated objection: JSON with the shortest trace and its token; exit 0 where the verdict table says it fails', async () => {
    const io = fakeIO(REPO);
    const code = await main(['explore', '--design', 'sketch-2019', '--depth', '1', '--property', 'objection-3-large-objects', '--json', '--max-states', '100000'], io);
    const j = JSON.parse(io.text()) as { violations: { check: string; length: number; expected: boolean; replay: string; actions: string[] }[]; depthCompleted: number };
    expect(j.violations.map((v) => [v.check, v.length, v.expected])).toEqual([['large-charge-exact', 1, true]]);
    expect(decodeToken(j.violations[0]!.replay).actions).toEqual(j.violations[0]!.actions);
    expect(code).toBe(0);
  });

  it("an undocumented violation (the README's broken example): exit 1", async () => {
    const tmp = tempDesignDir();
    try {
      const broken = tmp.write('broken.ts', exampleText(PLANTED_BUG));
      const io = fakeIO(tmp.dir);
      const code = await main(['explore', '--design', broken, '--depth', '1', '--property', 'conservation', '--json'], io);
      const j = JSON.parse(io.text()) as { violations: { check: string; length: number; expected: boolean }[] };
      expect(j.violations.map((v) => [v.check, v.length, v.expected])).toEqual([['conservation', 1, false]]);
      expect(code).toBe(1);
    } finally {
      tmp.remove();
    }
  });

  it('--stop-when-found: stops in the level where the last check is violated; the trace is still the shortest', async () => {
    const io = fakeIO(REPO);
    const code = await main(['explore', '--design', 'v6.18', '--depth', '4', '--property', 'failed-charge', '--stop-when-found', '--json'], io);
    const j = JSON.parse(io.text()) as { violations: { check: string; length: number; proven: boolean }[]; depthCompleted: number; stopped: string };
    expect([j.stopped, j.depthCompleted]).toEqual(['all-violated', 1]);
    expect(j.violations.map((v) => [v.length, v.proven])).toEqual([[2, true]]);
    expect(code).toBe(0); // v6.18 is documented to fail failed-charge
  });

  it('limits and options: 1 CPU, no teardown, symmetry, time limit', async () => {
    const io = fakeIO(REPO);
    expect(await main(['explore', '--design', SIMPLE, '--depth', '1', '--cpus', '1', '--no-teardown', '--symmetry', '--seconds', '60', '--cgroups', '2', '--levels', '1', '--objects', '1', '--users', '0'], io)).toBe(0);
    expect(io.text()).toContain('symmetry: off: 1 CPU(s)');
    expect(io.text()).toMatch(/\d+ states, \d+ transitions, 0 teardowns/);
  });
});
