import { describe, expect, it } from 'vitest';
import { findBundledDesign } from '../designs/index.ts';
import { OBJECTIONS } from '../../properties/objections/index.ts';
import { OBJECTION_DEFAULTS, checkObjection } from '../../properties/objections/run.ts';
import { fakeIO } from './fake-io.ts';
import { run } from './replay.ts';
import { main } from './main.ts';
import { encodeToken } from '../../properties/replay-token.ts';

describe('replay of an objection token', () => {
  // Why this test? Objection counterexamples print tokens too; replay must
  // find objection properties and their documented verdicts, not only the
  // core ones.
  it('re-runs the sketch objection-3 counterexample exactly, documented as failing: exit 0', async () => {
    const o = OBJECTIONS.find((x) => x.id === 3)!;
    const { result } = checkObjection(o, findBundledDesign('sketch-2019')!, { seed: OBJECTION_DEFAULTS.seed, runs: OBJECTION_DEFAULTS.runs });
    const cx = result.counterexample!;
    const io = fakeIO(process.cwd());
    expect(await run([cx.replay], io)).toBe(0);
    const out = io.text();
    expect(out).toContain('property objection-3-large-objects (documented: fails)');
    expect(out).toContain(`  1. ${cx.trace[0]}`);
    expect(out).toContain(`=> ${cx.failure.invariant} violated at step ${cx.failure.step}: ${cx.failure.message}`);
  });
});

describe('replay of an explorer token (the calls travel in the token)', () => {
  const token = (actions: string[]) =>
    encodeToken({ design: 'sketch-2019', property: 'conservation', seed: 0, path: '', replayPath: '', nrCpus: 2, maxCommands: actions.length, actions });

  it('runs the calls and the teardown, prints the state after each step', async () => {
    const io = fakeIO(process.cwd());
    expect(await run([token(['cpu0/t0: kmem_cache_alloc_bulk(A, 8, 2, fail=[1])'])], io)).toBe(0);
    expect(io.text()).toContain('  1. cpu0/t0: kmem_cache_alloc_bulk(A, 8, 2, fail=[1]) -> (allocator failed)');
    expect(io.text()).toContain('cpu0: page stock [A:31p] obj stock [A:4088B]');
    expect(io.text()).toContain('=> conservation violated at step 1: A: usage 32 pages');
  });

  it('a call that does not apply is one line and exit 2', async () => {
    const io = fakeIO(process.cwd());
    expect(await main(['replay', token(['cpu1/t0: kmem_cache_alloc(A, 8)'])], io)).toBe(2);
    expect(io.errText()).toBe("memcg-verify: replay token's calls do not apply: line 1: t0 runs on cpu0, not cpu1");
  });
});
