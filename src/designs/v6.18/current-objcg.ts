/*
 * The task's cached obj_cgroup, current->objcg (mm/memcontrol.c v6.18).
 *
 * A task keeps one reference on the objcg it charges to. The pointer's low
 * bit, CURRENT_OBJCG_UPDATE_FLAG, asks for a refresh: set at fork and by
 * mem_cgroup_attach() when the task moves. The refresh is lazy: it happens
 * at the task's next current_obj_cgroup() (its next accounted slab or page
 * allocation, or a get_obj_cgroup_from_current()), and only then is the
 * stale objcg of the old cgroup put. Until then the task pins it, even if
 * its cgroup has been deleted meanwhile.
 */

import { objCgroupGet, objCgroupPut, objCgroupTryget } from './objcg.ts';
import { memCgroupIsRoot, type Kernel, type MemCgroup, type ObjCgroup, type Task } from './structs.ts';

/* __get_obj_cgroup_from_memcg (v6.18): the nearest non-root objcg that can be tryget'd */
export function getObjCgroupFromMemcg(k: Kernel, memcg: MemCgroup): ObjCgroup | null {
  for (let m: MemCgroup | null = memcg; m && !memCgroupIsRoot(k, m); m = m.parent) {
    const objcg = m.objcg;
    if (objcg && objCgroupTryget(k, objcg)) return objcg;
  }
  return null;
}

/**
 * currentObjcgUpdate - current_objcg_update (v6.18)
 *
 * xchg() clears the pointer and the flag and the old objcg is put first;
 * then the task's memcg is looked up (a user task: it has an mm) and the
 * new objcg, with a reference, is installed; try_cmpxchg() cannot fail as
 * nothing sets the flag concurrently.
 */
function currentObjcgUpdate(k: Kernel, task: Task): ObjCgroup | null {
  const old = task.objcg;
  task.objcg = null;
  task.objcgUpdate = false;
  objCgroupPut(k, old);
  const objcg = getObjCgroupFromMemcg(k, task.memcg);
  task.objcg = objcg;
  return objcg;
}

/* current_obj_cgroup (v6.18): task context, no active_memcg, not in NMI */
export function currentObjCgroup(k: Kernel, task: Task): ObjCgroup | null {
  return task.objcgUpdate ? currentObjcgUpdate(k, task) : task.objcg;
}

/* get_obj_cgroup_from_current (v6.18 include/linux/memcontrol.h) */
export function getObjCgroupFromCurrent(k: Kernel, task: Task): ObjCgroup | null {
  const objcg = currentObjCgroup(k, task);
  if (objcg) objCgroupGet(k, objcg);
  return objcg;
}

/* mem_cgroup_fork (v6.18): task->objcg = CURRENT_OBJCG_UPDATE_FLAG */
export function memCgroupFork(task: Task): void {
  task.objcg = null;
  task.objcgUpdate = true;
}

/* mem_cgroup_kmem_attach (v6.18): set_bit(CURRENT_OBJCG_UPDATE_BIT); the old objcg stays referenced */
export function memCgroupKmemAttach(task: Task): void {
  task.objcgUpdate = true;
}

/* mem_cgroup_exit (v6.18): put the cached objcg, flag masked off */
export function memCgroupExit(k: Kernel, task: Task): void {
  objCgroupPut(k, task.objcg);
  task.objcg = null;
  task.objcgUpdate = false;
}
