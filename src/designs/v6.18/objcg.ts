/*
 * struct obj_cgroup lifetime (mm/memcontrol.c, include/linux/memcontrol.h,
 * v6.18).
 *
 * The refcount is a percpu_ref whose initial reference is held through
 * memcg->objcg and dropped by percpu_ref_kill() at reparenting; from then
 * the last put runs obj_cgroup_release(). Since 5.14 an obj_cgroup pins no
 * memcg: its users find the memcg through objcg->memcg and take a css
 * reference only for the duration of a call (get_mem_cgroup_from_objcg).
 */

import { PAGE_SHIFT, PAGE_SIZE } from '../../kernel/constants.ts';
import { percpuRefInit, type Ref } from '../../kernel/refcount.ts';
import { cssPut, cssTryget } from './css.ts';
import { memcgUncharge } from './memcg-counter.ts';
import { memCgroupIsRoot, VERSION, warnOnce, type Kernel, type MemCgroup, type ObjCgroup } from './structs.ts';

function countAtomic(k: Kernel, objcg: ObjCgroup): void {
  if (objcg.refcnt.killed) k.costs.refAtomics++;
}

/* obj_cgroup_alloc (v6.18): percpu_ref_init(&objcg->refcnt, obj_cgroup_release) with one reference */
export function objCgroupAlloc(k: Kernel, name: string, memcg: MemCgroup): ObjCgroup {
  // kzalloc, then percpu_ref_init() on the allocated object: the release callback gets the object itself
  const fields: Omit<ObjCgroup, 'refcnt'> = { name, memcg, nrChargedBytes: 0, list: null };
  const objcg = fields as ObjCgroup;
  Object.assign(objcg, { refcnt: percpuRefInit(`obj_cgroup ${name}`, k.log, VERSION, objCgroupRelease, k, objcg) });
  k.objcgs.push(objcg);
  return objcg;
}

/* obj_cgroup_get / obj_cgroup_get_many (v6.18) */
export function objCgroupGet(k: Kernel, objcg: ObjCgroup, nr = 1): void {
  countAtomic(k, objcg);
  objcg.refcnt.get(nr);
}

/* obj_cgroup_put (v6.18): NULL is allowed */
export function objCgroupPut(k: Kernel, objcg: ObjCgroup | null): void {
  if (!objcg) return;
  countAtomic(k, objcg);
  objcg.refcnt.put();
}

/* obj_cgroup_tryget (v6.18): percpu_ref_tryget() */
export function objCgroupTryget(k: Kernel, objcg: ObjCgroup): boolean {
  countAtomic(k, objcg);
  return objcg.refcnt.tryget();
}

/* percpu_ref_kill(&objcg->refcnt) (v6.18 memcg_reparent_objcgs): drop the initial reference */
export function objCgroupKill(k: Kernel, objcg: ObjCgroup): void {
  k.costs.refAtomics++; // the switch to atomic mode sums the per-CPU counts
  objcg.refcnt.kill();
}

/**
 * getMemCgroupFromObjcg - get_mem_cgroup_from_objcg (v6.18)
 *
 * Loops until css_tryget() of objcg->memcg succeeds. The kernel relies on a
 * racing reparent to change the pointer; single-threaded, a failing
 * tryget would loop forever, so the design reports it as broken.
 */
export function getMemCgroupFromObjcg(k: Kernel, objcg: ObjCgroup): MemCgroup {
  const memcg = objcg.memcg;
  if (cssTryget(k, memcg)) return memcg;
  throw new Error(`v6.18: get_mem_cgroup_from_objcg(${objcg.name}) would spin: css_tryget of ${memcg.name} fails and nothing reparents`);
}

/**
 * objCgroupRelease - obj_cgroup_release (v6.18): the last reference is gone
 *
 * nr_charged_bytes is expected to be a whole number of pages here (see the
 * 92-byte sequence in the kernel comment); WARN_ON_ONCE otherwise, and the
 * sub-page rest stays charged for good. The pages are uncharged from the
 * objcg's current memcg directly, except from root.
 */
export function objCgroupRelease(k: Kernel, objcg: ObjCgroup): void {
  const nrBytes = objcg.nrChargedBytes >>> 0;
  if (nrBytes & (PAGE_SIZE - 1))
    warnOnce(k, `obj_cgroup_release (${VERSION})`, `WARN_ON_ONCE(nr_bytes & (PAGE_SIZE - 1)): obj_cgroup ${objcg.name} released with nr_charged_bytes=${nrBytes}`);
  const nrPages = nrBytes >>> PAGE_SHIFT;
  if (nrPages) {
    const memcg = getMemCgroupFromObjcg(k, objcg);
    if (!memCgroupIsRoot(k, memcg)) memcgUncharge(k, memcg, nrPages);
    cssPut(k, memcg); // mem_cgroup_put()
  }
  // list_del(&objcg->list) under objcg_lock; then percpu_ref_exit and kfree_rcu.
  if (objcg.list) {
    const list = objcg.list.objcgList;
    list.splice(list.indexOf(objcg), 1);
    objcg.list = null;
  }
}
