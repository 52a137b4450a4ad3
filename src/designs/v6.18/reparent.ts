/*
 * obj_cgroup birth and reparenting (mm/memcontrol.c v6.18).
 *
 * Online: the new objcg's initial reference is memcg->objcg's; one more is
 * taken for memcg->orig_objcg and kept until __mem_cgroup_free().
 * Offline: memcg->objcg is cleared, the active objcg joins the memcg's
 * list of already reparented ones, all of them point at the parent (root
 * for a top-level cgroup) and move to the parent's list, and the active
 * one's percpu_ref is killed.
 */

import { objCgroupAlloc, objCgroupGet, objCgroupKill } from './objcg.ts';
import { memCgroupIsRoot, type Kernel, type MemCgroup } from './structs.ts';

/* memcg_online_kmem (v6.18): root gets no obj_cgroup */
export function memcgOnlineKmem(k: Kernel, memcg: MemCgroup): void {
  if (memCgroupIsRoot(k, memcg)) return;
  const objcg = objCgroupAlloc(k, memcg.name, memcg);
  memcg.objcg = objcg;
  objCgroupGet(k, objcg);
  memcg.origObjcg = objcg;
}

/* memcg_offline_kmem (v6.18): a top-level cgroup reparents to root_mem_cgroup */
export function memcgOfflineKmem(k: Kernel, memcg: MemCgroup): void {
  if (memCgroupIsRoot(k, memcg)) return;
  const parent = memcg.parent ?? k.root;
  // memcg_reparent_list_lrus(): no list_lru in this world.
  memcgReparentObjcgs(k, memcg, parent);
}

/* memcg_reparent_objcgs (v6.18) */
export function memcgReparentObjcgs(k: Kernel, memcg: MemCgroup, parent: MemCgroup): void {
  const objcg = memcg.objcg;
  if (!objcg) throw new Error(`v6.18: memcg ${memcg.name} is offlined twice`);
  memcg.objcg = null; // rcu_replace_pointer(memcg->objcg, NULL)
  // 1) Ready to reparent active objcg: list_add() at the head.
  memcg.objcgList.unshift(objcg);
  objcg.list = memcg;
  // 2) Reparent active objcg and already reparented objcgs to parent.
  for (const iter of memcg.objcgList) iter.memcg = parent;
  // 3) Move already reparented objcgs to the parent's list (list_splice: at the head).
  parent.objcgList.unshift(...memcg.objcgList);
  for (const iter of memcg.objcgList) iter.list = parent;
  memcg.objcgList.length = 0;
  objCgroupKill(k, objcg);
}
