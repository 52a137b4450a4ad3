/*
 * Byte stock and page stock contents after small and large charges on one
 * CPU, and the 92-byte sequence of the comment above obj_cgroup_release().
 */

import { describe, expect, it } from 'vitest';
import { P, cpu, memcg, objcg, precharged, world } from './test-world.ts';

describe('v5.10 obj_cgroup_charge / obj_cgroup_uncharge on one CPU', () => {
  it('charges a batch for a 100-byte object and keeps the rest in both stocks', () => {
    const d = world();
    expect(d.slabAlloc('t0', ['o1'], 100, [false])).toEqual(['o1']);
    let s = d.snapshot();
    // try_charge(A, 1) charged MEMCG_CHARGE_BATCH; 31 pages to the page stock,
    // PAGE_SIZE - 100 bytes to the byte stock.
    expect(memcg(s, 'A').usage).toBe(32);
    expect(memcg(s, 'root').usage).toBe(32);
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'A', nrPages: 31 }]);
    expect(cpu(s, 0).objStock).toEqual({ kind: 'objcg', cached: 'A', nrBytes: P - 100 });
    expect(cpu(s, 1).pageStock).toEqual([]);
    // objcg: initial + o1 + cpu0 stock; memcg: base + memcg ID pin + cpu0 page stock.
    expect(objcg(s, 'A').refs).toBe(3);
    expect(memcg(s, 'A').refs).toBe(3);
    expect(32 * P).toBe(100 + precharged(s, 'A'));

    d.slabFree(0, ['o1']);
    s = d.snapshot();
    // 3996 + 100 = PAGE_SIZE exactly: not above it, so no drain.
    expect(cpu(s, 0).objStock).toEqual({ kind: 'objcg', cached: 'A', nrBytes: P });
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'A', nrPages: 31 }]);
    expect(memcg(s, 'A').usage).toBe(32);
    expect(objcg(s, 'A').refs).toBe(2);
    expect(precharged(s, 'A')).toBe(32 * P);
    expect(s.warnings).toEqual([]);
  });

  it('rounds sizes above a page up to whole pages and stocks only the last page remainder', () => {
    const d = world();
    expect(d.slabAlloc('t0', ['big'], P + 1, [false])).toEqual(['big']);
    let s = d.snapshot();
    // nr_pages = 1 + 1; batch 32 charged, 30 stocked; PAGE_SIZE - 1 bytes stocked.
    expect(memcg(s, 'A').usage).toBe(32);
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'A', nrPages: 30 }]);
    expect(cpu(s, 0).objStock?.nrBytes).toBe(P - 1);

    // 3 whole pages: no remainder, so the byte stock is not touched; the
    // page stock serves them.
    expect(d.slabAlloc('t0', ['three'], 3 * P, [false])).toEqual(['three']);
    s = d.snapshot();
    expect(memcg(s, 'A').usage).toBe(32);
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'A', nrPages: 27 }]);
    expect(cpu(s, 0).objStock?.nrBytes).toBe(P - 1);

    // Freeing it overflows the byte stock: 3 pages go to the page stock,
    // the 4095-byte remainder to nr_charged_bytes, and the stock lets go.
    d.slabFree(0, ['three']);
    s = d.snapshot();
    expect(cpu(s, 0).objStock).toBeNull();
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'A', nrPages: 30 }]);
    expect(objcg(s, 'A').nrChargedBytes).toBe(P - 1);
    expect(objcg(s, 'A').refs).toBe(2);
    expect(32 * P).toBe(P + 1 + precharged(s, 'A'));

    // More than a batch: consume_stock() is skipped, exactly 34 pages charged, nothing stocked.
    expect(d.slabAlloc('t0', ['huge'], 33 * P + 10, [false])).toEqual(['huge']);
    s = d.snapshot();
    expect(memcg(s, 'A').usage).toBe(32 + 34);
    // refill_obj_stock(PAGE_SIZE - 10) took nr_charged_bytes back: 4095 + 4086 > PAGE_SIZE, drained:
    // one page to the page stock, 4085 bytes back to nr_charged_bytes.
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'A', nrPages: 31 }]);
    expect(cpu(s, 0).objStock).toBeNull();
    expect(objcg(s, 'A').nrChargedBytes).toBe(P - 1 + (P - 10) - P);
    expect(memcg(s, 'A').usage * P).toBe(P + 1 + 33 * P + 10 + precharged(s, 'A'));
  });
});

describe('v5.10 the 92-byte sequence above obj_cgroup_release()', () => {
  it('ends with nr_charged_bytes == PAGE_SIZE, which release uncharges without a warning', () => {
    const d = world({
      cgroups: [
        { name: 'P', parent: 'root' },
        { name: 'A', parent: 'P' },
        { name: 'B', parent: 'P' },
      ],
    });
    // 1) CPU0: objcg == stock->cached_objcg (with 0 bytes: a whole page consumed from it)
    d.slabAlloc('t0', ['a'], 100, [false]);
    d.slabFree(0, ['a']);
    d.slabAlloc('t0', ['page'], P, [false]);
    expect(cpu(d.snapshot(), 0).objStock).toEqual({ kind: 'objcg', cached: 'A', nrBytes: 0 });
    // 2) CPU1: a small allocation of 92 bytes, PAGE_SIZE charged
    d.taskRunOn('t0', 1);
    d.slabAlloc('t0', ['o92'], 92, [false]);
    expect(cpu(d.snapshot(), 1).objStock).toEqual({ kind: 'objcg', cached: 'A', nrBytes: P - 92 });
    // 3) CPU1: a process from another memcg allocates, the stock is flushed
    d.slabAlloc('t1', ['b'], 100, [false]);
    expect(objcg(d.snapshot(), 'A').nrChargedBytes).toBe(P - 92);
    // 5) CPU0: the object is released, 92 bytes added to stock->nr_bytes
    d.slabFree(0, ['o92']);
    expect(cpu(d.snapshot(), 0).objStock?.nrBytes).toBe(92);
    // 6) CPU0: the stock is flushed (here by freeing the page-sized object), 92 bytes added
    d.slabFree(0, ['page']);
    let s = d.snapshot();
    expect(objcg(s, 'A').nrChargedBytes).toBe(P);
    expect(cpu(s, 0).objStock).toBeNull();
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'A', nrPages: 32 }]);
    expect(memcg(s, 'A').usage).toBe(33);

    // Delete A: the objcg goes to P and, unused, is released at once on cpu0.
    d.taskMove('t0', 'B');
    d.rmdir(0, 'A');
    s = d.snapshot();
    expect(objcg(s, 'A')).toMatchObject({ memcg: 'P', released: true, refs: 0, nrChargedBytes: P });
    // release: __memcg_kmem_uncharge(P, 1) -> refill_stock(P, 1) on cpu0, which drained A's 32 pages first.
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'P', nrPages: 1 }]);
    expect(memcg(s, 'A')).toMatchObject({ freed: true, usage: 1, refs: 0 });
    expect(memcg(s, 'P').usage).toBe(32 + 1);
    // P: base + memcg ID pin + cpu0 page stock + its live child's pin; objcg A's reference
    // went with its release (the active objcg P holds none).
    expect(memcg(s, 'P').refs).toBe(4);
    expect(s.warnings).toEqual([]);
    expect(memcg(s, 'P').usage * P).toBe(100 + precharged(s, 'P') + precharged(s, 'B'));
  });
});
