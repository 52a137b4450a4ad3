import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { fakeIO } from './fake-io.ts';
import { exampleText, PLANTED_BUG, tempDesignDir } from './example-files.ts';
import { STORE_PATH } from './failure-store.ts';

const SEED = 7;

describe(`deep (seed: ${SEED})`, () => {
  const tmp = tempDesignDir();
  const good = tmp.write('design.ts', exampleText());
  const broken = tmp.write('broken.ts', exampleText(PLANTED_BUG));
  afterAll(() => tmp.remove());

  it('stops by itself after --runs sequences per property, printing each round seed (exit 0)', async () => {
    const io = fakeIO(tmp.dir);
    expect(await main(['deep', '--design', good, '--runs', '30', '--steps', '20', '--seed', String(SEED), '--no-worker'], io)).toBe(0);
    const lines = io.text().split('\n');
    expect(lines[0]).toBe('deep: page-per-object x 11 properties, sequences of up to 20 steps, 2 CPUs; stops after 30 sequences per property');
    expect(lines[1]).toMatch(/^round 1, seed 7: 330 sequences, \d+ steps, \d+\.\ds so far; no new failure$/);
    expect(lines.filter((l) => l.startsWith('round '))).toHaveLength(1);
    expect(lines.at(-1)).toBe('11 verdicts: 11 hold, 0 fail; all as documented');
  });

  it('a failure leaves the rounds, is printed in full and saved in the store (exit 1)', async () => {
    const io = fakeIO(tmp.dir);
    expect(await main(['deep', '--design', broken, '--runs', '30', '--steps', '20', '--seed', String(SEED), '--no-worker'], io)).toBe(1);
    const text = io.text();
    expect(text).toMatch(/^round 1, seed 7: \d+ sequences, \d+ steps, \d+\.\ds so far; failed: page-per-object\/refinement, page-per-object\/conservation$/m);
    expect(text).toContain('page-per-object / conservation: FAILS, not as documented, 1 step');
    expect(text.split('\n').at(-1)).toBe('11 verdicts: 9 hold, 2 fail; 2 not as documented (marked !)');
    const store = JSON.parse(readFileSync(join(tmp.dir, STORE_PATH), 'utf8'));
    expect(Object.keys(store.failures['./broken.ts']).sort()).toEqual(['conservation', 'refinement']);
  });

  it('--minutes: at least one round, then it stops at the deadline', async () => {
    const io = fakeIO(tmp.dir);
    expect(await main(['deep', '--design', good, '--minutes', '0.00001', '--steps', '10', '--seed', String(SEED), '--no-worker', '--no-store'], io)).toBe(0);
    const lines = io.text().split('\n');
    expect(lines[0]).toBe('deep: page-per-object x 11 properties, sequences of up to 10 steps, 2 CPUs; stops after 0.00001 minutes');
    expect(lines.filter((l) => l.startsWith('round '))).toEqual([expect.stringMatching(/^round 1, seed 7: 5500 sequences, /)]);
  });

  it('without --seed the first seed is fresh and printed', async () => {
    const io = fakeIO(tmp.dir);
    expect(await main(['deep', '--design', good, '--runs', '5', '--steps', '5', '--no-worker', '--no-store'], io)).toBe(0);
    expect(io.text().split('\n')[1]).toMatch(/^round 1, seed \d+: 55 sequences, /);
  });
});
