import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../kernel/constants.ts';
import { bootAB, cpu, memcg, objcg } from './testing.ts';

describe('v6.18 drain_all_stock, its work and CPU hotplug', () => {
  it('(h) drains the local CPU at once, queues the others once, and the work drains its own CPU', () => {
    const d = bootAB();
    d.slabAlloc('t0', ['o1'], 92, [false]);
    d.slabAlloc('t1', ['o2'], 92, [false]);
    d.drainAllStock(0, 'root');
    let s = d.snapshot();
    expect(cpu(s, 0)).toMatchObject({ pageStock: [], objStock: null, workPending: false });
    expect(cpu(s, 1)).toMatchObject({ pageStock: [{ memcg: 'B', nrPages: 63 }], workPending: true });
    expect(d.k.cpus[1]!.work).toEqual(['drain_local_memcg_stock', 'drain_local_obj_stock']);
    expect(memcg(s, 'A').usage).toBe(1);
    expect(objcg(s, 'A').nrChargedBytes).toBe(PAGE_SIZE - 92);
    d.drainAllStock(0, 'root'); // FLUSHING_CACHED_CHARGE set on cpu1: not queued again
    expect(d.k.cpus[1]!.work).toHaveLength(2);

    d.runWork(1);
    s = d.snapshot();
    expect(cpu(s, 1)).toMatchObject({ pageStock: [], objStock: null, workPending: false });
    expect(memcg(s, 'B').usage).toBe(1);
    expect(objcg(s, 'B').nrChargedBytes).toBe(PAGE_SIZE - 92);
    expect(d.k.cpus[1]!.memcgStock.flushing).toBe(false);
    expect(d.k.cpus[1]!.objStock.flushing).toBe(false);
  });

  it('(h) only stocks under the given root are drained', () => {
    const d = bootAB();
    d.slabAlloc('t0', ['o1'], 92, [false]);
    d.taskRunOn('t1', 0);
    d.slabAlloc('t1', ['o2'], 92, [false]); // cpu0: slots A and B, obj stock B
    d.drainAllStock(1, 'A'); // from cpu1: cpu0 gets the page-stock work only
    expect(d.k.cpus[0]!.work).toEqual(['drain_local_memcg_stock']);
    d.runWork(0); // drain_local_memcg_stock drains every slot, B's too
    const s = d.snapshot();
    expect(cpu(s, 0).pageStock).toEqual([]);
    expect(cpu(s, 0).objStock).toEqual({ kind: 'objcg', cached: 'B', nrBytes: PAGE_SIZE - 92 });
  });

  it('(h) a CPU going down drains its stocks; its queued work drains another CPU and its FLUSHING bit stays set', () => {
    const d = bootAB();
    d.slabAlloc('t1', ['o1'], 92, [false]); // cpu1: slot B, obj stock B
    d.drainAllStock(0, 'B'); // queued on cpu1
    d.slabAlloc('t0', ['o2'], 92, [false]); // cpu0: slot A, obj stock A
    d.taskRunOn('t1', 0); // the harness moves the tasks off first
    d.cpuOffline(1);
    let s = d.snapshot();
    // memcg_hotplug_cpu_dead(1)
    expect(cpu(s, 1)).toMatchObject({ online: false, pageStock: [], objStock: null, workPending: false });
    expect(memcg(s, 'B').usage).toBe(1);
    expect(objcg(s, 'B').nrChargedBytes).toBe(PAGE_SIZE - 92);
    // the orphaned work ran on cpu0 and drained cpu0's stocks
    expect(cpu(s, 0)).toMatchObject({ pageStock: [], objStock: null });
    expect(memcg(s, 'A').usage).toBe(1);
    expect(d.k.cpus[1]!.memcgStock.flushing).toBe(true);
    expect(d.k.cpus[1]!.objStock.flushing).toBe(true);

    d.cpuOnline(1);
    d.taskRunOn('t1', 1);
    d.slabAlloc('t1', ['o3'], 92, [false]); // cpu1 caches B again
    d.drainAllStock(0, 'root');
    s = d.snapshot();
    // test_bit(FLUSHING_CACHED_CHARGE) is still set: cpu1 is never drained by drain_all_stock again
    expect(cpu(s, 1).workPending).toBe(false);
    // 63 stocked from the new batch + 1 page from nr_charged_bytes (4004 + 4004 - PAGE_SIZE left)
    expect(cpu(s, 1).pageStock).toEqual([{ memcg: 'B', nrPages: 64 }]);
    expect(cpu(s, 1).objStock).toEqual({ kind: 'objcg', cached: 'B', nrBytes: 2 * (PAGE_SIZE - 92) - PAGE_SIZE });
  });
});
