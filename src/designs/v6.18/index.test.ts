import { describe, expect, it } from 'vitest';
import { defaultWorld } from '../../config.ts';
import { PAGE_SIZE } from '../../kernel/constants.ts';
import { LARGEST_CHARGE_BYTES, v6_18 } from './index.ts';
import { boot, bootAB, cpu, memcg, objcg } from './testing.ts';

describe('v6.18 design object and entry points', () => {
  it('declares the 6.18 constants and reference rules', () => {
    expect(v6_18.info).toMatchObject({ name: 'v6.18', batch: 64, stockSlots: 7 });
    expect(v6_18.info.refRules).toEqual({ memcg: 'pointers-only', kmemPagesPinObjcg: true, taskObjcgCache: true, origObjcgRef: true, objcgs: true, childPinsParent: true, idRefWhileOnline: true, tasksPinCss: true });
    const b = v6_18.info.prechargeBound(defaultWorld(4));
    expect(b.perCpuBytes).toBe(7 * 64 * PAGE_SIZE + LARGEST_CHARGE_BYTES + PAGE_SIZE - 2);
    expect(b.perHolderBytes).toBe(4 * (PAGE_SIZE - 1));
    expect(v6_18.info.prechargeBound({ ...defaultWorld(1), batch: 4, stockSlots: 2 }).perCpuBytes).toBe(2 * 4 * PAGE_SIZE + LARGEST_CHARGE_BYTES + PAGE_SIZE - 2);
    expect(b.why).toMatch(/sizeof\(object\) \+ PAGE_SIZE - 2/);
  });

  it('boots the world: memcgs in order, css references of the ID and the css_set, tasks flagged for a lookup', () => {
    const s = v6_18.create(defaultWorld(2)).snapshot();
    expect(s.memcgs.map((m) => [m.name, m.parent, m.refs])).toEqual([
      ['root', null, 1],
      ['A', 'root', 3],
      ['B', 'root', 3],
    ]);
    expect(s.objcgs.map((o) => [o.name, o.memcg, o.refs])).toEqual([
      ['A', 'A', 2],
      ['B', 'B', 2],
    ]);
    expect(s.tasks).toEqual([
      { name: 't0', cgroup: 'A', cpu: 0, cachedObjcg: null },
      { name: 't1', cgroup: 'B', cpu: 1, cachedObjcg: null },
    ]);
    expect(s.cpus.map((c) => c.online)).toEqual([true, true]);
    expect(s.forcedCharge).toBe(false);
  });

  it('mkdir pins the parent; moving a task pins the new css_set; a move to the same cgroup does nothing', () => {
    const d = bootAB();
    d.mkdir('C', 'A');
    let s = d.snapshot();
    expect(memcg(s, 'A').refs).toBe(4);
    expect(memcg(s, 'C').refs).toBe(2);
    d.slabAlloc('t0', ['o1'], 8, [false]);
    d.taskMove('t0', 'A');
    expect(d.snapshot().tasks.find((t) => t.name === 't0')!.cachedObjcg).toBe('A'); // no refresh asked
    d.taskMove('t0', 'C');
    s = d.snapshot();
    expect(memcg(s, 'C').refs).toBe(3);
    expect(memcg(s, 'A').refs).toBe(4 + 1 - 1); // slot +1, css_set -1
    expect(s.tasks.find((t) => t.name === 't0')!.cachedObjcg).toBe('A'); // stale until the next lookup
    d.userGet('u1', 't0');
    s = d.snapshot();
    expect(s.tasks.find((t) => t.name === 't0')!.cachedObjcg).toBe('C');
    expect(objcg(s, 'A').refs).toBe(4); // initial, orig, o1, stock: t0's reference went
    expect(objcg(s, 'C').refs).toBe(4); // initial, orig, t0, u1
    d.taskExit('t0');
    s = d.snapshot();
    expect(objcg(s, 'C').refs).toBe(3);
    expect(memcg(s, 'C').refs).toBe(2);
    expect(s.tasks.map((t) => t.name)).toEqual(['t1']);
  });

  it('counts shared operations', () => {
    const d = bootAB();
    d.slabAlloc('t0', ['o1'], 92, [false]);
    // page counter: one charge of 2 levels (A, root); the obj stock and the slot changed what they cache
    expect(d.snapshot().costs).toEqual({ pageCounter: 2, objcgBytes: 0, refAtomics: 0, stockDrains: 0, stockRefills: 2 });
    d.setMax(0, 'A', 64);
    d.taskRunOn('t0', 1);
    expect(d.slabAlloc('t0', ['o2'], 92, [false])).toBeNull();
    // a try that fails at A touches 1 level: the batch, then 1 page before and after the drain and 16 retries
    expect(d.snapshot().costs?.pageCounter).toBe(2 + 1 + 18);
  });

  it('rejects calls whose preconditions the harness guarantees', () => {
    const d = bootAB();
    expect(() => d.mkdir('A', 'root')).toThrow(/already exists/);
    expect(() => d.rmdir(0, 'nope')).toThrow(/no memcg nope/);
    expect(() => d.taskRunOn('t9', 0)).toThrow(/no task t9/);
    expect(() => d.userCharge(0, 'u9', 'o', 1)).toThrow(/no kernel user u9/);
    d.userGet('u1', 't0');
    expect(() => d.userGet('u1', 't0')).toThrow(/already holds/);
    expect(() => d.userUncharge(0, 'u1', 'o')).toThrow(/no object o/);
    expect(() => d.slabFree(0, ['o'])).toThrow(/unknown slab object/);
    expect(() => d.pagesFree(0, 'p')).toThrow(/unknown page/);
    expect(() => d.pagesSplit('p', ['p'])).toThrow(/unknown page/);
    d.pagesAlloc('t0', 'p', 1);
    expect(() => d.pagesSplit('p', ['p'])).toThrow(/into 1 pages/);
    d.rmdir(0, 'B');
    expect(() => d.setMax(0, 'B', 1)).toThrow(/offline/);
    expect(() => d.runWork(5)).toThrow(/no cpu5/);
  });

  it('a task in root has no objcg: its pages and objects are not accounted, its user charges nothing', () => {
    const d = boot({}, { t9: ['root', 0] }, 1);
    expect(d.slabAlloc('t9', ['o1'], 100, [false])).toEqual(['o1']);
    expect(d.pagesAlloc('t9', 'p1', 0)).toBe(true);
    d.userGet('u1', 't9');
    expect(d.userCharge(0, 'u1', 'x', 100)).toBe(true);
    d.userUncharge(0, 'u1', 'x');
    d.userPut('u1');
    d.slabFree(0, ['o1']);
    d.pagesFree(0, 'p1');
    const s = d.snapshot();
    expect(memcg(s, 'root').usage).toBe(0);
    expect(cpu(s, 0)).toMatchObject({ pageStock: [], objStock: null });
  });
});
