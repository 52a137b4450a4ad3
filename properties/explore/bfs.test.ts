/*
 * Why this test? An explorer that skips a state or merges two different
 * ones reports "no violation" with confidence. Each planted bug of the
 * example design is found here with its shortest trace, pinned exactly;
 * the search is breadth-first, so the pinned depth is also proof that no
 * shorter trace violates the invariant in this scope. The correct design
 * is explored with its state counts pinned per level, so any change to
 * enumeration or deduplication shows up as a changed number.
 */

import { describe, expect, it } from 'vitest';
import { simpleDesign, type SimpleBug } from '../../examples/simple-design.ts';
import { formatAction } from '../commands/index.ts';
import type { InvariantName } from '../invariants.ts';
import { findProperty } from '../properties.ts';
import { checkProperty } from '../runner.ts';
import { explore } from './bfs.ts';
import { DEFAULT_SCOPE } from './scope.ts';

interface Pin {
  readonly bug: SimpleBug;
  readonly invariant: InvariantName;
  readonly depth: number;
  readonly inTeardown: boolean;
  readonly trace: readonly string[];
}

const PINS: readonly Pin[] = [
  { bug: 'charge-hit-keeps-leftover', invariant: 'conservation', depth: 2, inTeardown: false, trace: ['cpu0/t0: kmem_cache_alloc(A, 8)', 'cpu0/t0: kmem_cache_alloc(A, 8)'] },
  { bug: 'free-keeps-pages', invariant: 'precharge-bound', depth: 1, inTeardown: true, trace: ['cpu0/t0: kmem_cache_alloc(A, 8)'] },
  { bug: 'page-free-uncharges-extra', invariant: 'counters-nonneg', depth: 1, inTeardown: true, trace: ['cpu0/t0: alloc_pages(A, order=0)'] },
  { bug: 'charge-ignores-max', invariant: 'counters-within-max', depth: 2, inTeardown: false, trace: ['cpu0: memory_max_write(A, 0)', 'cpu0/t0: kmem_cache_alloc(A, 8)'] },
  { bug: 'user-put-twice', invariant: 'no-warnings', depth: 1, inTeardown: true, trace: ['cpu0/t0: get_obj_cgroup_from_current(A)'] },
  { bug: 'bulk-skips-ref', invariant: 'objcg-refs', depth: 1, inTeardown: false, trace: ['cpu0/t0: kmem_cache_alloc_bulk(A, 8, 2)'] },
  { bug: 'rmdir-keeps-css', invariant: 'memcg-refs', depth: 0, inTeardown: true, trace: [] },
  { bug: 'no-reparent', invariant: 'ownership', depth: 3, inTeardown: false, trace: ['cpu0/t0: kmem_cache_alloc(A, 8)', 'cgroup_attach_task(B, t0)', 'cpu0: cgroup_rmdir(A)'] },
  { bug: 'enomem-leaks-charge', invariant: 'failed-charge', depth: 2, inTeardown: false, trace: ['cpu0: memory_max_write(A, 0)', 'cpu0/t0: kmem_cache_alloc(A, 8)'] },
  { bug: 'rmdir-keeps-objcg', invariant: 'quiescence', depth: 0, inTeardown: true, trace: [] },
];

describe('explore: planted bugs, shortest traces by construction', () => {
  for (const pin of PINS) {
    it(`${pin.invariant} catches ${pin.bug} at depth ${pin.depth}`, () => {
      const r = explore(simpleDesign(new Set([pin.bug])), { depth: pin.depth, properties: [findProperty(pin.invariant)!] });
      expect(r.violations.map((v) => v.check)).toEqual([pin.invariant]);
      const v = r.violations[0]!;
      expect(v.depth).toBe(pin.depth);
      expect(v.proven).toBe(true);
      expect(v.inTeardown).toBe(pin.inTeardown);
      expect(v.actions.map(formatAction)).toEqual(pin.trace);
      expect(r.depthCompleted).toBe(pin.depth);
    });
  }

  it('the random runner, after its 1-minimising pass, reports the same lengths', () => {
    for (const pin of PINS.filter((p) => p.bug !== 'no-reparent')) {
      const r = checkProperty(simpleDesign(new Set([pin.bug])), findProperty(pin.invariant)!, { seed: 1, numRuns: 300, maxCommands: 60, nrCpus: 2 });
      expect([pin.bug, r.counterexample?.length]).toEqual([pin.bug, pin.depth]);
    }
  });

  // Why this test? fast-check's shrinking stops in local minima. For
  // no-reparent with seed 1 it ends at a 4-step trace through a kernel user
  // (userGet, attach, userCharge, rmdir) that no single drop or lowering
  // shortens; the final pass replaces the user's get and charge by one slab
  // allocation and reaches the 3 steps the explorer proves shortest.
  it('no-reparent: the runner reaches the shortest, 3 steps, from fast-check\'s 4', () => {
    const r = checkProperty(simpleDesign(new Set(['no-reparent'])), findProperty('ownership')!, { seed: 1, numRuns: 300, maxCommands: 60, nrCpus: 2 });
    const s = explore(simpleDesign(new Set(['no-reparent'])), { depth: 3, properties: [findProperty('ownership')!], stopWhenAllViolated: true });
    expect([r.counterexample?.shrunkLength, r.counterexample?.length, s.violations[0]?.depth]).toEqual([4, 3, 3]);
  });
});

describe('explore: the correct example design', () => {
  const r = explore(simpleDesign(), { depth: 3, exactKeys: true });

  it('reaches depth 3 with no violation', () => {
    expect(r.depthCompleted).toBe(3);
    expect(r.stopped).toBeNull();
    expect(r.violations).toEqual([]);
  });

  it('pins the states and transitions of every level', () => {
    expect(r.levels.map((l) => [l.depth, l.states, l.transitions])).toEqual([
      [0, 1, 0],
      [1, 35, 57],
      [2, 739, 1946],
      [3, 9639, 36182],
    ]);
    expect(r.states).toBe(10414);
    expect(r.teardowns).toBe(10414);
    expect(r.branching).toBe('clone');
  });

  it('gives the same states with fingerprints and by re-execution instead of clones', () => {
    const f = explore(simpleDesign(), { depth: 2 });
    const replay = explore(simpleDesign(), { depth: 2, useClone: false });
    expect(f.levels.map((l) => l.states)).toEqual(r.levels.slice(0, 3).map((l) => l.states));
    expect(replay.levels.map((l) => l.states)).toEqual(f.levels.map((l) => l.states));
    expect(replay.branching).toBe('replay');
    expect(f.collisionBound).toBeGreaterThan(0);
    expect(r.collisionBound).toBe(0);
  });

  it('reports the worst pre-charge reached and the shortest trace to it', () => {
    expect(r.precharge.perCpu.bytes).toBe(0);
    expect(r.precharge.perHolder.bytes).toBe(4095);
    expect(r.precharge.perHolder.actions.map(formatAction)).toEqual(['cpu0/t0: kmem_cache_alloc(A, 4097)']);
  });

  it('stops at a state limit and says how deep it got', () => {
    const s = explore(simpleDesign(), { depth: 3, maxStates: 800 });
    expect(s.stopped).toBe('max-states');
    expect(s.depthCompleted).toBe(2);
    expect(s.states).toBeGreaterThanOrEqual(800);
    const t = explore(simpleDesign(), { depth: 3, maxMs: 0 });
    expect(t.stopped).toBe('time');
  });

  it('stops once every check is violated when asked', () => {
    const s = explore(simpleDesign(new Set(['rmdir-keeps-objcg'])), { depth: 3, properties: [findProperty('quiescence')!], stopWhenAllViolated: true });
    expect(s.stopped).toBe('all-violated');
    expect(s.depthCompleted).toBe(0);
  });

  it('stops in the middle of a level once the last check is violated, the violation still proven shortest', () => {
    const bug = simpleDesign(new Set(['charge-hit-keeps-leftover']));
    const conservation = [findProperty('conservation')!];
    const all = explore(bug, { depth: 2, properties: conservation });
    const s = explore(bug, { depth: 3, properties: conservation, stopWhenAllViolated: true });
    expect([s.stopped, s.depthCompleted]).toEqual(['all-violated', 1]);
    expect(s.violations.map((v) => [v.check, v.depth, v.proven])).toEqual([['conservation', 2, true]]);
    expect(s.transitions).toBeLessThan(all.transitions);
  });
});

describe('explore: CPU symmetry', () => {
  it('merges mirror images, and finds the same shortest traces', () => {
    const exact = explore(simpleDesign(), { depth: 2 });
    const sym = explore(simpleDesign(), { depth: 2, symmetry: true });
    expect(sym.symmetry.used).toBe(true);
    expect(sym.states).toBeLessThan(exact.states);
    const bug = explore(simpleDesign(new Set(['charge-hit-keeps-leftover'])), { depth: 2, symmetry: true, properties: [findProperty('conservation')!] });
    expect(bug.violations[0]?.depth).toBe(2);
  });

  it('is not used with other than 2 CPUs', () => {
    const r = explore(simpleDesign(), { depth: 1, symmetry: true, scope: { ...DEFAULT_SCOPE, nrCpus: 3 } });
    expect(r.symmetry.used).toBe(false);
    expect(r.symmetry.note).toMatch(/3 CPU/);
  });
});
