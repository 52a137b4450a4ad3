import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../kernel/constants.ts';
import { boot, bootAB, cpu, memcg, objcg } from './testing.ts';

describe('v6.18 cgroup deletion, reparenting and release', () => {
  it('(e) rmdir with a live object: objcg reparented, the free uncharges the parent, the memcg goes with its last slot', () => {
    const d = boot({ A: 'root', B: 'root', C: 'A' }, { t0: ['C', 1], t1: ['B', 1] });
    expect(d.slabAlloc('t0', ['o1'], 92, [false])).toEqual(['o1']); // cpu1: slot C 63, obj stock C 4004
    d.taskMove('t0', 'A'); // t0 keeps objcg C cached (and referenced) until its next allocation
    d.rmdir(0, 'C');
    let s = d.snapshot();
    expect(objcg(s, 'C')).toMatchObject({ memcg: 'A', killed: true, released: false });
    expect(memcg(s, 'C')).toMatchObject({ online: false, freed: false, refs: 1 }); // cpu1's slot
    expect(cpu(s, 1).workPending).toBe(true); // drain_all_stock(C) from cpu0 queued cpu1's page-stock work
    expect(cpu(s, 1).objStock?.cached).toBe('C'); // objcg C now charges A: no flush for C's subtree
    expect(memcg(s, 'A').refs).toBe(4); // base, ID, t0's css_set, child C's pin

    d.runWork(1);
    s = d.snapshot();
    expect(memcg(s, 'C')).toMatchObject({ freed: true, refs: 0, usage: 1 });
    expect(memcg(s, 'A').refs).toBe(3); // C's free put its pin on A
    // objcg C: the stale current->objcg of t0, cpu1's obj stock, o1 (orig_objcg went with the memcg)
    expect(objcg(s, 'C').refs).toBe(3);
    expect(memcg(s, 'A').usage).toBe(1);

    d.slabFree(1, ['o1']);
    s = d.snapshot();
    expect(cpu(s, 1).objStock).toEqual({ kind: 'objcg', cached: 'C', nrBytes: PAGE_SIZE });
    expect(s.precharged).toContainEqual({ memcg: 'A', bytes: PAGE_SIZE, cpu: 1, where: 'cpu1 obj stock (objcg C)' });

    // t0's next allocation refreshes current->objcg (dropping C) and flushes cpu1's stock to A
    expect(d.slabAlloc('t0', ['o2'], 92, [false])).toEqual(['o2']);
    s = d.snapshot();
    expect(objcg(s, 'C')).toMatchObject({ released: true, refs: 0, nrChargedBytes: 0 });
    expect(s.tasks.find((t) => t.name === 't0')!.cachedObjcg).toBe('A');
    expect(memcg(s, 'A').usage).toBe(64); // +64 for o2, -1 page from C's flushed stock
    expect(cpu(s, 1).objStock).toEqual({ kind: 'objcg', cached: 'A', nrBytes: PAGE_SIZE - 92 });
    expect(d.k.memcgs.get('A')!.objcgList).toEqual([]); // list_del() at release
    expect(s.warnings).toEqual([]);
  });

  it('(f) the 92-byte sequence of obj_cgroup_release() ends with nr_charged_bytes == PAGE_SIZE, uncharged without warning', () => {
    const d = boot({ A: 'root', B: 'root', C: 'A' }, { t0: ['C', 0], t1: ['B', 1] });
    d.slabAlloc('t0', ['op'], PAGE_SIZE, [false]); // 1) cpu0 caches objcg C (0 bytes)
    d.taskRunOn('t0', 1);
    d.slabAlloc('t0', ['o1'], 92, [false]); // 2) cpu1: 92 bytes, a page charged
    d.slabAlloc('t1', ['ox'], 8, [false]); // 3) cpu1: another memcg flushes the stock
    expect(objcg(d.snapshot(), 'C').nrChargedBytes).toBe(PAGE_SIZE - 92);
    d.slabFree(0, ['op']); // cpu0's stock: 0 + PAGE_SIZE, kept
    d.slabFree(0, ['o1']); // 5) cpu0: + 92 -> one page back, 92 left
    expect(cpu(d.snapshot(), 0).objStock).toEqual({ kind: 'objcg', cached: 'C', nrBytes: 92 });
    d.drainAllStock(0, 'C'); // 6) cpu0's stock is flushed
    let s = d.snapshot();
    expect(objcg(s, 'C').nrChargedBytes).toBe(PAGE_SIZE);
    d.runWork(1);
    d.taskExit('t0');
    s = d.snapshot();
    expect(memcg(s, 'C').usage).toBe(1);
    expect(memcg(s, 'A').usage).toBe(1);
    d.rmdir(0, 'C');
    s = d.snapshot();
    expect(memcg(s, 'C')).toMatchObject({ freed: true, usage: 1 });
    expect(objcg(s, 'C')).toMatchObject({ released: true, memcg: 'A', nrChargedBytes: PAGE_SIZE });
    expect(memcg(s, 'A').usage).toBe(0); // obj_cgroup_release() uncharged the page from A
    expect(memcg(s, 'root').usage).toBe(1); // B's page (8 bytes + 4088 stocked)
    expect(s.warnings).toEqual([]);
  });

  it('a top-level cgroup reparents to root: charges through it hit root, refill_stock VM_WARNs once, root never gets them back', () => {
    const d = bootAB();
    d.userGet('u1', 't0');
    d.taskMove('t0', 'B');
    d.rmdir(0, 'A');
    let s = d.snapshot();
    expect(memcg(s, 'A').freed).toBe(true);
    expect(objcg(s, 'A')).toMatchObject({ memcg: 'root', refs: 2 }); // u1, t0's stale current->objcg
    expect(d.userCharge(0, 'u1', 'x', 100)).toBe(true);
    s = d.snapshot();
    expect(memcg(s, 'root').usage).toBe(64);
    expect(memcg(s, 'root').refs).toBe(1); // CSS_NO_REF: the root slot takes no reference
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'root', nrPages: 63 }]);
    expect(s.warnings).toEqual([{ where: 'refill_stock (v6.18)', message: 'VM_WARN_ON_ONCE(mem_cgroup_is_root(memcg)): refill of 63 page(s) for the root memcg' }]);
    expect(d.userCharge(1, 'u1', 'y', 100)).toBe(true); // a second root refill, on cpu1: no second warning
    expect(d.snapshot().warnings).toHaveLength(1);
    d.userUncharge(0, 'u1', 'x');
    d.userUncharge(1, 'u1', 'y');
    d.userPut('u1');
    d.drainAllStock(0, 'root');
    d.runWork(1);
    s = d.snapshot();
    // each CPU's obj stock held PAGE_SIZE bytes = one root page that drain_obj_stock() does not uncharge
    expect(memcg(s, 'root').usage).toBe(2);
    expect(cpu(s, 0).objStock).toBeNull();
    expect(cpu(s, 1).objStock).toBeNull();
    expect(objcg(s, 'A').refs).toBe(1); // t0's stale cache still pins it
  });

  it('a dead child pins its dead parent until it is freed, then both go', () => {
    const d = boot({ A: 'root', C: 'A' }, { t0: ['C', 1], t9: ['root', 0] });
    d.slabAlloc('t0', ['o1'], 92, [false]);
    d.slabFree(1, ['o1']);
    d.taskExit('t0');
    d.rmdir(0, 'C');
    d.rmdir(0, 'A');
    let s = d.snapshot();
    expect(memcg(s, 'C')).toMatchObject({ online: false, freed: false, refs: 1 }); // cpu1's slot
    expect(memcg(s, 'A')).toMatchObject({ online: false, freed: false, refs: 1 }); // C's pin
    expect(objcg(s, 'C').memcg).toBe('root');
    d.runWork(1);
    s = d.snapshot();
    expect(memcg(s, 'C').freed).toBe(true);
    expect(memcg(s, 'A').freed).toBe(true);
    expect(objcg(s, 'A').released).toBe(true);
    expect(objcg(s, 'C')).toMatchObject({ released: false, refs: 1 }); // cpu1's obj stock
    d.drainAllStock(0, 'root');
    d.runWork(1);
    s = d.snapshot();
    expect(objcg(s, 'C').released).toBe(true);
    expect(memcg(s, 'root').usage).toBe(1); // the PAGE_SIZE bytes of cpu1's stock were root's, kept
    expect(s.tasks.map((t) => t.name)).toEqual(['t9']);
  });

  it('a page-stock slot emptied by consume_stock keeps a dead memcg alive; drain_all_stock skips it', () => {
    const e = boot({ A: 'root', B: 'root' }, { t0: ['A', 0], t1: ['B', 1] });
    e.slabAlloc('t0', ['o1'], 92, [false]);
    e.slabAlloc('t0', ['big'], 63 * PAGE_SIZE, [false]); // consumes the 63 stocked pages
    expect(cpu(e.snapshot(), 0).pageStock).toEqual([{ memcg: 'A', nrPages: 0 }]);
    e.slabFree(1, ['o1', 'big']); // freed on cpu1: cpu0's slot keeps A with 0 pages
    e.taskExit('t0');
    e.rmdir(1, 'A');
    const s = e.snapshot();
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'A', nrPages: 0 }]);
    expect(memcg(s, 'A')).toMatchObject({ online: false, freed: false, refs: 1 });
    e.drainAllStock(1, 'root');
    e.runWork(0);
    expect(memcg(e.snapshot(), 'A').freed).toBe(false); // is_memcg_drain_needed() wants nr_pages
    e.cpuOffline(0); // memcg_hotplug_cpu_dead() drains every slot
    expect(memcg(e.snapshot(), 'A').freed).toBe(true);
  });
});
