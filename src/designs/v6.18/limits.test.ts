import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../kernel/constants.ts';
import { tryCharge } from './try-charge.ts';
import { bootAB, cpu, memcg, objcg } from './testing.ts';

describe('v6.18 at memory.max', () => {
  it('(d) -ENOMEM after the drain_all_stock retry when the stock sits on another CPU; nothing stays charged', () => {
    const d = bootAB();
    d.setMax(0, 'A', 64);
    d.slabAlloc('t0', ['o1'], 92, [false]); // usage 64: 1 used, 63 in cpu0's page stock
    d.taskRunOn('t0', 1);
    const before = d.snapshot();
    // batch 64 fails, 1 page fails, drain_all_stock(A) only queues cpu0's work, retries fail
    expect(d.slabAlloc('t0', ['o2'], 92, [false])).toBeNull();
    let s = d.snapshot();
    expect(memcg(s, 'A').usage).toBe(64);
    expect(s.precharged).toEqual(before.precharged);
    expect(cpu(s, 0).workPending).toBe(true);
    expect(cpu(s, 1).pageStock).toEqual([]);
    expect(cpu(s, 1).objStock).toBeNull();
    expect(memcg(s, 'A').failcnt).toBe(0); // cgroup v2: track_failcnt is false in 6.18
    expect(objcg(s, 'A').refs).toBe(5); // no reference left behind by the failed object

    d.runWork(0);
    s = d.snapshot();
    expect(memcg(s, 'A').usage).toBe(1);
    expect(objcg(s, 'A').nrChargedBytes).toBe(PAGE_SIZE - 92);
    expect(d.slabAlloc('t0', ['o2'], 92, [false])).toEqual(['o2']);
    s = d.snapshot();
    // 1 page charged on cpu1; the stock takes nr_charged_bytes: 4004 + 4004 > PAGE_SIZE -> 1 page to the page stock
    expect(memcg(s, 'A').usage).toBe(2);
    expect(cpu(s, 1).pageStock).toEqual([{ memcg: 'A', nrPages: 1 }]);
    expect(cpu(s, 1).objStock).toEqual({ kind: 'objcg', cached: 'A', nrBytes: 2 * (PAGE_SIZE - 92) - PAGE_SIZE });
    expect(2 * PAGE_SIZE).toBe(92 + 92 + PAGE_SIZE + (2 * (PAGE_SIZE - 92) - PAGE_SIZE));
  });

  it('(d) the local drain in the retry frees the stocked pages and the charge goes through', () => {
    const d = bootAB();
    d.setMax(0, 'A', 65);
    d.slabAlloc('t0', ['o1'], 92, [false]);
    d.userGet('u1', 't0');
    // 64 pages: the stock's 63 are not enough, 64+64 > 65; drain_all_stock(A) drains cpu0 now
    expect(d.userCharge(0, 'u1', 'x', 64 * PAGE_SIZE)).toBe(true);
    const s = d.snapshot();
    expect(memcg(s, 'A').usage).toBe(65);
    expect(cpu(s, 0).pageStock).toEqual([]);
    expect(cpu(s, 0).objStock).toBeNull();
    expect(objcg(s, 'A').nrChargedBytes).toBe(PAGE_SIZE - 92);
    expect(cpu(s, 1).workPending).toBe(false);
  });

  it('kmem pages: -ENOMEM takes no reference and charges nothing', () => {
    const d = bootAB();
    d.setMax(0, 'A', 3);
    expect(d.pagesAlloc('t0', 'p1', 2)).toBe(false);
    const s = d.snapshot();
    expect(memcg(s, 'A').usage).toBe(0);
    expect(objcg(s, 'A').refs).toBe(3); // initial, orig, t0's current->objcg
    expect(d.pagesAlloc('t0', 'p1', 1)).toBe(true);
    expect(memcg(d.snapshot(), 'A').usage).toBe(2); // batch failed, exactly 2 pages, no stock
  });

  it('memory.max write drains once, then gives up with usage above max (no OOM killer)', () => {
    const d = bootAB();
    d.slabAlloc('t0', ['o1'], 92, [false]);
    d.setMax(0, 'A', 10);
    let s = d.snapshot();
    expect(memcg(s, 'A').max).toBe(10);
    expect(memcg(s, 'A').usage).toBe(1); // drain_all_stock(A) emptied cpu0's stocks
    expect(cpu(s, 0).pageStock).toEqual([]);
    expect(objcg(s, 'A').nrChargedBytes).toBe(PAGE_SIZE - 92);
    d.setMax(1, 'A', 0);
    s = d.snapshot();
    expect(memcg(s, 'A').max).toBe(0);
    expect(memcg(s, 'A').usage).toBe(1);
  });

  it('try_charge() skips root; try_charge_memcg() does not', () => {
    const d = bootAB();
    expect(tryCharge(d.k, 0, d.k.root, 5)).toBe(true);
    expect(d.k.root.memory.usage).toBe(0);
    expect(tryCharge(d.k, 0, d.k.memcgs.get('A')!, 5)).toBe(true);
    expect(d.k.root.memory.usage).toBe(64);
    expect(cpu(d.snapshot(), 0).pageStock).toEqual([{ memcg: 'A', nrPages: 59 }]);
  });
});
