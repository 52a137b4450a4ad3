/*
 * Why this test? An invariant that never fails proves nothing. Each
 * invariant here is shown failing on a planted bug of the example design
 * (examples/simple-design.ts, one `bugs.has(...)` line each), and the shrunk
 * counterexample is pinned exactly, like fast-check's own
 * CommandsArbitrary.spec.ts pins 'inc[1],check[1]'.
 */

import { describe, expect, it } from 'vitest';
import { simpleDesign, SIMPLE_BUGS, type SimpleBug } from '../examples/simple-design.ts';
import { findProperty } from './properties.ts';
import { checkProperty } from './runner.ts';
import type { InvariantName } from './invariants.ts';

const SEED = 1;
const OPTS = { seed: SEED, numRuns: 300, maxCommands: 60, nrCpus: 2 } as const;

interface Pin {
  readonly bug: SimpleBug;
  readonly invariant: InvariantName;
  readonly trace: readonly string[];
  readonly message: string;
}

const PINS: readonly Pin[] = [
  {
    bug: 'charge-hit-keeps-leftover',
    invariant: 'conservation',
    trace: ['cpu0/t0: kmem_cache_alloc(A, 1) -> o1', 'cpu0/t0: kmem_cache_alloc(A, 1) -> o2'],
    message: 'A: usage 1 pages = 4096 bytes, expected 2 bytes of live objects + 4095 pre-charged (objcg A leftover 4095) = 4097',
  },
  {
    bug: 'free-keeps-pages',
    invariant: 'precharge-bound',
    trace: ['cpu0/t0: kmem_cache_alloc(A, 1) -> o1', 'cpu0: kmem_cache_free(o1)'],
    message: 'objcg A leftover holds 4096 bytes, bound 4095',
  },
  {
    bug: 'page-free-uncharges-extra',
    invariant: 'counters-nonneg',
    trace: ['cpu0/t0: alloc_pages(A, order=0) -> p1', 'cpu0: __free_pages(p1)'],
    message: 'memcg root usage is -1 pages',
  },
  {
    bug: 'charge-ignores-max',
    invariant: 'counters-within-max',
    trace: ['cpu0: memory_max_write(A, 0)', 'cpu0/t0: kmem_cache_alloc(A, 1) -> o1'],
    message: 'memcg A grew from 0 to 1 pages, above max 0, without a forced charge',
  },
  {
    bug: 'user-put-twice',
    invariant: 'no-warnings',
    trace: [
      'cpu0/t0: get_obj_cgroup_from_current(A) -> u1',
      'obj_cgroup_put(u1)',
      'do_exit(t0)',
      'do_exit(t1)',
      'cpu0: cgroup_rmdir(B)',
      'cpu0: cgroup_rmdir(A)',
    ],
    message:
      'WARNING in percpu_ref_switch_to_atomic_rcu (simple): percpu ref (objcg A) <= 0 (-1) after switching to atomic; ' +
      'WARNING in percpu_ref_put_many (simple): objcg A: reference count underflow (-1)',
  },
  {
    bug: 'bulk-skips-ref',
    invariant: 'objcg-refs',
    trace: ['cpu0/t0: kmem_cache_alloc_bulk(A, 1, 2) -> o1 o2'],
    message: 'obj_cgroup A has 2 reference(s), expected 3: initial reference (memcg->objcg), live slab objects x2',
  },
  {
    bug: 'rmdir-keeps-css',
    invariant: 'memcg-refs',
    trace: ['do_exit(t0)', 'do_exit(t1)', 'cpu0: cgroup_rmdir(B)'],
    message: 'memcg B lingers: offline, not freed, 1 reference(s), and nothing holds it',
  },
  {
    bug: 'no-reparent',
    invariant: 'ownership',
    trace: [
      'cpu0/t0: kmem_cache_alloc(A, 1) -> o1',
      'cgroup_attach_task(B, t0)',
      'cpu0: cgroup_rmdir(A)',
    ],
    message: 'o1 (charged for A) is charged to A, expected the nearest live ancestor root',
  },
  {
    bug: 'enomem-leaks-charge',
    invariant: 'failed-charge',
    trace: ['cpu0: memory_max_write(A, 0)', 'cpu0/t0: kmem_cache_alloc(A, 1) -> -ENOMEM'],
    message: '-ENOMEM, yet memcg root grew from 0 to 1 pages',
  },
  {
    bug: 'rmdir-keeps-objcg',
    invariant: 'quiescence',
    trace: ['do_exit(t0)', 'do_exit(t1)', 'cpu0: cgroup_rmdir(B)', 'cpu0: cgroup_rmdir(A)', 'cpu0: drain_all_stock(root)', 'cpu0: drain_all_stock(root)'],
    message: 'obj_cgroup A is not released (1 reference(s), memcg root)',
  },
];

describe(`planted bugs are caught, one per invariant (seed: ${SEED})`, () => {
  it('every invariant has a planted bug', () => {
    expect(PINS.map((p) => p.invariant).sort()).toEqual([...new Set(PINS.map((p) => p.invariant))].sort());
    expect(PINS.map((p) => p.bug).sort()).toEqual([...SIMPLE_BUGS].sort());
  });

  for (const pin of PINS) {
    it(`${pin.invariant} catches ${pin.bug}`, () => {
      const r = checkProperty(simpleDesign(new Set([pin.bug])), findProperty(pin.invariant)!, OPTS);
      expect(r.verdict).toBe('fails');
      const cx = r.counterexample!;
      expect(cx.failure.invariant).toBe(pin.invariant);
      expect(cx.trace).toEqual(pin.trace);
      expect(cx.failure.message).toBe(pin.message);
    });
  }

  it('the correct design passes the same budget on every invariant', () => {
    const r = checkProperty(simpleDesign(), findProperty('refinement')!, OPTS);
    expect(r.verdict).toBe('holds');
    expect(r.runs).toBe(300);
  });
});
