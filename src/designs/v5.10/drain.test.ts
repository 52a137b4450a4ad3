/*
 * Stock drains: a task of another memcg on a CPU whose stocks cache A,
 * drain_all_stock() with queued work and the FLUSHING_CACHED_CHARGE bit,
 * and CPU hotplug (which leaves the object stock in place in 5.10).
 */

import { describe, expect, it } from 'vitest';
import { P, cpu, memcg, objcg, precharged, world } from './test-world.ts';

describe('v5.10 CPU switch', () => {
  it('a task of B on the CPU caching A drains both of A stocks', () => {
    const d = world();
    d.slabAlloc('t0', ['o1'], 100, [false]);
    d.taskRunOn('t1', 0);
    expect(d.slabAlloc('t1', ['o2'], 200, [false])).toEqual(['o2']);
    const s = d.snapshot();
    // refill_stock(B, 31) drained A's 31 pages; refill_obj_stock(B) drained A's 3996 bytes to nr_charged_bytes.
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'B', nrPages: 31 }]);
    expect(cpu(s, 0).objStock).toEqual({ kind: 'objcg', cached: 'B', nrBytes: P - 200 });
    expect(memcg(s, 'A').usage).toBe(1);
    expect(memcg(s, 'B').usage).toBe(32);
    expect(memcg(s, 'root').usage).toBe(33);
    expect(objcg(s, 'A')).toMatchObject({ nrChargedBytes: P - 100, refs: 2 });
    expect(objcg(s, 'B').refs).toBe(3);
    expect(memcg(s, 'A').refs).toBe(2);
    expect(memcg(s, 'B').refs).toBe(3);
    expect(memcg(s, 'A').usage * P).toBe(100 + precharged(s, 'A'));
    expect(memcg(s, 'B').usage * P).toBe(200 + precharged(s, 'B'));
  });
});

describe('v5.10 drain_all_stock and its work', () => {
  it('drains the local CPU now, queues the others, and skips CPUs whose bit is set', () => {
    const d = world({ nrCpus: 3 });
    d.slabAlloc('t0', ['a'], 100, [false]);
    d.slabAlloc('t1', ['b'], 100, [false]);
    d.drainAllStock(0, 'root');
    let s = d.snapshot();
    expect(cpu(s, 0)).toMatchObject({ pageStock: [], objStock: null, workPending: false });
    expect(cpu(s, 1)).toMatchObject({ pageStock: [{ memcg: 'B', nrPages: 31 }], workPending: true });
    expect(cpu(s, 2).workPending).toBe(false); // nothing cached there
    expect(memcg(s, 'A').usage).toBe(1);
    expect(objcg(s, 'A').nrChargedBytes).toBe(P - 100);

    // drain_all_stock() on cpu1 itself: its bit is set, so even the local drain is skipped.
    d.drainAllStock(1, 'root');
    s = d.snapshot();
    expect(cpu(s, 1)).toMatchObject({ pageStock: [{ memcg: 'B', nrPages: 31 }], workPending: true });
    expect(cpu(s, 1).objStock?.nrBytes).toBe(P - 100);

    d.runWork(1);
    s = d.snapshot();
    expect(cpu(s, 1)).toMatchObject({ pageStock: [], objStock: null, workPending: false });
    expect(memcg(s, 'B').usage).toBe(1);
    expect(objcg(s, 'B')).toMatchObject({ nrChargedBytes: P - 100, refs: 2 });
    expect(memcg(s, 'B').refs).toBe(2);
    d.runWork(1); // nothing queued: no effect
    expect(d.snapshot().cpus).toEqual(s.cpus);
  });

  it('only flushes stocks under the given memcg', () => {
    const d = world();
    d.slabAlloc('t0', ['a'], 100, [false]);
    d.slabAlloc('t1', ['b'], 100, [false]);
    d.drainAllStock(0, 'B');
    const s = d.snapshot();
    expect(cpu(s, 0).pageStock).toEqual([{ memcg: 'A', nrPages: 31 }]);
    expect(cpu(s, 1).workPending).toBe(true);
  });
});

describe('v5.10 CPU hotplug', () => {
  it('runs pending work on the dying CPU before memcg_hotplug_cpu_dead()', () => {
    const d = world();
    d.slabAlloc('t1', ['b'], 100, [false]);
    d.drainAllStock(0, 'B');
    d.taskRunOn('t1', 0);
    d.cpuOffline(1);
    const s = d.snapshot();
    expect(cpu(s, 1)).toMatchObject({ online: false, pageStock: [], objStock: null, workPending: false });
    expect(memcg(s, 'B').usage).toBe(1);
    expect(objcg(s, 'B').nrChargedBytes).toBe(P - 100);
  });

  it('memcg_hotplug_cpu_dead() drains only the page stock; the object stock survives offline and online', () => {
    const d = world();
    d.slabAlloc('t1', ['b'], 100, [false]);
    d.taskRunOn('t1', 0);
    d.cpuOffline(1);
    let s = d.snapshot();
    expect(cpu(s, 1)).toMatchObject({ online: false, pageStock: [], workPending: false });
    expect(cpu(s, 1).objStock).toEqual({ kind: 'objcg', cached: 'B', nrBytes: P - 100 });
    expect(memcg(s, 'B').usage).toBe(1);
    expect(objcg(s, 'B').refs).toBe(3); // initial + b + the dead CPU's stock
    expect(s.precharged).toContainEqual({ memcg: 'B', bytes: P - 100, cpu: 1, where: 'cpu1 obj stock (objcg B)' });

    // drain_all_stock() walks online CPUs only.
    d.drainAllStock(0, 'root');
    expect(cpu(d.snapshot(), 1).objStock?.nrBytes).toBe(P - 100);

    d.cpuOnline(1);
    s = d.snapshot();
    expect(cpu(s, 1)).toMatchObject({ online: true, pageStock: [], workPending: false });
    expect(cpu(s, 1).objStock?.nrBytes).toBe(P - 100);

    d.drainAllStock(0, 'root');
    expect(cpu(d.snapshot(), 1).workPending).toBe(true);
    d.runWork(1);
    s = d.snapshot();
    expect(cpu(s, 1).objStock).toBeNull();
    expect(objcg(s, 'B')).toMatchObject({ refs: 2, nrChargedBytes: P - 100 });
    expect(memcg(s, 'B').usage * P).toBe(100 + precharged(s, 'B'));
  });
});
