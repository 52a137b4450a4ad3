/*
 * Why this test? A branch that shares state with its origin would let one
 * explored path leak into another, and a Harness field added later that
 * branches do not copy would go unnoticed. Branches by clone and by
 * re-execution must agree step for step, and the mirror view of a state
 * must behave as the mirror image.
 */

import { describe, expect, it } from 'vitest';
import { simpleDesign } from '../../examples/simple-design.ts';
import { defaultWorld } from '../../src/config.ts';
import type { Action } from '../actions.ts';
import { parseAction, runAction } from '../commands/index.ts';
import { Harness } from '../harness.ts';
import { INVARIANTS } from '../invariants.ts';
import { teardownAndCheck } from '../quiescence.ts';
import { applyStep, brancher, HARNESS_FIELDS, harnessWith } from './branch.ts';
import { relabelCpus, viewHarness } from './cpu-view.ts';

const world = defaultWorld(2);
const lines = ['cpu0/t0: kmem_cache_alloc(A, 8)', 'cpu0/t0: get_obj_cgroup_from_current(A)', 'cpu1: obj_cgroup_charge(u1, 4097)', 'cgroup_attach_task(B, t0)'];

function run(h: Harness, ls: readonly string[]): Action[] {
  return ls.map((l, i) => {
    const a = parseAction(l, i + 1, h);
    runAction(h, a);
    return a;
  });
}

describe('branch', () => {
  it('knows every field a Harness has', () => {
    const h = new Harness(simpleDesign(), world, { invariants: new Set() });
    expect(Object.keys(h).sort()).toEqual([...HARNESS_FIELDS].sort());
  });

  it('by clone and by re-execution, gives independent harnesses in the same state', () => {
    const options = { invariants: new Set(INVARIANTS) };
    for (const useClone of [true, false]) {
      const b = brancher(simpleDesign(), world, options, useClone);
      expect(b.clones).toBe(useClone);
      const h = b.root();
      const path = run(h, lines);
      const c = b.branch(h, () => path);
      expect(c.state).toEqual(h.state);
      expect(c.env).toEqual(h.env);
      expect(c.env.users.get('u1')!.objs).not.toBe(h.env.users.get('u1')!.objs);
      // diverge: the branch frees, the original does not
      run(c, ['cpu1: kmem_cache_free(o1)']);
      expect(h.env.objects.has('o1')).toBe(true);
      expect(h.design.snapshot()).toEqual(h.state);
      expect(c.state).not.toEqual(h.state);
      teardownAndCheck(c);
      teardownAndCheck(h);
    }
  });

  it('applyStep returns the effect and the violation instead of throwing it', () => {
    const h = new Harness(simpleDesign(new Set(['enomem-leaks-charge'])), world, { invariants: new Set(['failed-charge']) });
    run(h, ['cpu0: memory_max_write(A, 0)']);
    const out = applyStep(h, parseAction('cpu0/t0: kmem_cache_alloc(A, 8)', 1, h));
    expect(out.effect.failedCharge).toBe(true);
    expect(out.violation?.invariant).toBe('failed-charge');
    expect(h.steps).toBe(2);
  });

  it('harnessWith keeps the spec and snapshot, and starts an empty trace', () => {
    const h = new Harness(simpleDesign(), world, { invariants: new Set() });
    run(h, lines);
    const c = harnessWith(h, h.design.clone!());
    expect(c.trace).toEqual([]);
    expect(c.steps).toBe(h.steps);
    expect(c.spec).toBe(h.spec);
    expect(c).toBeInstanceOf(Harness);
  });
});

describe('cpu view', () => {
  it('renumbers CPUs in calls, snapshots and the bookkeeping', () => {
    const h = new Harness(simpleDesign(), world, { invariants: new Set() });
    run(h, lines);
    const v = viewHarness(harnessWith(h, h.design.clone!()), [1, 0]);
    expect(v.env.taskCpu.get('t0')).toBe(1);
    expect(v.env.taskCpu.get('t1')).toBe(0);
    expect(v.state.tasks.find((t) => t.name === 't0')?.cpu).toBe(1);
    expect(v.state.cpus.map((c) => c.cpu)).toEqual([0, 1]);
    run(v, ['cpu0: kmem_cache_free(o1)', 'cpu_down(cpu1)', 'cpu_up(cpu1)']);
    teardownAndCheck(v);
  });

  it('passes every call through, with CPUs mapped back, and clones as a view', () => {
    const inner = simpleDesign().create(world);
    const calls: string[] = [];
    const spy = new Proxy(inner, {
      get: (t, k) => {
        const f = (t as unknown as Record<string | symbol, unknown>)[k];
        return typeof f === 'function' ? (...args: unknown[]) => (calls.push(`${String(k)}(${args.map((a) => JSON.stringify(a)).join(',')})`), f.apply(t, args)) : f;
      },
    });
    const v = relabelCpus(spy, [1, 0]);
    v.mkdir('C', 'A');
    v.rmdir(0, 'C');
    v.setMax(1, 'A', 5);
    v.taskRunOn('t0', 0);
    v.taskMove('t0', 'B');
    v.slabAlloc('t0', ['o1'], 8, [false]);
    v.slabFree(0, ['o1']);
    v.userGet('u1', 't0');
    v.userCharge(0, 'u1', 'o2', 8);
    v.userUncharge(1, 'u1', 'o2');
    v.userPut('u1');
    v.pagesAlloc('t1', 'p1', 1);
    v.pagesSplit('p1', ['p1', 'p2']);
    v.pagesFree(0, 'p1');
    v.drainAllStock(0, 'root');
    v.runWork(1);
    v.cpuOffline(0);
    v.cpuOnline(0);
    v.taskExit('t1');
    expect(calls.filter((c) => /^(rmdir|setMax|taskRunOn|slabFree|userCharge|userUncharge|pagesFree|drainAllStock|runWork|cpuOffline|cpuOnline)/.test(c))).toEqual([
      'rmdir(1,"C")',
      'setMax(0,"A",5)',
      'taskRunOn("t0",1)',
      'slabFree(1,["o1"])',
      'userCharge(1,"u1","o2",8)',
      'userUncharge(0,"u1","o2")',
      'pagesFree(1,"p1")',
      'drainAllStock(1,"root")',
      'runWork(0)',
      'cpuOffline(1)',
      'cpuOnline(1)',
    ]);
    expect(v.snapshot().tasks.find((t) => t.name === 't0')?.cpu).toBe(0);
    expect(typeof v.clone).toBe('function');
    expect(v.clone!().snapshot()).toEqual(v.snapshot());
  });
});
