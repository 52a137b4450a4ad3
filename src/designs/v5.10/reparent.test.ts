/*
 * rmdir with live objects: memcg_reparent_objcgs() on offline, later
 * frees uncharging the parent, the memcg freed with its last reference;
 * and the root special cases once an obj_cgroup is reparented to the root.
 */

import { describe, expect, it } from 'vitest';
import { P, cpu, memcg, objcg, precharged, world } from './test-world.ts';

const nested = () =>
  world({
    cgroups: [
      { name: 'P', parent: 'root' },
      { name: 'A', parent: 'P' },
    ],
    tasks: [
      { name: 't0', cgroup: 'A', cpu: 0 },
      { name: 't1', cgroup: 'P', cpu: 1 },
    ],
  });

describe('v5.10 rmdir with live objects', () => {
  it('reparents the objcg to the parent; frees uncharge the parent; A is freed with its last css reference', () => {
    const d = nested();
    d.slabAlloc('t0', ['o1'], 100, [false]);
    expect(d.pagesAlloc('t0', 'p1', 0)).toBe(true);
    expect(memcg(d.snapshot(), 'A').refs).toBe(4); // base + memcg ID + cpu0 page stock + p1

    d.taskMove('t0', 'P');
    d.rmdir(0, 'A');
    let s = d.snapshot();
    // drain_all_stock(A) flushed cpu0: 30 pages uncharged, 3996 bytes to nr_charged_bytes.
    expect(memcg(s, 'A')).toMatchObject({ online: false, freed: false, refs: 1, usage: 2 });
    expect(objcg(s, 'A')).toMatchObject({ memcg: 'P', killed: true, released: false, refs: 1, nrChargedBytes: P - 100 });
    expect(cpu(s, 0)).toMatchObject({ pageStock: [], objStock: null, workPending: false });
    expect(memcg(s, 'P').usage).toBe(2);
    expect(memcg(s, 'P').refs).toBe(4); // base + memcg ID + reparented objcg A + child A (not yet freed)
    expect(memcg(s, 'P').usage * P).toBe(100 + P + precharged(s, 'P'));

    // The kmem page still charges dead A directly (no reparenting of pages in 5.10).
    d.pagesFree(1, 'p1');
    s = d.snapshot();
    expect(cpu(s, 1).pageStock).toEqual([{ memcg: 'A', nrPages: 1 }]);
    expect(memcg(s, 'A')).toMatchObject({ freed: false, refs: 1 }); // now held by cpu1's page stock

    d.slabFree(1, ['o1']);
    s = d.snapshot();
    expect(cpu(s, 1).objStock).toEqual({ kind: 'objcg', cached: 'A', nrBytes: P });
    expect(objcg(s, 'A').refs).toBe(1);

    d.drainAllStock(1, 'P');
    s = d.snapshot();
    // drain_obj_stock: 1 page to refill_stock(P), which first drained A's slot (A's last
    // reference: freed); objcg A released; then drain_stock uncharged P's page.
    expect(memcg(s, 'A')).toMatchObject({ freed: true, refs: 0, usage: 1 });
    expect(objcg(s, 'A')).toMatchObject({ released: true, refs: 0, nrChargedBytes: 0 });
    expect(memcg(s, 'P')).toMatchObject({ usage: 0, refs: 2 });
    expect(memcg(s, 'root').usage).toBe(0);
    expect(cpu(s, 1)).toMatchObject({ pageStock: [], objStock: null });
    expect(s.warnings).toEqual([]);
  });
});

describe('v5.10 obj_cgroups reparented to the root', () => {
  it('cache the root memcg in the page stock when their pages are uncharged', () => {
    const d = world();
    d.slabAlloc('t0', ['o1'], 3000, [false]);
    d.slabAlloc('t0', ['o3'], 3000, [false]);
    d.taskMove('t0', 'B');
    d.rmdir(0, 'A');
    let s = d.snapshot();
    expect(objcg(s, 'A')).toMatchObject({ memcg: 'root', nrChargedBytes: 2 * (P - 3000) });
    expect(memcg(s, 'A')).toMatchObject({ freed: true, usage: 2 });
    expect(memcg(s, 'root').usage).toBe(2);

    d.slabFree(1, ['o1']);
    s = d.snapshot();
    // 2192 + 3000 > PAGE_SIZE: one page through __memcg_kmem_uncharge(root) -> refill_stock(root).
    expect(cpu(s, 1).pageStock).toEqual([{ memcg: 'root', nrPages: 1 }]);
    expect(objcg(s, 'A').nrChargedBytes).toBe(2 * (P - 3000) + 3000 - P);
    expect(memcg(s, 'root').refs).toBe(4); // base + objcg A + cpu1 page stock + child B

    d.drainAllStock(1, 'root');
    s = d.snapshot();
    expect(cpu(s, 1).pageStock).toEqual([]);
    expect(memcg(s, 'root')).toMatchObject({ usage: 1, refs: 3 }); // base + objcg A + child B
    expect(s.warnings).toEqual([]);
  });

  it('FINDING: a kernel user charging through it charges nothing, but its uncharge drains the root counter below zero', () => {
    const d = world();
    d.userGet('u1', 't0');
    d.taskMove('t0', 'B');
    d.rmdir(0, 'A');
    expect(objcg(d.snapshot(), 'A')).toMatchObject({ memcg: 'root', refs: 1, killed: true });

    // try_charge() returns 0 for the root without charging; the stock is refilled anyway.
    expect(d.userCharge(0, 'u1', 'x', 100)).toBe(true);
    let s = d.snapshot();
    expect(memcg(s, 'root').usage).toBe(0);
    expect(cpu(s, 0).objStock).toEqual({ kind: 'objcg', cached: 'A', nrBytes: P - 100 });

    d.userUncharge(0, 'u1', 'x');
    d.userPut('u1');
    d.drainAllStock(0, 'root');
    s = d.snapshot();
    // drain_obj_stock -> refill_stock(root, 1); drain_stock -> page_counter_uncharge(root, 1).
    expect(memcg(s, 'root').usage).toBe(-1);
    expect(objcg(s, 'A')).toMatchObject({ released: true, refs: 0 });
    expect(s.warnings).toEqual([
      { where: 'page_counter_cancel (v5.10)', message: 'page_counter underflow: -1 nr_pages=1 (counter root)' },
    ]);
  });
});
