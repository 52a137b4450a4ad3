/*
 * Objection 1 (Roman Gushchin, 2019-10-30): "try_charge() will bump the
 * memcg reference ... Memcg will be basically referenced once for each
 * stock cache miss. I struggle to understand ... how to balance it with
 * unreferencing on the free path."
 *
 * As a property, independent of any version's refcounting scheme: memcg
 * and obj_cgroup references stay balanced across charge, free,
 * reparenting and drains -
 *   - no reference underflow or use after free (the percpu_ref warnings);
 *   - no memcg freed while a stock, an obj_cgroup or a kmem page still
 *     points at it, no obj_cgroup released while an object, a kernel user,
 *     a stock or a task still points at it;
 *   - every deleted cgroup freed once nothing points at it: once the
 *     quiescence teardown has freed every object, put every kernel user,
 *     ended every task, deleted every cgroup and left no stock caching a
 *     cgroup other than the root, every memcg and obj_cgroup but the
 *     root's must be gone. (Unlike the `quiescence` invariant this does not
 *     ask for empty root stocks or a non-negative root counter: those are
 *     charge questions, not reference ones.)
 */

import { objStockSlots } from '../../src/snapshot-lookup.ts';
import type { DesignState } from '../../src/design.ts';
import { ROOT } from '../../src/kernel/constants.ts';
import type { Harness } from '../harness.ts';
import type { StepCheck, StepContext } from '../invariants.ts';
import type { PropertyDef } from '../properties.ts';

/* ref-warnings: the design's percpu_ref / css warnings in this step */
const refWarnings: StepCheck = {
  name: 'ref-warnings',
  check: ({ before, after }: StepContext) => {
    const fresh = after.warnings.slice(before?.warnings.length ?? 0).filter((w) => w.where.startsWith('percpu_ref'));
    return fresh.length ? fresh.map((w) => `WARNING in ${w.where}: ${w.message}`).join('; ') : null;
  },
};

/** What still points at memcg `name` in this state (design pointers and live kmem pages). */
function memcgPointers(h: Harness, s: DesignState, name: string): string[] {
  const out: string[] = [];
  for (const c of s.cpus) {
    if (c.pageStock.some((p) => p.memcg === name && p.nrPages > 0)) out.push(`cpu${c.cpu} page stock`);
    for (const o of objStockSlots(c)) if (o.kind === 'memcg' && o.cached === name) out.push(`cpu${c.cpu} byte stock`);
  }
  for (const o of s.objcgs) if (!o.released && o.memcg === name) out.push(`obj_cgroup ${o.name}`);
  if (!h.designDef.info.refRules.kmemPagesPinObjcg)
    for (const [obj, o] of h.env.objects) if (o.kind === 'page' && h.spec.objects.get(obj)?.origin === name) out.push(`kmem page ${obj}`);
  return out;
}

/** What still points at obj_cgroup `name`: live objects, kernel users, stocks, tasks. */
function objcgPointers(h: Harness, s: DesignState, name: string): string[] {
  const out: string[] = [];
  const pages = h.designDef.info.refRules.kmemPagesPinObjcg;
  for (const [obj, o] of h.env.objects) {
    if (o.kind === 'user' || (o.kind === 'page' && !pages)) continue;
    if (h.spec.objects.get(obj)?.origin === name) out.push(`${o.kind === 'page' ? 'kmem page' : 'object'} ${obj}`);
  }
  for (const [user, u] of h.env.users) if (u.origin === name) out.push(`kernel user ${user}`);
  for (const c of s.cpus) for (const o of objStockSlots(c)) if (o.kind === 'objcg' && o.cached === name) out.push(`cpu${c.cpu} obj stock`);
  for (const t of s.tasks) if (t.cachedObjcg === name) out.push(`${t.name} current->objcg`);
  return out;
}

/* freed-while-referenced: no memcg freed, no obj_cgroup released, while something points at it */
const freedWhileReferenced: StepCheck = {
  name: 'freed-while-referenced',
  check: ({ h, after }: StepContext) => {
    for (const m of after.memcgs) {
      if (m.name === ROOT || !m.freed) continue;
      const p = memcgPointers(h, after, m.name);
      if (p.length) return `memcg ${m.name} was freed while ${p.join(', ')} still point(s) at it (use after free)`;
    }
    if (!h.designDef.info.refRules.objcgs) return null;
    for (const o of after.objcgs) {
      if (o.name === ROOT || !o.released) continue;
      const p = objcgPointers(h, after, o.name);
      if (p.length) return `obj_cgroup ${o.name} was released while ${p.join(', ')} still point(s) at it (use after free)`;
    }
    return null;
  },
};

/** True once nothing but the root is left and no stock caches anything but the root. */
function quiescentWorld(h: Harness, s: DesignState): boolean {
  if (h.teardownFrom === null || h.env.objects.size || h.env.users.size || h.env.taskCpu.size) return false;
  if (h.liveCgroups().some((c) => c !== ROOT)) return false;
  return s.cpus.every((c) => c.pageStock.every((p) => p.memcg === ROOT) && objStockSlots(c).every((o) => o.cached === ROOT));
}

/* freed-when-unreferenced: in a quiescent world every deleted memcg is freed and every obj_cgroup released */
const freedWhenUnreferenced: StepCheck = {
  name: 'freed-when-unreferenced',
  check: ({ h, after }: StepContext) => {
    if (!quiescentWorld(h, after)) return null;
    const m = after.memcgs.find((x) => x.name !== ROOT && !x.freed);
    if (m) return `memcg ${m.name} is not freed although nothing points at it any more (${m.refs} reference(s) left)`;
    const o = h.designDef.info.refRules.objcgs ? after.objcgs.find((x) => x.name !== ROOT && !x.released) : undefined;
    return o ? `obj_cgroup ${o.name} is not released although nothing points at it any more (${o.refs} reference(s) left)` : null;
  },
};

export const objection1: PropertyDef = {
  name: 'objection-1-refs',
  doc: 'memcg and obj_cgroup references stay balanced across charge, free, reparenting and drains: no underflow, nothing freed while referenced, every deleted cgroup freed once nothing points at it',
  invariants: [],
  checks: [refWarnings, freedWhileReferenced, freedWhenUnreferenced],
};
