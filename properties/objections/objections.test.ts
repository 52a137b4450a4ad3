/*
 * The objections, pinned: every verdict of every objection x bundled
 * design, the exact shrunk trace of every failing cell (with the defaults
 * `memcg-verify objections` uses, so a fresh clone prints the same), and
 * the minimality of the sketch's traces.
 */

import { describe, expect, it } from 'vitest';
import { bundledDesigns, findBundledDesign } from '../../src/designs/index.ts';
import { defaultWorld } from '../../src/config.ts';
import { execute } from '../runner.ts';
import { formatAction } from '../commands/index.ts';
import { EXPECTED } from './expected.ts';
import { OBJECTIONS, findObjectionProperty, objection1, objection2, objection3 } from './index.ts';
import { OBJECTION_DEFAULTS, checkObjection } from './run.ts';
import { firstFailing } from './small-scope.ts';
import { costTable, measureRow } from './cost-table.ts';

const D = OBJECTION_DEFAULTS;

/** The generated part of each failing cell's shrunk trace, and the check that fails. */
const TRACES: Record<string, { trace: string[]; check: string }> = {
  '1 sketch-2019': { trace: ['cpu0/t0: kmem_cache_alloc(A, 1) -> o1'], check: 'freed-when-unreferenced' },
  '1 roman-v1-2019': { trace: ['cpu0/t0: alloc_pages(A, order=1) -> p1', 'split_page(p1) -> p1 p2'], check: 'freed-when-unreferenced' },
  '2 sketch-2019': {
    trace: ['cpu1/t1: kmem_cache_alloc(B, 1) -> o1', 'cpu0: kmem_cache_free(o1)', 'cpu0/t0: alloc_pages(A, order=0) -> p1', 'cpu0/t0: kmem_cache_alloc(A, 1) -> o2'],
    check: 'switch-cost-bound',
  },
  '2 roman-v1-2019': {
    trace: [
      'cpu1/t1: alloc_pages(B, order=0) -> p1',
      'cpu_down(cpu0) -> t0->cpu1',
      'cpu1/t0: kmem_cache_alloc(A, 1) -> o1',
      'cpu1/t1: kmem_cache_alloc(B, 1) -> o2',
    ],
    check: 'switch-cost-bound',
  },
  '2 v5.10': {
    trace: ['cpu1/t1: kmem_cache_alloc(B, 4096) -> o1', 'cpu0: kmem_cache_free(o1)', 'cpu0/t0: alloc_pages(A, order=0) -> p1', 'cpu0/t0: kmem_cache_alloc(A, 1) -> o2'],
    check: 'switch-cost-bound',
  },
  '3 sketch-2019': { trace: ['cpu0/t0: kmem_cache_alloc_bulk(A, 4095, 2) -> o1 o2'], check: 'large-charge-exact' },
};
TRACES['2 v6.18'] = TRACES['2 v5.10']!;

describe(`objections x bundled designs (seed: ${D.seed}, runs: ${D.runs})`, () => {
  for (const o of OBJECTIONS)
    for (const design of bundledDesigns) {
      const want = EXPECTED[o.id][design.info.name];
      if (!want) continue;
      it(`objection ${o.id} ${want.verdict} on ${design.info.name}`, () => {
        const { result } = checkObjection(o, design, { seed: D.seed, runs: D.runs });
        expect(result.verdict).toBe(want.verdict);
        const cx = result.counterexample;
        if (want.verdict === 'holds') {
          expect(cx).toBeNull();
          expect(result.runs).toBe(D.runs);
          return;
        }
        const pinned = TRACES[`${o.id} ${design.info.name}`]!;
        expect(cx!.trace.slice(0, cx!.length)).toEqual(pinned.trace);
        expect(cx!.length).toBe(want.length);
        expect(cx!.failure.invariant).toBe(pinned.check);
        expect(want.fixedBy).toMatch(/\(v\d+\.\d+\)/);
      });
    }
});

describe('the messages say what failed, in kernel terms', () => {
  it('objection 3 on the sketch: the unsigned wrap sends the counter below zero', () => {
    const { result } = checkObjection(objection3Def(), findBundledDesign('sketch-2019')!, { seed: D.seed, runs: D.runs });
    expect(result.counterexample!.failure.message).toBe("memcg A's counter went below zero: -1048574 pages");
  });
  it('objection 2 on the sketch: a page_counter update despite 126976 pre-charged bytes', () => {
    const { result } = checkObjection(OBJECTIONS[1]!, findBundledDesign('sketch-2019')!, { seed: D.seed, runs: D.runs });
    expect(result.counterexample!.failure.message).toBe(
      'a 1-byte charge for A on cpu0, whose byte stock cached objcg B while cpu0 held 126976 pre-charged bytes for A, made 2 page_counter update(s) (bound 0): pageCounter +2, objcgBytes +2, refAtomics +0, stockDrains +2, stockRefills +2',
    );
  });
});

function objection3Def() {
  return OBJECTIONS[2]!;
}

describe('minimality of the sketch traces', () => {
  const sketch = findBundledDesign('sketch-2019')!;
  const world = defaultWorld(D.nrCpus);

  // Why this test? The sketch fails objections 1 and 3 with one step; a
  // shorter trace has no step at all, and the empty run (teardown only)
  // must hold, so one step is minimal.
  it('0 steps cannot fail objection 1 or 3 (so the one-step traces are minimal)', () => {
    expect(execute(sketch, world, objection1, [], false).failure).toBeNull();
    expect(execute(sketch, world, objection3, [], false).failure).toBeNull();
  });

  // Why this test? The situation needs the CPU's page stock to hold pages of
  // X while its byte stock caches Y: a charge of X on that CPU and a charge
  // or free of Y there, and Y's task runs on the other CPU, so Y needs one
  // more step (an object to free, a user to take, a move). Enumeration over
  // the small scope confirms: no sequence of 3 steps fails, one of 4 does.
  it('no sequence of at most 3 steps fails objection 2, and a 4-step one does', () => {
    const three = firstFailing(sketch, world, objection2, 3, [1, 4097]);
    expect(three.seq).toBeNull();
    expect(three.sequences).toBeGreaterThan(5000);
    const four = firstFailing(sketch, world, objection2, 4, [1, 4097]);
    expect(four.seq!.map(formatAction)).toEqual([
      'cpu0/t0: kmem_cache_alloc(A, 1)',
      'cgroup_attach_task(B, t0)',
      'cpu0/t0: alloc_pages(B, order=0)',
      'cpu0/t0: kmem_cache_alloc(B, 1)',
    ]);
  });
});

describe('cost table (k cgroups taking turns on one CPU)', () => {
  it('has a row for every k and size on every bundled design', () => {
    for (const d of bundledDesigns) expect(costTable(d)?.map((r) => `${r.size}:${r.k}`)).toEqual(['small:1', 'small:2', 'small:4', 'small:8', 'large:1', 'large:2', 'large:4', 'large:8']);
  });
  it('one cgroup alone touches nothing shared with small objects; two make the sketch flush both stocks', () => {
    const sketch = findBundledDesign('sketch-2019')!;
    expect(measureRow(sketch, 1, 'small')!.perCharge.total).toBe(0);
    expect(measureRow(sketch, 2, 'small')!.perCharge).toEqual({ pageCounter: 0.5, objcgBytes: 2, refAtomics: 0, stockDrains: 2, stockRefills: 2, total: 6.5 });
  });
  it('v6.18 keeps the page counter out of small switches until more than 7 memcgs share the CPU', () => {
    const v618 = findBundledDesign('v6.18')!;
    expect(measureRow(v618, 4, 'small')!.perCharge.pageCounter).toBe(0);
    expect(measureRow(v618, 8, 'small')!.perCharge.pageCounter).toBeGreaterThan(0);
  });
  // Why this test? It is what the NR_OBJ_STOCK series is for: up to five
  // cgroups taking turns keep their object-stock slots, so a switch touches
  // nothing shared where v6.18 drains and refills its single slot. With six
  // in a fixed turn order, round-robin eviction (v2/v3 of the series) always
  // evicts the next cgroup to come: exactly v6.18's cost again.
  it('v6.18+objstock5 touches nothing shared for up to 5 cgroups, and costs what v6.18 does from the sixth', () => {
    const v618 = findBundledDesign('v6.18')!;
    const five = findBundledDesign('v6.18+objstock5')!;
    const none = { pageCounter: 0, objcgBytes: 0, refAtomics: 0, stockDrains: 0, stockRefills: 0, total: 0 };
    for (const size of ['small', 'large'] as const) {
      expect(measureRow(v618, 4, size)!.perCharge).toEqual({ pageCounter: 0, objcgBytes: 2, refAtomics: 0, stockDrains: 1, stockRefills: 1, total: 4 });
      expect(measureRow(five, 4, size)!.perCharge).toEqual(none);
      expect(measureRow(five, 5, size)!.perCharge).toEqual(none);
      expect(measureRow(five, 6, size)!.perCharge).toEqual(measureRow(v618, 6, size)!.perCharge);
      expect(measureRow(five, 8, size)!.perCharge).toEqual(measureRow(v618, 8, size)!.perCharge);
    }
  });
});

describe('naming', () => {
  it('finds each objection property by its replay name', () => {
    expect(findObjectionProperty('objection-1-refs')).toBe(objection1);
    expect(findObjectionProperty('objection-2-switch-cost')).toBe(objection2);
    expect(findObjectionProperty('objection-3-large-objects')).toBe(objection3);
    expect(findObjectionProperty('refinement')).toBeUndefined();
  });
});
