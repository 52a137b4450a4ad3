/*
 * The finite scope of an exploration, and every action enabled in a state.
 *
 * Like a TLA+ model's CONSTANTS, the scope makes the state space finite:
 * a few CPUs, a root with a few cgroups in at most two levels, object
 * sizes from a small set around page boundaries, a bound on live charged
 * objects and on kernel users. Within it, the actions enabled in a state
 * are exactly those the random runner could generate there: for each op,
 * the raw values that select every choice (task, CPU, cgroup, object) are
 * enumerated and turned into actions by the op's own `resolve()`, then
 * `invalid()` must agree that the action can run. The explorer therefore
 * walks a subset of the runner's space, and its shortest traces can be
 * compared with the runner's.
 */

import type { WorldConfig } from '../../src/design.ts';
import { defaultWorld } from '../../src/config.ts';
import { PAGE_SIZE, ROOT } from '../../src/kernel/constants.ts';
import { type Action, type OpDef, type OpName } from '../actions.ts';
import { GENERATED_OPS, OPS, invalidAction } from '../commands/index.ts';
import type { Harness } from '../harness.ts';
import * as spec from '../../models/memcg-spec.ts';

export interface Scope {
  /** Possible CPUs (the world of `defaultWorld(nrCpus)`). */
  readonly nrCpus: number;
  /** Non-root cgroups that may ever exist, the world's A and B included. */
  readonly maxCgroups: number;
  /** Deepest level of a cgroup; root is level 0, A and B level 1. */
  readonly maxLevel: number;
  /** Object sizes in bytes for slab allocations and obj_cgroup_charge. */
  readonly sizes: readonly number[];
  /** Live charged things at most: slab objects, user charges and kmem pages. */
  readonly maxObjects: number;
  /** Kernel users holding an obj_cgroup at most. */
  readonly maxUsers: number;
  /** Objects per slab allocation: 1 is kmem_cache_alloc, more is bulk. */
  readonly allocCounts: readonly number[];
  /** Which objects of a bulk allocation the allocator fails (indices), one pattern per entry. */
  readonly bulkFails: readonly (readonly number[])[];
  /** Freeing two objects in one kmem_cache_free_bulk call, besides single frees. */
  readonly bulkFree: boolean;
  /** kmem page orders. */
  readonly pageOrders: readonly number[];
  /** memory.max values, in pages above what the cgroup uses (spec); "max" is always offered too. */
  readonly maxDeltas: readonly number[];
  /** Ops explored (default: every op the random runner generates). */
  readonly ops: readonly OpName[];
}

/**
 * The default scope: 2 CPUs; root, A, B and one more cgroup (under any of
 * them, two levels at most); sizes one byte under a page, a page, one
 * byte over, and a small object (a page exactly is where v5.10's byte
 * stock hands whole pages back: objection 2's shortest trace there needs
 * it); at most 3 live objects and 1 kernel user; bulk
 * allocations of 2 with and without an allocator failure; pages of order
 * 0 and 1; memory.max at or one page above usage, or unlimited.
 */
export const DEFAULT_SCOPE: Scope = {
  nrCpus: 2,
  maxCgroups: 3,
  maxLevel: 2,
  sizes: [8, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1],
  maxObjects: 3,
  maxUsers: 1,
  allocCounts: [1, 2],
  bulkFails: [[], [1]],
  bulkFree: false,
  pageOrders: [0, 1],
  maxDeltas: [0, 1],
  ops: GENERATED_OPS,
};

/** The world every exploration of `scope` starts from: the runner's default world. */
export function worldOf(scope: Scope): WorldConfig {
  return defaultWorld(scope.nrCpus);
}

/** Throws one line naming the first thing wrong with `scope`. */
export function validateScope(scope: Scope): void {
  const bad = (msg: string): never => {
    throw new Error(`invalid scope: ${msg}`);
  };
  const world = worldOf(scope);
  if (!Number.isInteger(scope.nrCpus) || scope.nrCpus < 1 || scope.nrCpus > 8) bad(`cpus must be 1..8, got ${scope.nrCpus}`);
  if (!Number.isInteger(scope.maxCgroups) || scope.maxCgroups < world.cgroups.length)
    bad(`cgroups must be at least ${world.cgroups.length} (the world starts with ${world.cgroups.map((c) => c.name).join(' and ')}), got ${scope.maxCgroups}`);
  if (!Number.isInteger(scope.maxLevel) || scope.maxLevel < 1) bad(`levels must be at least 1, got ${scope.maxLevel}`);
  if (scope.sizes.length === 0 || scope.sizes.some((s) => !Number.isSafeInteger(s) || s < 1)) bad(`sizes must be positive integers, got ${scope.sizes.join(',')}`);
  if (!Number.isInteger(scope.maxObjects) || scope.maxObjects < 0) bad(`objects must be a non-negative integer, got ${scope.maxObjects}`);
  if (scope.allocCounts.some((c) => !Number.isInteger(c) || c < 1 || c > 4)) bad(`allocation counts must be 1..4, got ${scope.allocCounts.join(',')}`);
  if (scope.pageOrders.some((o) => !Number.isInteger(o) || o < 0 || o > 3)) bad(`page orders must be 0..3, got ${scope.pageOrders.join(',')}`);
  const unknown = scope.ops.find((op) => !(op in OPS));
  if (unknown !== undefined) bad(`unknown op ${unknown}`);
}

/* ------------------------------------------------------------ raw values */

function range(n: number): number[] {
  return Array.from({ length: Math.max(0, n) }, (_, i) => i);
}

function level(h: Harness, cgroup: string): number {
  let n = 0;
  for (let c = h.spec.cgroups.get(cgroup); c?.parent; c = h.spec.cgroups.get(c.parent)) n++;
  return n;
}

function liveCharged(h: Harness): number {
  return h.env.objects.size;
}

/**
 * For each op, raw values whose `resolve()` selects every choice the op
 * has in this state, once each (indices run over the very lists `resolve`
 * picks from), restricted to the scope's sizes, counts and limits.
 */
const DOMAINS: Record<OpName, (h: Harness, s: Scope) => unknown[]> = {
  mkdir: (h, s) =>
    h.env.cgroupOrder.length - 1 >= s.maxCgroups ? [] : range(h.liveCgroups().length).filter((ix) => level(h, h.liveCgroups()[ix]!) < s.maxLevel),
  rmdir: (h) => cross(range(h.liveCgroups().filter((c) => spec.canRmdir(h.spec, c)).length), range(h.onlineCpus().length)).map(([cg, cpu]) => ({ cg, cpu })),
  setMax: (h, s) => {
    const cgs = range(h.liveCgroups().filter((c) => c !== ROOT).length);
    const limits = [...s.maxDeltas.map((delta) => ({ delta, unlimited: false })), { delta: 0, unlimited: true }];
    return cross(cgs, range(h.onlineCpus().length)).flatMap(([cg, cpu]) => limits.map((l) => ({ cg, cpu, ...l })));
  },
  runOn: (h) => cross(range(h.tasks().length), range(h.onlineCpus().length - 1)).map(([task, cpu]) => ({ task, cpu })),
  attach: (h) => cross(range(h.tasks().length), range(h.liveCgroups().filter((c) => c !== ROOT).length - 1)).map(([task, cg]) => ({ task, cg })),
  exit: (h) => range(h.tasks().length),
  alloc: (h, s) =>
    range(h.tasks().length).flatMap((task) =>
      s.sizes.flatMap((base) =>
        s.allocCounts.flatMap((count) => {
          if (liveCharged(h) + count > s.maxObjects) return [];
          const fails = count === 1 ? [0] : s.bulkFails.filter((f) => f.every((i) => i < count)).map((f) => f.reduce((m, i) => m | (1 << i), 0));
          return fails.map((fail) => ({ task, size: { base, percpu: false }, count, fail }));
        }),
      ),
    ),
  free: (h, s) => {
    const objs = range(h.liveObjects('slab').length);
    const sets = [...objs.map((i) => [i]), ...(s.bulkFree ? objs.flatMap((i) => objs.filter((j) => j > i).map((j) => [i, j])) : [])];
    return cross(sets, range(h.onlineCpus().length)).map(([o, cpu]) => ({ cpu, objs: o }));
  },
  userGet: (h, s) => (h.env.users.size >= s.maxUsers ? [] : range(h.tasks().length)),
  userCharge: (h, s) =>
    liveCharged(h) >= s.maxObjects
      ? []
      : cross(range(h.env.users.size), range(h.onlineCpus().length)).flatMap(([user, cpu]) => s.sizes.map((base) => ({ user, cpu, size: { base, percpu: false } }))),
  userUncharge: (h) => cross(range(h.liveObjects('user').length), range(h.onlineCpus().length)).map(([obj, cpu]) => ({ obj, cpu })),
  userPut: (h) => range([...h.env.users.values()].filter((u) => u.objs.size === 0).length),
  pagesAlloc: (h, s) => (liveCharged(h) >= s.maxObjects ? [] : cross(range(h.tasks().length), s.pageOrders).map(([task, order]) => ({ task, order }))),
  pagesSplit: (h, s) => {
    const big = h.liveObjects('page').filter((p) => h.env.objects.get(p)!.order! > 0);
    return range(big.length).filter((ix) => liveCharged(h) - 1 + (1 << h.env.objects.get(big[ix]!)!.order!) <= s.maxObjects);
  },
  pagesFree: (h) => cross(range(h.liveObjects('page').length), range(h.onlineCpus().length)).map(([page, cpu]) => ({ page, cpu })),
  drainAll: (h) => cross(range(h.liveCgroups().length), range(h.onlineCpus().length)).map(([cg, cpu]) => ({ cg, cpu })),
  runWork: (h) => range(h.state.cpus.filter((c) => c.online && c.workPending).length),
  cpuDown: (h) => range(h.onlineCpus().length),
  cpuUp: (h) => range(h.env.online.filter((on) => !on).length),
};

function cross<A, B>(as: readonly A[], bs: readonly B[]): [A, B][] {
  return as.flatMap((a) => bs.map((b): [A, B] => [a, b]));
}

/**
 * Every action of the scope enabled in `h`'s state, in a fixed order (op
 * order of `scope.ops`, then the order of the raw values). An action that
 * `resolve` produces but `invalid` rejects would be a bug in the op; it is
 * reported, not explored.
 */
export function enabledActions(h: Harness, scope: Scope): Action[] {
  const out: Action[] = [];
  for (const op of scope.ops) {
    const d = OPS[op] as OpDef<OpName, unknown>;
    for (const raw of DOMAINS[op](h, scope)) {
      const a = d.resolve(raw, h) as Action | null;
      if (a === null) continue;
      const why = invalidAction(h, a);
      if (why !== null) throw new Error(`op ${op} resolved ${JSON.stringify(raw)} to an action it calls invalid: ${why}`);
      out.push(a);
    }
  }
  return out;
}
