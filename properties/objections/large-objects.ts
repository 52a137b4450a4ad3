/*
 * Objection 3 (Roman Gushchin, 2019-10-30), on
 * `refill_obj_stock(objcg, PAGE_SIZE - size)`: "Percpu allocations ... can
 * be larger than a page."
 *
 * As a property of every charge larger than a page (a slab allocation of
 * count * size > PAGE_SIZE bytes in which the allocator fails no object,
 * or obj_cgroup_charge() of more than a page by a kernel user) that
 * succeeds:
 *   - exact: for every live cgroup, the design's charged-but-unused
 *     accounting moves exactly as the spec's bytes do in this step
 *     (usage*PAGE_SIZE - pre-charged grows by the bytes charged in its
 *     subtree): no undercharge, no overcharge;
 *   - pages: the charged memcg's counter grows by at most
 *     max(MEMCG_CHARGE_BATCH, pages needed) - the batch surplus goes to the
 *     page stock, nothing more;
 *   - sane stocks: no byte stock holds a wrapped unsigned count (>= 2^31),
 *     no counter goes below zero.
 */

import { objStockSlots } from '../../src/snapshot-lookup.ts';
import type { DesignState } from '../../src/design.ts';
import { PAGE_SIZE } from '../../src/kernel/constants.ts';
import * as spec from '../../models/memcg-spec.ts';
import type { Harness } from '../harness.ts';
import type { Action } from '../actions.ts';
import type { StepCheck, StepContext } from '../invariants.ts';
import type { PropertyDef } from '../properties.ts';
import { abstractBytes } from '../refinement.ts';

/** A byte count at or above this has wrapped below zero as an unsigned int. */
export const WRAPPED = 2 ** 31;

/** The spec as it was before the step, per harness (checks run after every step, the initial state included). */
const specBefore = new WeakMap<Harness, spec.SpecState>();

/** Bytes and memcg of a charge larger than a page, or null. */
function largeCharge(h: Harness, a: Action | null): { bytes: number; memcg: string } | null {
  // Allocator failures inside a bulk allocation are left out: their
  // uncharge path is a different question (the conservation invariant's).
  if (a?.op === 'alloc' && a.fail.length === 0 && a.size * a.count > PAGE_SIZE) return { bytes: a.size * a.count, memcg: a.cgroup };
  if (a?.op === 'userCharge' && a.size > PAGE_SIZE) {
    const origin = h.env.users.get(a.user)?.origin;
    return origin === undefined ? null : { bytes: a.size, memcg: spec.nearestLive(h.spec, origin) };
  }
  return null;
}

function exactness(h: Harness, was: spec.SpecState, before: DesignState, after: DesignState, bytes: number): string | null {
  const b = abstractBytes(was, before);
  const a = abstractBytes(h.spec, after);
  for (const [cg, x] of a) {
    const y = b.get(cg);
    if (!y) continue;
    const want = spec.subtreeBytes(h.spec, cg) - spec.subtreeBytes(was, cg);
    const got = x.bytes - y.bytes;
    if (got !== want)
      return (
        `${cg}: a ${bytes}-byte charge moved usage*PAGE_SIZE - pre-charged by ${got} bytes, expected ${want} ` +
        `(usage ${y.usagePages} -> ${x.usagePages} pages, pre-charged ${y.prechargedBytes} -> ${x.prechargedBytes} bytes)`
      );
  }
  return null;
}

function pagesUsed(h: Harness, before: DesignState, after: DesignState, memcg: string, bytes: number): string | null {
  const was = before.memcgs.find((m) => m.name === memcg)?.usage ?? 0;
  const now = after.memcgs.find((m) => m.name === memcg)?.usage ?? 0;
  const batch = h.config.batch ?? h.designDef.info.batch;
  const need = Math.ceil(bytes / PAGE_SIZE);
  const most = Math.max(batch, need);
  return now - was > most ? `${memcg}: a ${bytes}-byte charge (${need} page(s)) grew the counter by ${now - was} pages, more than max(batch ${batch}, ${need})` : null;
}

function sane(before: DesignState, after: DesignState, memcg: string): string | null {
  for (const c of after.cpus)
    for (const o of objStockSlots(c)) if (o.nrBytes >= WRAPPED) return `cpu${c.cpu}'s byte stock holds ${o.nrBytes} bytes: an unsigned count that wrapped below zero`;
  const fell = after.memcgs.filter((m) => m.usage < 0 && (before.memcgs.find((x) => x.name === m.name)?.usage ?? 0) >= 0);
  const neg = fell.find((m) => m.name === memcg) ?? fell[0];
  return neg ? `memcg ${neg.name}'s counter went below zero: ${neg.usage} pages` : null;
}

/* large-charge-exact: a charge above a page charges exactly what it needs and leaves the stocks sane */
const largeChargeExact: StepCheck = {
  name: 'large-charge-exact',
  check: ({ h, before, after, effect, action }: StepContext) => {
    const was = specBefore.get(h);
    specBefore.set(h, h.spec);
    const c = largeCharge(h, action);
    if (!c || !before || !was || effect.failedCharge) return null;
    return sane(before, after, c.memcg) ?? exactness(h, was, before, after, c.bytes) ?? pagesUsed(h, before, after, c.memcg, c.bytes);
  },
};

export const objection3: PropertyDef = {
  name: 'objection-3-large-objects',
  doc: 'a charge larger than a page charges exactly the pages it needs and leaves the stocks sane (no wrapped byte count, no undercharge, no counter below zero)',
  invariants: [],
  checks: [largeChargeExact],
};
