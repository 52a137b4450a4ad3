/*
 * Reference-count rules: how many references each modelled version says an
 * obj_cgroup and a memcg must have, derived only from what points at them.
 *
 * A design's `refRules` (src/design.ts) names its version's scheme; here
 * each scheme is written out as holders. The holders come from the spec
 * and harness (live objects, kmem pages, kernel users, each with the cgroup
 * it was charged for) and from pointers in the design's snapshot (stock
 * slots, objcg->memcg, current->objcg). The design's own counters are
 * compared with these counts by the refcount invariants.
 */

import type { CgroupName, DesignState, RefRules } from '../src/design.ts';
import { ROOT } from '../src/kernel/constants.ts';
import { objStockSlots } from '../src/snapshot-lookup.ts';
import type { Harness } from './harness.ts';

/** Who holds references on one object, each with a count. */
export type Holders = Map<string, number>;

function add(h: Holders, who: string, n = 1): void {
  if (n !== 0) h.set(who, (h.get(who) ?? 0) + n);
}

export function holdersTotal(h: Holders): number {
  let n = 0;
  for (const v of h.values()) n += v;
  return n;
}

export function formatHolders(h: Holders): string {
  return h.size === 0 ? 'nothing' : [...h].map(([who, n]) => (n === 1 ? who : `${who} x${n}`)).join(', ');
}

/** Live objects and pages by the cgroup they were charged for. */
function chargedFor(h: Harness, kind: 'slab' | 'page'): Map<CgroupName, number> {
  const by = new Map<CgroupName, number>();
  for (const [name, o] of h.env.objects) {
    if (o.kind !== kind) continue;
    const origin = h.spec.objects.get(name)!.origin;
    by.set(origin, (by.get(origin) ?? 0) + 1);
  }
  return by;
}

/** The references the rules say the obj_cgroup of cgroup `name` must have. */
export function objcgHolders(h: Harness, s: DesignState, rules: RefRules, name: CgroupName): Holders {
  const holders: Holders = new Map();
  const objcg = s.objcgs.find((o) => o.name === name);
  if (objcg && !objcg.killed) add(holders, 'initial reference (memcg->objcg)');
  add(holders, 'live slab objects', chargedFor(h, 'slab').get(name) ?? 0);
  if (rules.kmemPagesPinObjcg) add(holders, 'kmem pages', chargedFor(h, 'page').get(name) ?? 0);
  for (const [user, u] of h.env.users) if (u.origin === name) add(holders, `kernel user ${user}`);
  for (const c of s.cpus) for (const o of objStockSlots(c)) if (o.kind === 'objcg' && o.cached === name) add(holders, `cpu${c.cpu} obj stock`);
  if (rules.taskObjcgCache) for (const t of s.tasks) if (t.cachedObjcg === name) add(holders, `${t.name} current->objcg`);
  if (rules.origObjcgRef && s.memcgs.some((m) => m.name === name && !m.freed)) add(holders, 'memcg->orig_objcg');
  return holders;
}

/** The css references the rules say memcg `name` must have. */
export function memcgHolders(h: Harness, s: DesignState, rules: RefRules, name: CgroupName): Holders {
  const holders: Holders = new Map();
  const m = s.memcgs.find((x) => x.name === name);
  if (!m) return holders;
  if (m.online) add(holders, 'base reference (online)');
  if (m.online && rules.idRefWhileOnline) add(holders, 'memcg ID (online)');
  if (rules.childPinsParent)
    for (const c of s.memcgs) if (c.parent === name && !c.freed) add(holders, `child ${c.name} (not yet freed)`);
  // One css_set per distinct set of cgroups: with one hierarchy, all tasks of a cgroup share one.
  if (rules.tasksPinCss && [...h.spec.tasks.values()].includes(name)) add(holders, 'css_set of its tasks');
  for (const c of s.cpus) for (const slot of c.pageStock) if (slot.memcg === name) add(holders, `cpu${c.cpu} page stock`);
  const objcgsHere = s.objcgs.filter((o) => !o.released && o.memcg === name).length;
  const reparentedHere = s.objcgs.filter((o) => !o.released && o.memcg === name && o.name !== name).length;
  switch (rules.memcg) {
    case 'coupled': {
      add(holders, 'obj_cgroups pointing at it', objcgsHere);
      // One reference per page charged at this level (not below): stocked
      // pages hold theirs implicitly, so the slots above must not count twice.
      holders.forEach((_, who) => who.endsWith('page stock') && holders.delete(who));
      const below = s.memcgs.filter((c) => c.parent === name).reduce((n, c) => n + c.usage, 0);
      add(holders, 'pages charged at its own level', m.usage - below);
      break;
    }
    case 'objcg-pins-memcg':
      add(holders, 'obj_cgroups reparented to it', reparentedHere);
      if (!rules.kmemPagesPinObjcg) add(holders, 'kmem pages (page->mem_cgroup)', chargedFor(h, 'page').get(name) ?? 0);
      break;
    case 'pointers-only':
      if (!rules.kmemPagesPinObjcg) add(holders, 'kmem pages (page->mem_cgroup)', chargedFor(h, 'page').get(name) ?? 0);
      break;
    case 'none':
      break;
  }
  return holders;
}

/** The root memcg and its obj_cgroup are never freed: they have no rules to meet. */
export function isRootName(name: CgroupName): boolean {
  return name === ROOT;
}
