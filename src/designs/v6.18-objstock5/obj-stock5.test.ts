import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../kernel/constants.ts';
import { slotsOf } from './obj-stock5.ts';
import { boot5, bootSix, cpu, memcg, objcg } from './testing.ts';
import type { V618Instance } from '../v6.18/instance.ts';

/** cpu's slots as [objcg, nr_bytes] (null for an empty slot) and drain_idx. */
function slots(d: V618Instance, n: number): { slots: ([string, number] | null)[]; drainIdx: number } {
  const s = slotsOf(d.k.cpus[n]!.objStock);
  return { slots: s.cached.map((o, i) => (o ? [o.name, s.nrBytes[i]!] : null)), drainIdx: s.drainIdx };
}

describe('v6.18+objstock5 object stock', () => {
  it('five cgroups taking turns on one CPU keep their bytes: no drain, the second round touches no shared state', () => {
    const d = bootSix();
    for (const x of ['A', 'B', 'C', 'D', 'E']) expect(d.slabAlloc(`t${x}`, [`${x}1`], 92, [false])).toEqual([`${x}1`]);
    let s = d.snapshot();
    expect(slots(d, 0)).toEqual({ slots: [['A', 4004], ['B', 4004], ['C', 4004], ['D', 4004], ['E', 4004]], drainIdx: 0 });
    expect(s.costs).toMatchObject({ stockDrains: 0, stockRefills: 10 }); // five page-stock slots, five object-stock slots
    expect(s.precharged.filter((p) => p.where.includes('obj stock')).map((p) => p.where)).toEqual([
      'cpu0 obj stock slot 0 (objcg A)',
      'cpu0 obj stock slot 1 (objcg B)',
      'cpu0 obj stock slot 2 (objcg C)',
      'cpu0 obj stock slot 3 (objcg D)',
      'cpu0 obj stock slot 4 (objcg E)',
    ]);
    const costs = s.costs!;
    for (const x of ['A', 'B', 'C', 'D', 'E']) d.slabAlloc(`t${x}`, [`${x}2`], 92, [false]);
    s = d.snapshot();
    expect(slots(d, 0).slots).toEqual([['A', 3912], ['B', 3912], ['C', 3912], ['D', 3912], ['E', 3912]]);
    expect(s.costs).toEqual(costs); // all five stock hits
    expect(cpu(s, 0).objStock).toEqual({ kind: 'objcg', cached: 'E', nrBytes: 3912 }); // the most recently used slot
  });

  it('the sixth cgroup evicts drain_idx\'s slot, and the next newcomer the one after it (round-robin)', () => {
    const d = bootSix();
    for (const x of ['A', 'B', 'C', 'D', 'E']) d.slabAlloc(`t${x}`, [`${x}1`], 92, [false]);
    const refsA = objcg(d.snapshot(), 'A').refs;
    d.slabAlloc('tF', ['F1'], 92, [false]);
    let s = d.snapshot();
    expect(slots(d, 0)).toEqual({ slots: [['F', 4004], ['B', 4004], ['C', 4004], ['D', 4004], ['E', 4004]], drainIdx: 1 });
    expect(objcg(s, 'A')).toMatchObject({ nrChargedBytes: 4004, refs: refsA - 1 }); // slot 0 flushed, its reference put
    expect(s.costs).toMatchObject({ stockDrains: 1, stockRefills: 12 }); // F's page-stock slot and object-stock slot
    expect(cpu(s, 0).objStock).toEqual({ kind: 'objcg', cached: 'F', nrBytes: 4004 });

    // A comes back: slot 1 (B) goes; A takes its 4004 leftover bytes back, 8008 > PAGE_SIZE returns a page
    const usageA = memcg(s, 'A').usage;
    d.slabAlloc('tA', ['A2'], 92, [false]);
    s = d.snapshot();
    expect(slots(d, 0)).toEqual({ slots: [['F', 4004], ['A', 4004 + 4004 - PAGE_SIZE], ['C', 4004], ['D', 4004], ['E', 4004]], drainIdx: 2 });
    expect(objcg(s, 'A').nrChargedBytes).toBe(0);
    expect(objcg(s, 'B').nrChargedBytes).toBe(4004);
    expect(memcg(s, 'A').usage).toBe(usageA); // one page from the page stock, one page back to it
    expect(s.warnings).toEqual([]);
  });

  it('a 70000-byte charge leaves 3728 bytes; its free (73728 > U16_MAX and > PAGE_SIZE) returns all 18 pages', () => {
    const d = boot5({ A: 'root' }, { t0: ['A', 0] });
    d.userGet('u1', 't0');
    expect(d.userCharge(0, 'u1', 'x', 70000)).toBe(true); // 18 pages, 18 * 4096 - 70000 = 3728 stocked
    expect(slots(d, 0).slots[0]).toEqual(['A', 3728]);
    const usage = memcg(d.snapshot(), 'A').usage;
    d.userUncharge(0, 'u1', 'x');
    const s = d.snapshot();
    expect(slots(d, 0).slots[0]).toEqual(['A', 0]); // 3728 + 70000 = 18 pages exactly
    expect(memcg(s, 'A').usage).toBe(usage); // the pages went to the page stock
    expect(s.precharged).toEqual([{ memcg: 'A', bytes: usage * PAGE_SIZE, cpu: 0, where: 'cpu0 page stock slot 0 (A)' }]);
  });

  it('charges alone may grow a slot past a page, but not past U16_MAX: 69615 bytes flush 16 pages and keep 4079', () => {
    const d = boot5({ A: 'root' }, { t0: ['A', 0] });
    d.userGet('u1', 't0');
    // each charge of 4096k+1 bytes misses the slot (it holds 4095(k-1)) and adds 4095 with allow_uncharge false
    for (let k = 1; k <= 16; k++) expect(d.userCharge(0, 'u1', `x${k}`, PAGE_SIZE * k + 1)).toBe(true);
    expect(slots(d, 0).slots[0]).toEqual(['A', 4095 * 16]); // 65520 <= U16_MAX
    expect(d.userCharge(0, 'u1', 'x17', PAGE_SIZE * 17 + 1)).toBe(true); // 65520 + 4095 = 69615 > U16_MAX
    expect(slots(d, 0).slots[0]).toEqual(['A', 69615 - 16 * PAGE_SIZE]);
    const s = d.snapshot();
    const live = PAGE_SIZE * ((17 * 18) / 2) + 17;
    const pre = s.precharged.filter((p) => p.memcg === 'A').reduce((n, p) => n + p.bytes, 0);
    expect(memcg(s, 'A').usage).toBe(192);
    expect(s.precharged).toEqual([
      { memcg: 'A', bytes: 38 * PAGE_SIZE, cpu: 0, where: 'cpu0 page stock slot 0 (A)' }, // the 16 pages came back here
      { memcg: 'A', bytes: 4079, cpu: 0, where: 'cpu0 obj stock slot 0 (objcg A)' },
    ]);
    expect(192 * PAGE_SIZE).toBe(live + pre); // no page lost to a truncated uint16_t
  });

  it('drain_all_stock, the drain work and CPU hotplug drain every slot', () => {
    const d = boot5({ A: 'root', B: 'root', C: 'root' }, { tA: ['A', 1], tB: ['B', 1], tC: ['C', 0] });
    d.slabAlloc('tA', ['a'], 92, [false]);
    d.slabAlloc('tB', ['b'], 92, [false]);
    d.slabAlloc('tC', ['c'], 92, [false]);
    d.drainAllStock(0, 'B'); // cpu1 has a slot under B: work queued; cpu0 (C only) untouched
    expect(cpu(d.snapshot(), 1).workPending).toBe(true);
    expect(slots(d, 0).slots[0]).toEqual(['C', 4004]);
    d.runWork(1);
    let s = d.snapshot();
    expect(slots(d, 1).slots).toEqual([null, null, null, null, null]);
    expect(objcg(s, 'A').nrChargedBytes).toBe(4004);
    expect(objcg(s, 'B').nrChargedBytes).toBe(4004);
    expect(cpu(s, 1).objStock).toBeNull();
    d.cpuOffline(0);
    s = d.snapshot();
    expect(slots(d, 0).slots).toEqual([null, null, null, null, null]);
    expect(objcg(s, 'C').nrChargedBytes).toBe(4004);
  });

  it('the 92-byte sequence of obj_cgroup_release() ends with nr_charged_bytes == PAGE_SIZE, uncharged without warning', () => {
    const d = boot5(
      { A: 'root', B: 'root', C: 'A', D: 'root', E: 'root', F: 'root', G: 'root' },
      { t0: ['C', 0], tB: ['B', 1], tD: ['D', 1], tE: ['E', 1], tF: ['F', 1], tG: ['G', 1] },
    );
    d.slabAlloc('t0', ['op'], PAGE_SIZE, [false]); // 1) cpu0 caches objcg C (0 bytes) in a slot
    d.taskRunOn('t0', 1);
    d.slabAlloc('t0', ['o1'], 92, [false]); // 2) cpu1: 92 bytes, a page charged, slot 0
    for (const x of ['B', 'D', 'E', 'F']) d.slabAlloc(`t${x}`, [`${x}1`], 8, [false]); // slots 1-4
    expect(objcg(d.snapshot(), 'C').nrChargedBytes).toBe(0); // five slots: another memcg alone no longer flushes C
    d.slabAlloc('tG', ['G1'], 8, [false]); // 3) the sixth memcg evicts slot 0
    expect(objcg(d.snapshot(), 'C').nrChargedBytes).toBe(PAGE_SIZE - 92);
    d.slabFree(0, ['op']); // cpu0's slot: 0 + PAGE_SIZE, kept
    d.slabFree(0, ['o1']); // 4) cpu0: + 92 -> one page back, 92 left
    expect(slots(d, 0).slots[0]).toEqual(['C', 92]);
    d.drainAllStock(0, 'C'); // 5) cpu0's stock is flushed
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
    expect(s.warnings).toEqual([]);
  });
});
