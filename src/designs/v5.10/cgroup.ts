/*
 * The memcg side of cgroup mkdir and rmdir (v5.10): css_alloc, css_online
 * and css_offline of memory_cgrp_subsys, with the cgroup core's reference
 * handling around them.
 *
 * css references of a memcg, as 5.10 takes them:
 * - the base reference of the percpu_ref, killed by kill_css() at rmdir
 *   before ->css_offline() runs;
 * - the memcg ID's pin ("Online state pins memcg ID, memcg ID pins CSS"):
 *   css_get() in mem_cgroup_css_online(), css_put() from mem_cgroup_id_put()
 *   at the end of mem_cgroup_css_offline(). No swap or page-cache shadow
 *   entry holds the ID in this world, so it always goes at offline;
 * - one per child css (cgroup core), dropped when the child is freed;
 * - one per page-stock slot caching it, per reparented obj_cgroup pointing
 *   at it, per kmem page charged to it.
 * The root's css is CSS_NO_REF in the kernel (css_get/css_put do nothing);
 * the simulation counts its gets and puts anyway, without an ID pin, so the
 * same rules can be checked on it. It is never offlined.
 */

import { drainAllStock } from './drain.ts';
import type { Kernel } from './kernel.ts';
import { Memcg, cssGet, cssPut } from './memcg.ts';
import { memcgOfflineKmem, memcgOnlineKmem } from './reparent.ts';

/**
 * memCgroupCreate - mkdir of a memory cgroup: css_alloc + css_online (v5.10)
 * @parent: the parent memcg, null only for the root
 *
 * mem_cgroup_css_alloc() sets up the counter under the parent's and, for
 * every memcg but the root, memcg_online_kmem(); init_and_link_css() pins
 * the parent; mem_cgroup_css_online() takes the memcg ID's css reference.
 */
export function memCgroupCreate(k: Kernel, name: string, parent: Memcg | null): Memcg {
  const memcg = new Memcg(k, name, parent);
  k.memcgs.push(memcg);
  if (!parent) {
    k.root = memcg;
    return memcg;
  }
  memcgOnlineKmem(k, memcg);
  parent.childPins++;
  cssGet(parent); // init_and_link_css(): css_get(css->parent)
  cssGet(memcg); // mem_cgroup_css_online(): memcg ID pins the css
  return memcg;
}

/**
 * memCgroupDestroy - rmdir of a memory cgroup on k.cpu (v5.10)
 *
 * kill_css() kills the base reference, then mem_cgroup_css_offline():
 * memcg_offline_kmem() (reparenting), drain_all_stock(memcg) and
 * mem_cgroup_id_put(), which drops the ID's css reference. The memcg is
 * freed as soon as its count reaches zero, possibly right here.
 */
export function memCgroupDestroy(k: Kernel, memcg: Memcg): void {
  memcg.css.kill(); // kill_css() -> percpu_ref_kill_and_confirm()
  memcgOfflineKmem(k, memcg);
  drainAllStock(k, memcg);
  memcg.online = false; // offline_css() clears CSS_ONLINE after ->css_offline()
  cssPut(memcg); // mem_cgroup_id_put()
}
