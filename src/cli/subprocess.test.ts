import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exampleText, PLANTED_BUG, REPO, tempDesignDir } from './example-files.ts';

// The real executable: exit codes, stdout/stderr separation, stdin scripts,
// and TypeScript designs loaded at run time in worker threads.
const BIN = join(REPO, 'bin', 'memcg-verify.mjs');

function cli(args: string[], cwd: string, input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, input, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('memcg-verify as a process', () => {
  const tmp = tempDesignDir();
  const broken = tmp.write('broken.ts', exampleText(PLANTED_BUG));
  const good = tmp.write('design.ts', exampleText());
  afterAll(() => tmp.remove());

  it('check of the one-line-broken README example exits 1; its replay token replays in a new process', () => {
    const check = cli(['check', '--design', broken, '--runs', '40', '--steps', '20', '--no-store', '--json'], tmp.dir);
    expect(check.code).toBe(1);
    expect(check.err).toBe(''); // not a terminal: no progress
    const cons = JSON.parse(check.out).results.find((r: { property: string }) => r.property === 'conservation');
    expect(cons.counterexample.trace).toEqual(['cpu0/t0: kmem_cache_alloc_bulk(A, 1, 2, fail=[0]) -> o2']);
    const replay = cli(['replay', cons.counterexample.replay, '--json'], tmp.dir);
    expect(replay.code).toBe(1);
    const doc = JSON.parse(replay.out);
    expect(doc.steps.map((s: { call: string }) => s.call)).toEqual(cons.counterexample.trace);
    expect(doc.failure).toEqual(cons.counterexample.failure);
    expect(Object.keys(doc.steps[0])).toEqual(['n', 'call', 'teardown', 'state']);
    expect(Object.keys(doc.steps[0].state)).toEqual(['memcgs', 'objcgs', 'cpus', 'tasks', 'precharged', 'warnings', 'forcedCharge']);
  });

  it('bad flag values: one line on stderr, exit 2', () => {
    const r = cli(['check', '--design', good, '--runs', 'abc'], tmp.dir);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe('memcg-verify: --runs must be a positive integer, found "abc"\n');
  });

  it('run - reads the script from stdin', () => {
    const r = cli(['run', '--design', good, '-'], tmp.dir, 'cpu1/t1: kmem_cache_alloc(B, 92)\ncpu0: kmem_cache_free(o1)\n');
    expect(r.code).toBe(0);
    expect(r.out).toContain('  1. cpu1/t1: kmem_cache_alloc(B, 92) -> o1   [line 1]');
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('2 script steps: every invariant held after every step');
    expect(r.err).toBe('');
  });
});
