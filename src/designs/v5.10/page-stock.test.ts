/*
 * The page stock's batch and slot parameters, the declared pre-charge
 * bound, and a stock that caches a memcg with zero pages.
 */

import { describe, expect, it } from 'vitest';
import { defaultWorld } from '../../config.ts';
import { v5_10 } from './index.ts';
import { P, cpu, memcg, world } from './test-world.ts';

describe('v5.10 page stock parameters', () => {
  it('declares 32-page batches, one slot, and the bound derived from them', () => {
    expect(v5_10.info.batch).toBe(32);
    expect(v5_10.info.stockSlots).toBe(1);
    const b = v5_10.info.prechargeBound(defaultWorld(2));
    expect(b.perCpuBytes).toBe(32 * P + P);
    expect(b.perHolderBytes).toBe(2 * (P - 1));
    expect(v5_10.info.prechargeBound({ ...defaultWorld(3), batch: 4, stockSlots: 2 })).toMatchObject({
      perCpuBytes: 2 * 4 * P + P,
      perHolderBytes: 3 * (P - 1),
    });
  });

  it('honours the batch override', () => {
    const d = world({ batch: 4 });
    d.slabAlloc('t0', ['o1'], 100, [false]);
    expect(memcg(d.snapshot(), 'A').usage).toBe(4);
    expect(cpu(d.snapshot(), 0).pageStock).toEqual([{ memcg: 'A', nrPages: 3 }]);
  });

  it('with two slots keeps A and B side by side and evicts slot 0 for a third memcg', () => {
    const d = world({
      stockSlots: 2,
      cgroups: [
        { name: 'A', parent: 'root' },
        { name: 'B', parent: 'root' },
        { name: 'C', parent: 'root' },
      ],
      tasks: [
        { name: 't0', cgroup: 'A', cpu: 0 },
        { name: 't1', cgroup: 'B', cpu: 0 },
        { name: 't2', cgroup: 'C', cpu: 0 },
      ],
    });
    d.pagesAlloc('t0', 'pa', 0);
    d.pagesAlloc('t1', 'pb', 0);
    expect(cpu(d.snapshot(), 0).pageStock).toEqual([
      { memcg: 'A', nrPages: 31 },
      { memcg: 'B', nrPages: 31 },
    ]);
    d.pagesAlloc('t2', 'pc', 0);
    const s = d.snapshot();
    expect(cpu(s, 0).pageStock).toEqual([
      { memcg: 'C', nrPages: 31 },
      { memcg: 'B', nrPages: 31 },
    ]);
    expect(memcg(s, 'A').usage).toBe(1);
  });
});

describe('v5.10 a stock caching a memcg with zero pages', () => {
  it('FINDING: drain_all_stock() skips it (nr_pages == 0), so its css reference keeps a deleted memcg', () => {
    const d = world();
    d.pagesAlloc('t1', 'p1', 5); // 32 pages charged for 32: nothing stocked
    d.slabAlloc('t1', ['o1'], 100, [false]); // consume_stock: none cached, 32 more charged, 31 stocked
    d.taskRunOn('t1', 0);
    d.pagesFree(0, 'p1'); // refill_stock(B, 32) on cpu0: 32 is not above the batch
    d.pagesAlloc('t1', 'p2', 5); // consume_stock(B, 32) empties cpu0's stock but keeps B cached
    expect(cpu(d.snapshot(), 0).pageStock).toEqual([{ memcg: 'B', nrPages: 0 }]);
    d.pagesFree(1, 'p2');
    d.slabFree(1, ['o1']);
    d.taskExit('t1');
    d.rmdir(1, 'B');
    d.drainAllStock(1, 'root');
    d.drainAllStock(1, 'root');
    const s = d.snapshot();
    expect(cpu(s, 0)).toMatchObject({ pageStock: [{ memcg: 'B', nrPages: 0 }], workPending: false });
    // usage 1: the byte stock's last page was uncharged through objcg B after it had been
    // reparented to the root (memcg_offline_kmem runs before drain_all_stock), so from root only.
    expect(memcg(s, 'B')).toMatchObject({ online: false, freed: false, refs: 1, usage: 1 });
    expect(memcg(s, 'root').usage).toBe(0);
    expect(s.tasks.map((t) => t.name)).toEqual(['t0']);
  });
});
