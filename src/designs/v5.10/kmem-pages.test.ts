/*
 * alloc_pages(__GFP_ACCOUNT) of v5.10: charged to the memcg directly,
 * page->mem_cgroup holding a css reference, split_page_memcg() and frees
 * through the local page stock.
 */

import { describe, expect, it } from 'vitest';
import { P, cpu, memcg, precharged, world } from './test-world.ts';

describe('v5.10 kmem pages', () => {
  it('alloc, split and free with exact counters, stocks and css references', () => {
    const d = world();
    expect(d.pagesAlloc('t0', 'p1', 2)).toBe(true);
    let s = d.snapshot();
    expect(memcg(s, 'A').usage).toBe(32);
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'A', nrPages: 28 }]);
    expect(cpu(s, 0).objStock).toBeNull();
    expect(memcg(s, 'A').refs).toBe(4); // base + memcg ID + page stock + p1

    d.pagesSplit('p1', ['p1', 'p2', 'p3', 'p4']);
    expect(memcg(d.snapshot(), 'A').refs).toBe(7); // css_get_many(3)

    d.pagesFree(0, 'p2');
    d.pagesFree(1, 'p3');
    s = d.snapshot();
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'A', nrPages: 29 }]);
    expect(cpu(s, 1).pageStock).toEqual([{ memcg: 'A', nrPages: 1 }]);
    expect(memcg(s, 'A').refs).toBe(6); // base + ID + 2 stocks + p1 + p4
    expect(memcg(s, 'A').usage * P).toBe(2 * P + precharged(s, 'A'));

    // Above a batch: charged exactly, and freeing it overflows the stock, which drains.
    expect(d.pagesAlloc('t0', 'p5', 6)).toBe(true);
    expect(memcg(d.snapshot(), 'A').usage).toBe(32 + 64);
    d.pagesFree(0, 'p5');
    s = d.snapshot();
    expect(cpu(s, 0).pageStock).toEqual([]);
    expect(memcg(s, 'A').usage).toBe(3);
    expect(memcg(s, 'A').refs).toBe(5); // base + ID + cpu1 stock + p1 + p4
  });

  it('a failed charge puts the lookup reference and charges nothing', () => {
    const d = world();
    d.setMax(0, 'A', 3);
    expect(d.pagesAlloc('t0', 'p1', 2)).toBe(false);
    const s = d.snapshot();
    expect(memcg(s, 'A')).toMatchObject({ usage: 0, refs: 2 });
    // batch 32 fails, 4 pages fail, drain (nothing cached), 17 more tries.
    expect(memcg(s, 'A').failcnt).toBe(19);
  });
});
