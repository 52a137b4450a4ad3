import { describe, expect, it } from 'vitest';
import { simpleDesign } from '../../examples/simple-design.ts';
import { PAGE_COUNTER_MAX } from '../../src/kernel/constants.ts';
import type { Action, OpName } from '../actions.ts';
import { formatAction, GENERATED_OPS, invalidAction, parseAction, runAction } from '../commands/index.ts';
import { Harness } from '../harness.ts';
import { DEFAULT_SCOPE, enabledActions, validateScope, worldOf, type Scope } from './scope.ts';

function harness(lines: readonly string[] = [], scope: Scope = DEFAULT_SCOPE): Harness {
  const h = new Harness(simpleDesign(), worldOf(scope), { invariants: new Set() });
  lines.forEach((l, i) => runAction(h, parseAction(l, i + 1, h) as Action));
  return h;
}

const calls = (h: Harness, s: Scope = DEFAULT_SCOPE): string[] => enabledActions(h, s).map(formatAction);

describe('scope: the actions enabled in a state', () => {
  it('in the initial state: every choice once, each valid', () => {
    const h = harness();
    const actions = enabledActions(h, DEFAULT_SCOPE);
    const text = actions.map(formatAction);
    expect(new Set(text).size).toBe(text.length);
    for (const a of actions) expect(invalidAction(h, a)).toBeNull();
    expect(text).toContain('cgroup_mkdir(C, root)');
    expect(text).toContain('cgroup_mkdir(C, B)');
    expect(text).toContain('cpu1/t1: kmem_cache_alloc_bulk(B, 4097, 2, fail=[1])');
    expect(text).toContain(`cpu1: memory_max_write(A, 1)`);
    expect(text).toContain('cpu0: memory_max_write(B, max)');
    expect(text).toContain('set_task_cpu(t0, cpu1)');
    expect(text).not.toContain('set_task_cpu(t0, cpu0)');
    expect(text).toContain('cpu_down(cpu1)');
    expect(text.filter((t) => t.includes('kmem_cache_alloc'))).toHaveLength(2 * 4 * 3); // tasks x sizes x (single, bulk, bulk failing)
    expect(text).toHaveLength(57);
  });

  it('reaches every generated op from some state', () => {
    const h = harness([
      'cpu0/t0: kmem_cache_alloc(A, 8)',
      'cpu0/t0: get_obj_cgroup_from_current(A)',
      'cpu0: obj_cgroup_charge(u1, 8)',
      'cpu0/t0: alloc_pages(A, order=1)',
      'cpu0: drain_all_stock(root)',
      'cpu_down(cpu1)',
    ]);
    const ops = new Set(enabledActions(h, { ...DEFAULT_SCOPE, maxObjects: 8 }).map((a) => a.op));
    for (const lines of [['cgroup_attach_task(B, t0)'], ['cpu0/t0: get_obj_cgroup_from_current(A)']])
      for (const a of enabledActions(harness(lines), DEFAULT_SCOPE)) ops.add(a.op);
    // runWork needs queued drain work, which the example design never queues
    const missing = GENERATED_OPS.filter((op) => !ops.has(op) && op !== 'runWork');
    expect(missing).toEqual([] as OpName[]);
  });

  it('respects the bounds on cgroups, levels, objects and users', () => {
    const full = harness(['cgroup_mkdir(C, A)']);
    expect(calls(full).filter((t) => t.startsWith('cgroup_mkdir'))).toEqual([]);
    const deep = harness([], { ...DEFAULT_SCOPE, maxCgroups: 4, maxLevel: 1 });
    expect(calls(deep, { ...DEFAULT_SCOPE, maxCgroups: 4, maxLevel: 1 }).filter((t) => t.startsWith('cgroup_mkdir'))).toEqual(['cgroup_mkdir(C, root)']);
    const three = harness(['cpu0/t0: kmem_cache_alloc(A, 8)', 'cpu0/t0: kmem_cache_alloc(A, 8)', 'cpu0/t0: kmem_cache_alloc(A, 8)']);
    expect(calls(three).filter((t) => /alloc|charge\(/.test(t))).toEqual([]);
    expect(calls(three).filter((t) => t.includes('kmem_cache_free'))).toHaveLength(6);
    const user = harness(['cpu0/t0: get_obj_cgroup_from_current(A)']);
    expect(calls(user).filter((t) => t.includes('get_obj_cgroup'))).toEqual([]);
    expect(calls(user)).toContain('obj_cgroup_put(u1)');
  });

  it('offers bulk frees when the scope asks for them', () => {
    const s = { ...DEFAULT_SCOPE, bulkFree: true };
    const h = harness(['cpu0/t0: kmem_cache_alloc(A, 8)', 'cpu0/t0: kmem_cache_alloc(A, 8)']);
    expect(calls(h, s)).toContain('cpu1: kmem_cache_free_bulk(o1, o2)');
  });

  it('sets limits relative to what the spec uses', () => {
    const h = harness(['cpu0/t0: kmem_cache_alloc(A, 4097)']);
    const limits = enabledActions(h, DEFAULT_SCOPE).flatMap((a) => (a.op === 'setMax' && a.cgroup === 'A' && a.cpu === 0 ? [a.pages] : []));
    expect(limits).toEqual([2, 3, PAGE_COUNTER_MAX]);
  });
});

describe('scope: validation', () => {
  const bad = (over: Partial<Scope>): string => {
    try {
      validateScope({ ...DEFAULT_SCOPE, ...over });
      return 'valid';
    } catch (e) {
      return (e as Error).message;
    }
  };

  it('names the first thing wrong, in one line', () => {
    expect(bad({})).toBe('valid');
    expect(bad({ nrCpus: 0 })).toBe('invalid scope: cpus must be 1..8, got 0');
    expect(bad({ maxCgroups: 1 })).toBe('invalid scope: cgroups must be at least 2 (the world starts with A and B), got 1');
    expect(bad({ maxLevel: 0 })).toBe('invalid scope: levels must be at least 1, got 0');
    expect(bad({ sizes: [] })).toBe('invalid scope: sizes must be positive integers, got ');
    expect(bad({ maxObjects: -1 })).toBe('invalid scope: objects must be a non-negative integer, got -1');
    expect(bad({ allocCounts: [5] })).toBe('invalid scope: allocation counts must be 1..4, got 5');
    expect(bad({ pageOrders: [4] })).toBe('invalid scope: page orders must be 0..3, got 4');
    expect(bad({ ops: ['fly' as OpName] })).toBe('invalid scope: unknown op fly');
  });
});
