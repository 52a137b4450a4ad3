import { afterAll, describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { fakeIO } from './fake-io.ts';
import { exampleText, tempDesignDir } from './example-files.ts';

// A design that throws or hangs is reported as a design error at a step,
// with the trace up to that step: exit 2, one line on stderr, no crash.
const THROWS = {
  line: '    slabFree(_cpu, objs) {',
  broken: "    slabFree(_cpu, objs) {\n      if (objs.length > 1) throw new Error('bulk free not supported');",
};
const HANGS = {
  line: '    pagesSplit(page, parts) {',
  broken: '    pagesSplit(page, parts) {\n      for (;;) {}',
};
const THROWS_ON_SPLIT = { line: HANGS.line, broken: "    pagesSplit(page, parts) {\n      throw new Error('split not supported');" };
const BAD_SNAPSHOT = { line: '    snapshot(): DesignState {', broken: '    snapshot(): DesignState {\n      if (objcgs.length) return { memcgs: [] } as unknown as DesignState;' };

const SEED = 1;

describe(`design errors (seed: ${SEED})`, () => {
  const tmp = tempDesignDir();
  const throws = tmp.write('throws.ts', exampleText(THROWS));
  const hangs = tmp.write('hangs.ts', exampleText(HANGS));
  const throwsOnSplit = tmp.write('throws-on-split.ts', exampleText(THROWS_ON_SPLIT));
  const badSnapshot = tmp.write('bad-snapshot.ts', exampleText(BAD_SNAPSHOT));
  tmp.write('bulk-free.txt', 'cpu0/t0: kmem_cache_alloc(A, 8)\ncpu0/t0: kmem_cache_alloc(A, 8)\ncpu1: kmem_cache_free_bulk(o1, o2)\n');
  tmp.write('split.txt', 'cpu0/t0: alloc_pages(A, order=1)\nsplit_page(p1)\n');
  afterAll(() => tmp.remove());

  it('check: a design that throws is a design error with its trace (exit 2)', async () => {
    const io = fakeIO(tmp.dir);
    expect(await main(['check', '--design', throws, '--runs', '40', '--steps', '20', '--seed', String(SEED), '--no-worker', '--no-store'], io)).toBe(2);
    const text = io.text();
    expect(text).toMatch(/^refinement +design error \(step \d+\) +holds$/m);
    expect(text).toMatch(/^page-per-object \/ refinement: design error, \d+ steps?$/m);
    expect(text).toMatch(/^ {2}=> design error at step \d+ \(cpu\d: kmem_cache_free_bulk\(o\d+(, o\d+)+\)\): bulk free not supported$/m);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(/^memcg-verify: design page-per-object: design error at step \d+ \(cpu\d: kmem_cache_free_bulk\(o\d+(, o\d+)+\)\): bulk free not supported$/);
  });

  it('run: the steps before the throw are printed, then the design error (exit 2)', async () => {
    const io = fakeIO(tmp.dir);
    expect(await main(['run', '--design', throws, 'bulk-free.txt', '--no-worker'], io)).toBe(2);
    expect(io.text()).toContain('  2. cpu0/t0: kmem_cache_alloc(A, 8) -> o2   [line 2]');
    expect(io.text()).toContain('stopped after 2 script steps: design error at step 3 (cpu1: kmem_cache_free_bulk(o1, o2)): bulk free not supported');
    expect(io.stderr).toEqual(['memcg-verify: design page-per-object: design error at step 3 (cpu1: kmem_cache_free_bulk(o1, o2)): bulk free not supported']);
  });

  it('replay of a design error reproduces it (exit 2)', async () => {
    const first = fakeIO(tmp.dir);
    await main(['check', '--design', throws, '--runs', '40', '--steps', '20', '--seed', String(SEED), '--no-worker', '--no-store', '--json'], first);
    const cx = JSON.parse(first.text()).results[0].counterexample;
    const io = fakeIO(tmp.dir);
    expect(await main(['replay', cx.replay, '--no-worker'], io)).toBe(2);
    expect(io.text()).toContain(`  => design-error violated at step ${cx.failure.step}: ${cx.failure.message}`);
    expect(io.stderr).toEqual([`memcg-verify: design page-per-object: ${cx.failure.message}`]);
  });

  it('check: a design that never returns is stopped by the per-step time limit (exit 2)', async () => {
    const io = fakeIO(tmp.dir);
    expect(await main(['check', '--design', hangs, '--runs', '40', '--steps', '20', '--seed', String(SEED), '--step-timeout', '300', '--no-store'], io)).toBe(2);
    expect(io.stderr).toHaveLength(1);
    expect(io.stderr[0]).toMatch(/^memcg-verify: design page-per-object did not return from step \d+ \(pagesSplit\(p\d+, \[p\d+(, p\d+)+\]\)\) within 300 ms, checking [a-z-]+$/);
  });

  it('run: a design that never returns names the step of the script (exit 2)', async () => {
    const io = fakeIO(tmp.dir);
    expect(await main(['run', '--design', hangs, 'split.txt', '--step-timeout', '300'], io)).toBe(2);
    expect(io.stderr).toEqual(['memcg-verify: design page-per-object did not return from step 2 (pagesSplit(p1, [p1, p2])) within 300 ms']);
  });

  it('explore: a design that never returns is stopped by the per-call time limit (exit 2)', async () => {
    const io = fakeIO(tmp.dir);
    expect(await main(['explore', '--design', hangs, '--depth', '2', '--objects', '2', '--step-timeout', '300'], io)).toBe(2);
    expect(io.stderr).toEqual(['memcg-verify: design page-per-object did not return from step 2 (pagesSplit(p1, [p1, p2])) within 300 ms, exploring']);
  });

  it('explore: a design that throws gets its shortest trace, and the error on stderr (exit 2)', async () => {
    const io = fakeIO(tmp.dir);
    expect(await main(['explore', '--design', throwsOnSplit, '--depth', '2', '--no-teardown'], io)).toBe(2);
    expect(io.text()).toContain('design-error: violated, shortest trace 2 step(s)\n    1. cpu0/t0: alloc_pages(A, order=1) -> p1\n  => design-error violated at step 2: design error at step 2 (split_page(p1)): split not supported');
    expect(io.stderr).toEqual(['memcg-verify: design page-per-object: design error at step 2 (split_page(p1)): split not supported']);
  });

  it('a snapshot that is not a DesignState is named as such (exit 2)', async () => {
    const io = fakeIO(tmp.dir);
    expect(await main(['check', '--design', badSnapshot, '--runs', '5', '--no-worker', '--no-store'], io)).toBe(2);
    expect(io.stderr).toEqual([
      'memcg-verify: design page-per-object: snapshot() must return a DesignState (src/design.ts); missing or not an array: objcgs, cpus, tasks, precharged, warnings',
    ]);
  });
});
