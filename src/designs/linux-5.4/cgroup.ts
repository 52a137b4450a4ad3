/*
 * The memcg side of cgroup mkdir and rmdir in the 5.4 tree: css_alloc,
 * css_online and css_offline of memory_cgrp_subsys, with the cgroup
 * core's reference handling around them.
 */

import { drainAllStock } from './drain.ts';
import type { Kernel, MemcgStockPcp } from './kernel.ts';
import { type Memcg, cssGet, cssPut } from './memcg.ts';

/**
 * memCgroupCreate - mkdir: mem_cgroup_css_alloc + mem_cgroup_css_online (5.4)
 * @parent: null only for the root
 *
 * Non-root memcgs get their kmem pointer object (the controller's
 * memcg_online_kmem); the new css pins its parent (init_and_link_css) and
 * the memcg ID pins the css ("Online state pins memcg ID, memcg ID pins CSS").
 */
export function memCgroupCreate<M extends Memcg, S extends MemcgStockPcp>(k: Kernel<M, S>, name: string, parent: M | null): M {
  const memcg = k.ops.memCgroupAlloc(k, name, parent);
  k.memcgs.push(memcg);
  if (!parent) {
    k.root = memcg;
    return memcg;
  }
  k.ops.memcgOnlineKmem(k, memcg);
  parent.childPins++;
  cssGet(k, parent);
  cssGet(k, memcg);
  return memcg;
}

/**
 * memCgroupDestroy - rmdir on k.cpu: kill_css, then mem_cgroup_css_offline (5.4)
 *
 * memcg_offline_kmem() (reparenting), drain_all_stock(memcg) ("mm: drain
 * memcg stocks on css offlining", 4.20) and mem_cgroup_id_put().
 */
export function memCgroupDestroy<M extends Memcg, S extends MemcgStockPcp>(k: Kernel<M, S>, memcg: M): void {
  memcg.css.kill();
  k.ops.memcgOfflineKmem(k, memcg);
  drainAllStock(k, memcg);
  memcg.online = false;
  cssPut(k, memcg); // mem_cgroup_id_put()
}
