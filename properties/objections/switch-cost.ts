/*
 * Objection 2 (Roman Gushchin, 2019-10-30): "If a task belonging to a
 * different memcg is scheduled on this cpu, most likely we will need to
 * refill both stocks, even if we need only a small temporarily allocation."
 *
 * The situation: a small (sub-page) charge on CPU c for a cgroup X, while
 * c's byte stock caches something else and c's stocks already hold at
 * least `size` pre-charged bytes for X's memcg (enough pre-charged bytes
 * exist for it, on this CPU). The bound: such a charge makes no
 * page_counter update - it is served without refilling the page layer,
 * i.e. without "refilling both stocks". Every other shared operation
 * (atomics on an obj_cgroup's leftover bytes, css/percpu_ref atomics in
 * atomic mode, stock drains and refills) is counted and reported with the
 * verdict and in the cost table, but not bounded: a single-slot byte
 * stock switches objects on every such step in every design, Roman's own
 * v1 included, so a zero bound on those would only restate the stock's
 * size.
 *
 * A design whose snapshot has no `costs` cannot be judged: the check
 * fails at the first switch with that message.
 */

import { objStockSlots } from '../../src/snapshot-lookup.ts';
import type { DesignState, SharedOpCounts } from '../../src/design.ts';
import { PAGE_SIZE } from '../../src/kernel/constants.ts';
import * as spec from '../../models/memcg-spec.ts';
import type { Harness } from '../harness.ts';
import type { Action } from '../actions.ts';
import type { StepCheck, StepContext } from '../invariants.ts';
import type { PropertyDef } from '../properties.ts';

export const COST_FIELDS: readonly (keyof SharedOpCounts)[] = ['pageCounter', 'objcgBytes', 'refAtomics', 'stockDrains', 'stockRefills'];

/** The per-step bound on page_counter updates in the switch situation. */
export const SWITCH_PAGE_COUNTER_BOUND = 0;

/** A charge step: where it runs, how big, and whom it charges. */
export interface ChargeStep {
  readonly cpu: number;
  readonly size: number;
  /** The obj_cgroup (by name) the charge goes through. */
  readonly objcg: string;
  /** The memcg it charges. */
  readonly memcg: string;
}

/** The charge this action makes, if it is a single object or kernel-user charge. */
export function chargeOf(h: Harness, a: Action | null, before: DesignState): ChargeStep | null {
  if (a?.op === 'alloc' && a.count === 1) return { cpu: a.cpu, size: a.size, objcg: a.cgroup, memcg: a.cgroup };
  if (a?.op === 'userCharge') {
    const origin = h.env.users.get(a.user)?.origin;
    if (origin === undefined) return null;
    const memcg = before.objcgs.find((o) => o.name === origin)?.memcg ?? spec.nearestLive(h.spec, origin);
    return { cpu: a.cpu, size: a.size, objcg: origin, memcg };
  }
  return null;
}

/** Pre-charged bytes CPU `cpu` holds for `memcg` in state `s`. */
export function cpuPrecharge(s: DesignState, cpu: number, memcg: string): number {
  return s.precharged.filter((p) => p.cpu === cpu && p.memcg === memcg).reduce((n, p) => n + p.bytes, 0);
}

/** The cost of one step, by kind. */
export function costDelta(before: DesignState, after: DesignState): Record<keyof SharedOpCounts, number> | null {
  if (!before.costs || !after.costs) return null;
  const b = before.costs;
  const a = after.costs;
  return Object.fromEntries(COST_FIELDS.map((k) => [k, a[k] - b[k]])) as Record<keyof SharedOpCounts, number>;
}

export function formatCost(d: Record<keyof SharedOpCounts, number>): string {
  return COST_FIELDS.map((k) => `${k} +${d[k]}`).join(', ');
}

/* switch-cost-bound: a small charge after a byte-stock switch, with enough pre-charge on this CPU, leaves the page counters alone */
const switchCostBound: StepCheck = {
  name: 'switch-cost-bound',
  check: ({ h, before, after, effect, action }: StepContext) => {
    if (!before || effect.failedCharge) return null;
    const c = chargeOf(h, action, before);
    if (!c || c.size >= PAGE_SIZE) return null;
    // A switch: the byte stock caches something, but no slot of it caches this cgroup.
    const slots = objStockSlots(before.cpus.find((x) => x.cpu === c.cpu)!);
    const stock = slots[0];
    if (!stock) return null;
    if (slots.some((s) => s.cached === (s.kind === 'objcg' ? c.objcg : c.memcg))) return null;
    const pre = cpuPrecharge(before, c.cpu, c.memcg);
    if (pre < c.size) return null;
    const d = costDelta(before, after);
    if (!d) return 'the design counts no shared operations (DesignState.costs is missing): the switch cost cannot be judged';
    if (d.pageCounter <= SWITCH_PAGE_COUNTER_BOUND) return null;
    return (
      `a ${c.size}-byte charge for ${c.memcg} on cpu${c.cpu}, whose byte stock cached ${stock.kind} ${stock.cached} while ` +
      `cpu${c.cpu} held ${pre} pre-charged bytes for ${c.memcg}, made ${d.pageCounter} page_counter update(s) (bound ${SWITCH_PAGE_COUNTER_BOUND}): ${formatCost(d)}`
    );
  },
};

export const objection2: PropertyDef = {
  name: 'objection-2-switch-cost',
  doc: "a small charge by a cgroup other than the one the CPU's byte stock caches, with enough pre-charged bytes for it on that CPU, makes no page_counter update",
  invariants: [],
  checks: [switchCostBound],
};
