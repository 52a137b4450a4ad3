/*
 * try_charge() at a limit: the batch retry, the single drain_all_stock()
 * of the memcg over its limit, MAX_RECLAIM_RETRIES more attempts, -ENOMEM
 * with nothing charged; and memory_max_write().
 */

import { describe, expect, it } from 'vitest';
import { P, cpu, memcg, objcg, precharged, world } from './test-world.ts';

describe('v5.10 try_charge at memory.max', () => {
  it('remote stock: drain queues work, 19 failed tries, -ENOMEM, nothing charged; succeeds after the work ran', () => {
    const d = world();
    d.slabAlloc('t0', ['o1'], 100, [false]);
    d.setMax(0, 'A', 32);
    d.taskRunOn('t0', 1);
    const before = d.snapshot();
    expect(d.slabAlloc('t0', ['o2'], 5000, [false])).toBeNull();
    let s = d.snapshot();
    // batch (32) fails, then 2 pages fail before the drain, then 1 + 16 retries after it.
    expect(memcg(s, 'A').failcnt).toBe(19);
    expect(memcg(s, 'A').usage).toBe(32);
    expect(s.precharged).toEqual(before.precharged);
    expect(cpu(s, 0).workPending).toBe(true);
    expect(cpu(s, 1).workPending).toBe(false);
    expect(objcg(s, 'A').refs).toBe(3); // the lookup's reference was put

    d.runWork(0);
    s = d.snapshot();
    expect(memcg(s, 'A').usage).toBe(1);
    expect(objcg(s, 'A').nrChargedBytes).toBe(P - 100);

    expect(d.slabAlloc('t0', ['o2'], 5000, [false])).toEqual(['o2']);
    s = d.snapshot();
    // batch 32 fails once more (1 + 32 > 32); 2 pages fit; refill_obj_stock(3192) on cpu1
    // takes nr_charged_bytes (3996): 7188 > PAGE_SIZE, so one page to cpu1's page stock, 3092 left over.
    expect(memcg(s, 'A').failcnt).toBe(20);
    expect(memcg(s, 'A').usage).toBe(3);
    expect(cpu(s, 1).pageStock).toEqual([{ memcg: 'A', nrPages: 1 }]);
    expect(cpu(s, 1).objStock).toBeNull();
    expect(objcg(s, 'A').nrChargedBytes).toBe(3092);
    expect(memcg(s, 'A').usage * P).toBe(100 + 5000 + precharged(s, 'A'));
  });

  it('local stock: the drain runs at once but cannot help; 18 failed tries and nothing charged', () => {
    const d = world();
    d.slabAlloc('t0', ['o1'], 100, [false]);
    d.setMax(0, 'A', 32);
    // 32 pages: consume_stock() misses (31 < 32), batch == nr_pages so no batch retry.
    expect(d.slabAlloc('t0', ['o2'], 31 * P + 4000, [false])).toBeNull();
    const s = d.snapshot();
    expect(memcg(s, 'A').failcnt).toBe(18);
    expect(memcg(s, 'A').usage).toBe(1);
    expect(cpu(s, 0)).toMatchObject({ pageStock: [], objStock: null, workPending: false });
    expect(objcg(s, 'A').nrChargedBytes).toBe(P - 100);
    expect(memcg(s, 'A').usage * P).toBe(100 + precharged(s, 'A'));
  });

  it('memory.max below usage: drains once, reclaims nothing, returns above the limit', () => {
    const d = world();
    d.slabAlloc('t0', ['o1'], 100, [false]);
    d.slabAlloc('t1', ['o2'], 100, [false]);
    d.setMax(1, 'A', 0);
    const s = d.snapshot();
    expect(memcg(s, 'A')).toMatchObject({ max: 0, usage: 32, failcnt: 0 });
    expect(cpu(s, 0).workPending).toBe(true); // A's stocks are on cpu0, the write ran on cpu1
    expect(cpu(s, 1).pageStock).toEqual([{ memcg: 'B', nrPages: 31 }]);
    d.runWork(0);
    expect(memcg(d.snapshot(), 'A').usage).toBe(1);
  });
});
