/*
 * A small exhaustive enumeration, for minimality arguments: every
 * sequence of up to `depth` actions drawn from a finite scope of each
 * state, run on a fresh harness with a property's per-step checks (no
 * teardown: it is for properties whose checks fire on a step, such as the
 * switch cost). Returns the first failing sequence, or null.
 *
 * Scope per state: allocations of each task (sizes `sizes`, one object);
 * frees of each live object on each online CPU; each task moved to each
 * other online CPU and to each other live non-root cgroup; a kernel user
 * taken from each task, charging (`sizes`) and uncharging on each CPU and
 * put; order-0 kmem pages allocated and freed on each CPU; drain_all_stock
 * of each live cgroup from each CPU and queued work run; CPUs down and up;
 * leaf cgroups deleted and one new cgroup under root. memory.max writes
 * are left out: they only drain stocks or make charges fail.
 */

import type { Action } from '../actions.ts';
import type { Design, WorldConfig } from '../../src/design.ts';
import { Harness, InvariantViolation } from '../harness.ts';
import { invalidAction, runAction } from '../commands/index.ts';
import type { PropertyDef } from '../properties.ts';
import * as spec from '../../models/memcg-spec.ts';
import { ROOT } from '../../src/kernel/constants.ts';

export function scopeActions(h: Harness, sizes: readonly number[]): Action[] {
  const cpus = h.onlineCpus();
  const out: Action[] = [];
  for (const task of h.tasks()) {
    const cpu = h.env.taskCpu.get(task)!;
    const cgroup = h.taskCgroup(task);
    for (const size of sizes) out.push({ op: 'alloc', task, cpu, cgroup, size, count: 1, fail: [] });
    for (const c of cpus) if (c !== cpu) out.push({ op: 'runOn', task, cpu: c });
    for (const cg of h.liveCgroups()) if (cg !== ROOT && cg !== cgroup) out.push({ op: 'attach', task, cgroup: cg });
    if (h.env.users.size < 2) out.push({ op: 'userGet', task, cpu, cgroup });
    out.push({ op: 'pagesAlloc', task, cpu, cgroup, order: 0 });
  }
  for (const obj of h.liveObjects('slab')) for (const cpu of cpus) out.push({ op: 'free', cpu, objs: [obj] });
  for (const page of h.liveObjects('page')) for (const cpu of cpus) out.push({ op: 'pagesFree', cpu, page });
  for (const [user, u] of h.env.users) {
    for (const cpu of cpus) for (const size of sizes) out.push({ op: 'userCharge', cpu, user, size });
    for (const obj of u.objs) for (const cpu of cpus) out.push({ op: 'userUncharge', cpu, user, obj });
    if (u.objs.size === 0) out.push({ op: 'userPut', user });
  }
  for (const cpu of cpus) for (const root of h.liveCgroups()) out.push({ op: 'drainAll', cpu, root });
  for (const c of h.state.cpus) if (c.online && c.workPending) out.push({ op: 'runWork', cpu: c.cpu });
  if (cpus.length > 1) for (const cpu of cpus) out.push({ op: 'cpuDown', cpu });
  h.env.online.forEach((on, cpu) => on || out.push({ op: 'cpuUp', cpu }));
  for (const name of h.liveCgroups()) if (spec.canRmdir(h.spec, name)) out.push({ op: 'rmdir', cpu: cpus[0]!, name });
  if (h.liveCgroups().length < 4) out.push({ op: 'mkdir', name: h.newCgroupPeek(), parent: ROOT });
  return out.filter((a) => invalidAction(h, a) === null);
}

function replay(design: Design, config: WorldConfig, prop: PropertyDef, seq: readonly Action[]): Harness | InvariantViolation {
  const h = new Harness(design, config, { invariants: new Set(prop.invariants), checks: prop.checks ?? [] });
  try {
    for (const a of seq) runAction(h, a);
    return h;
  } catch (e) {
    if (e instanceof InvariantViolation) return e;
    throw e;
  }
}

/** Depth-first over every sequence of at most `depth` scope actions; the first failing one, or null. */
export function firstFailing(design: Design, config: WorldConfig, prop: PropertyDef, depth: number, sizes: readonly number[]): { seq: Action[]; sequences: number } | { seq: null; sequences: number } {
  let sequences = 0;
  const walk = (prefix: Action[]): Action[] | null => {
    sequences++;
    const h = replay(design, config, prop, prefix);
    if (h instanceof InvariantViolation) return prefix;
    if (prefix.length === depth) return null;
    for (const a of scopeActions(h, sizes)) {
      const found = walk([...prefix, a]);
      if (found) return found;
    }
    return null;
  };
  const seq = walk([]);
  return { seq, sequences };
}
