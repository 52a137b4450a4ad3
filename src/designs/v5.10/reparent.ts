/*
 * obj_cgroup lifecycle around a memcg's kmem state (v5.10):
 * memcg_online_kmem() creates the memcg's obj_cgroup, memcg_offline_kmem()
 * hands it and every obj_cgroup already reparented to this memcg over to
 * the parent.
 */

import type { Kernel } from './kernel.ts';
import { type Memcg, cssGet, cssPut } from './memcg.ts';
import { objCgroupAlloc } from './objcg.ts';

/**
 * memcgOnlineKmem - create the memcg's obj_cgroup (memcg_online_kmem, v5.10)
 *
 * Called from mem_cgroup_css_alloc() for every memcg but the root, which
 * has no obj_cgroup in 5.10. objcg->memcg is set without a css reference:
 * the online memcg outlives its active obj_cgroup's use.
 */
export function memcgOnlineKmem(k: Kernel, memcg: Memcg): void {
  const objcg = objCgroupAlloc(k, memcg.name, memcg);
  memcg.objcg = objcg; // rcu_assign_pointer(memcg->objcg, objcg)
  memcg.kmemOnline = true;
}

/**
 * memcgReparentObjcgs - move @memcg's obj_cgroups to @parent (memcg_reparent_objcgs, v5.10)
 *
 * The active obj_cgroup is detached from memcg->objcg, pointed at @parent
 * with a new css reference on @parent, and put on @parent's list. Every
 * obj_cgroup already on @memcg's list moves its reference from @memcg to
 * @parent. Finally the active one's initial reference is killed; it is
 * released (possibly right here) when its last user goes.
 */
export function memcgReparentObjcgs(memcg: Memcg, parent: Memcg): void {
  const objcg = memcg.objcg;
  if (!objcg) throw new Error(`v5.10: memcg ${memcg.name} has no active obj_cgroup to reparent`);
  memcg.objcg = null; // rcu_replace_pointer(memcg->objcg, NULL, true)

  // Move active objcg to the parent's list
  objcg.memcg = parent;
  cssGet(parent);
  parent.objcgList.push(objcg);

  // Move already reparented objcgs to the parent's list
  for (const iter of memcg.objcgList) {
    cssGet(parent);
    iter.memcg = parent;
    cssPut(memcg);
  }
  parent.objcgList.push(...memcg.objcgList); // list_splice
  memcg.objcgList.length = 0;

  objcg.ref.kill(); // percpu_ref_kill(&objcg->refcnt)
}

/**
 * memcgOfflineKmem - kmem part of css offline (memcg_offline_kmem, v5.10)
 *
 * Reparents the obj_cgroups to the parent (the root for a top-level
 * memcg). The kmemcg_id and list_lru handover is not modelled.
 */
export function memcgOfflineKmem(k: Kernel, memcg: Memcg): void {
  if (!memcg.kmemOnline) return;
  memcg.kmemOnline = false; // KMEM_ALLOCATED
  const parent = memcg.parent ?? k.root;
  memcgReparentObjcgs(memcg, parent);
}
