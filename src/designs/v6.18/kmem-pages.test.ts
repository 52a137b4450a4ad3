import { describe, expect, it } from 'vitest';
import { bootAB, cpu, memcg, objcg } from './testing.ts';

describe('v6.18 kmem pages', () => {
  it('(g) charges 1 << order pages through the objcg, gives each split page a reference, uncharges into the freeing CPU\'s page stock', () => {
    const d = bootAB();
    expect(d.pagesAlloc('t0', 'p1', 2)).toBe(true);
    let s = d.snapshot();
    expect(memcg(s, 'A').usage).toBe(64);
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'A', nrPages: 60 }]);
    expect(cpu(s, 0).objStock).toBeNull(); // pages never go through the byte stock
    expect(objcg(s, 'A').refs).toBe(4); // initial, orig, t0's current->objcg, p1

    d.pagesSplit('p1', ['p1', 'p2', 'p3', 'p4']);
    expect(objcg(d.snapshot(), 'A').refs).toBe(7); // obj_cgroup_get_many(objcg, 3)

    d.pagesFree(0, 'p2');
    d.pagesFree(1, 'p3');
    s = d.snapshot();
    expect(objcg(s, 'A').refs).toBe(5);
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'A', nrPages: 61 }]);
    expect(cpu(s, 1).pageStock).toEqual([{ memcg: 'A', nrPages: 1 }]);
    expect(memcg(s, 'A').usage).toBe(64); // 2 pages live + 62 stocked
    expect(memcg(s, 'A').refs).toBe(5); // base, ID, css_set, two slots

    d.pagesFree(0, 'p1');
    d.pagesFree(0, 'p4');
    s = d.snapshot();
    expect(objcg(s, 'A').refs).toBe(3);
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'A', nrPages: 63 }]);
    expect(memcg(s, 'A').usage).toBe(64); // nothing live: 63 + 1 stocked pages

    // one more page freed into cpu0's slot takes it over the batch: drained
    expect(d.pagesAlloc('t0', 'p5', 1)).toBe(true); // served from cpu0's slot: 61 left
    d.pagesFree(0, 'p5'); // 63
    d.pagesAlloc('t0', 'p6', 0); // 62
    d.taskRunOn('t0', 1);
    d.pagesAlloc('t0', 'p7', 0); // from cpu1's slot: 0 left
    d.pagesFree(0, 'p7'); // 63
    d.pagesFree(0, 'p6'); // 64, not above the batch
    expect(cpu(d.snapshot(), 0).pageStock).toEqual([{ memcg: 'A', nrPages: 64 }]);
    d.pagesAlloc('t0', 'p8', 0); // cpu1: its slot is empty: a new batch, 63 stocked there
    d.pagesFree(0, 'p8'); // 65 > 64: drain_stock()
    s = d.snapshot();
    expect(cpu(s, 0).pageStock).toEqual([]);
    expect(cpu(s, 1).pageStock).toEqual([{ memcg: 'A', nrPages: 63 }]);
    expect(memcg(s, 'A').usage).toBe(63);
  });
});
