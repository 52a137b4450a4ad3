import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../kernel/constants.ts';
import { boot, bootAB, cpu, memcg, objcg, prechargedFor } from './testing.ts';

describe('v6.18 charging through the stocks', () => {
  it('(a) charges a 92-byte object with a batch and keeps the rest in both stocks; the free refills the byte stock', () => {
    const d = bootAB();
    expect(d.slabAlloc('t0', ['o1'], 92, [false])).toEqual(['o1']);
    let s = d.snapshot();
    // try_charge_memcg charged MEMCG_CHARGE_BATCH pages: 1 used, 63 stocked
    expect(memcg(s, 'A').usage).toBe(64);
    expect(memcg(s, 'root').usage).toBe(64);
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'A', nrPages: 63 }]);
    expect(cpu(s, 0).objStock).toEqual({ kind: 'objcg', cached: 'A', nrBytes: PAGE_SIZE - 92 });
    expect(s.tasks.find((t) => t.name === 't0')!.cachedObjcg).toBe('A');
    // objcg A: memcg->objcg, orig_objcg, t0's current->objcg, cpu0 obj stock, o1
    expect(objcg(s, 'A').refs).toBe(5);
    // css A: base, memcg ID, t0's css_set, cpu0 page-stock slot
    expect(memcg(s, 'A').refs).toBe(4);
    expect(prechargedFor(s, 'A')).toBe(63 * PAGE_SIZE + PAGE_SIZE - 92);

    d.slabFree(0, ['o1']);
    s = d.snapshot();
    // 4004 + 92 = PAGE_SIZE is not above PAGE_SIZE: nothing is uncharged
    expect(cpu(s, 0).objStock).toEqual({ kind: 'objcg', cached: 'A', nrBytes: PAGE_SIZE });
    expect(memcg(s, 'A').usage).toBe(64);
    expect(objcg(s, 'A').refs).toBe(4);
    expect(s.warnings).toEqual([]);
  });

  it('(b) splits sizes above a page into pages and a remainder; refills above a batch go straight to the counter', () => {
    const d = bootAB();
    expect(d.slabAlloc('t0', ['big'], PAGE_SIZE + 1, [false])).toEqual(['big']);
    let s = d.snapshot();
    expect(memcg(s, 'A').usage).toBe(64); // 2 pages used out of a batch
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'A', nrPages: 62 }]);
    expect(cpu(s, 0).objStock?.nrBytes).toBe(PAGE_SIZE - 1);

    // 3 whole pages through the slab hook: from the page stock; the refill of 0 bytes keeps A cached
    expect(d.slabAlloc('t0', ['three'], 3 * PAGE_SIZE, [false])).toEqual(['three']);
    s = d.snapshot();
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'A', nrPages: 59 }]);
    expect(cpu(s, 0).objStock?.nrBytes).toBe(PAGE_SIZE - 1);

    // freeing it: 4095 + 12288 > PAGE_SIZE, the 3 whole pages go back to the page stock
    d.slabFree(0, ['three']);
    s = d.snapshot();
    expect(cpu(s, 0).objStock?.nrBytes).toBe(PAGE_SIZE - 1);
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'A', nrPages: 62 }]);

    // 70 pages through a kernel user: more than a batch, no stock on the way in or out
    d.userGet('u1', 't0');
    expect(d.userCharge(0, 'u1', 'x', 70 * PAGE_SIZE)).toBe(true);
    s = d.snapshot();
    expect(memcg(s, 'A').usage).toBe(64 + 70);
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'A', nrPages: 62 }]);
    d.userUncharge(0, 'u1', 'x');
    s = d.snapshot();
    // 4095 + 70 pages: 70 pages to obj_cgroup_uncharge_pages -> refill_stock(70) > batch -> memcg_uncharge
    expect(memcg(s, 'A').usage).toBe(64);
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'A', nrPages: 62 }]);
    expect(cpu(s, 0).objStock?.nrBytes).toBe(PAGE_SIZE - 1);
    d.userPut('u1');
    expect(objcg(d.snapshot(), 'A').refs).toBe(5); // initial, orig, t0, stock, "big"
  });

  it('(c) a task of B on a CPU caching A takes a second slot and flushes the byte stock to nr_charged_bytes', () => {
    const d = bootAB();
    d.slabAlloc('t0', ['o1'], 92, [false]);
    d.taskRunOn('t1', 0);
    expect(d.slabAlloc('t1', ['o2'], 92, [false])).toEqual(['o2']);
    const s = d.snapshot();
    expect(cpu(s, 0).pageStock).toEqual([
      { memcg: 'A', nrPages: 63 },
      { memcg: 'B', nrPages: 63 },
    ]);
    expect(cpu(s, 0).objStock).toEqual({ kind: 'objcg', cached: 'B', nrBytes: PAGE_SIZE - 92 });
    expect(objcg(s, 'A').nrChargedBytes).toBe(PAGE_SIZE - 92);
    expect(objcg(s, 'A').refs).toBe(4); // the stock's reference went with the drain
    expect(memcg(s, 'A').usage).toBe(64);
    expect(memcg(s, 'B').usage).toBe(64);
    expect(s.costs).toMatchObject({ stockRefills: 4, stockDrains: 1, objcgBytes: 1 });
  });

  it('evicts a victim slot when every slot is taken, with the seeded generator', () => {
    const d = boot({ A: 'root', B: 'root', C: 'root' }, { ta: ['A', 0], tb: ['B', 0], tc: ['C', 0] }, 1, { stockSlots: 2 });
    for (const t of ['ta', 'tb', 'tc']) d.slabAlloc(t, [`o-${t}`], 92, [false]);
    const s = d.snapshot();
    const slots = cpu(s, 0).pageStock;
    expect(slots).toHaveLength(2);
    expect(slots).toContainEqual({ memcg: 'C', nrPages: 63 });
    const victim = ['A', 'B'].find((m) => !slots.some((x) => x.memcg === m))!;
    expect(memcg(s, victim).usage).toBe(1); // its 63 stocked pages were uncharged
    expect(memcg(s, victim).refs).toBe(3); // base, ID, css_set: the slot's reference is gone
    // the same world and steps evict the same slot
    const again = boot({ A: 'root', B: 'root', C: 'root' }, { ta: ['A', 0], tb: ['B', 0], tc: ['C', 0] }, 1, { stockSlots: 2 });
    for (const t of ['ta', 'tb', 'tc']) again.slabAlloc(t, [`o-${t}`], 92, [false]);
    expect(cpu(again.snapshot(), 0).pageStock).toEqual(slots);
  });

  it('refuses a batch that does not fit the uint8_t nr_pages (BUILD_BUG_ON)', () => {
    expect(() => bootAB(2, { batch: 128 })).toThrow(/S8_MAX/);
    const d = bootAB(2, { batch: 127 });
    d.slabAlloc('t0', ['o1'], 92, [false]);
    expect(cpu(d.snapshot(), 0).pageStock).toEqual([{ memcg: 'A', nrPages: 126 }]);
  });
});
