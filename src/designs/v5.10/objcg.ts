/*
 * struct obj_cgroup (v5.10): a percpu_ref'd handle that slab objects and
 * byte stocks point to instead of a memcg, so that deleting the memcg only
 * has to redirect the handle (memcg_reparent_objcgs) rather than every
 * object.
 *
 * In 5.10 the obj_cgroup pins its memcg only once it has been reparented:
 * memcg_online_kmem() stores objcg->memcg without css_get(), and
 * memcg_reparent_objcgs() takes the reference on the parent that
 * obj_cgroup_release() later drops with mem_cgroup_put().
 */

import { PAGE_SHIFT, PAGE_SIZE } from '../../kernel/constants.ts';
import { percpuRefInit, type Ref } from '../../kernel/refcount.ts';
import { type Costs, type Kernel, VERSION } from './kernel.ts';
import { type Memcg, cssPut } from './memcg.ts';
import { memcgKmemUncharge } from './page-stock.ts';

export class Objcg {
  /** objcg->refcnt (percpu_ref). The initial reference belongs to memcg->objcg. */
  readonly ref: Ref;
  /** objcg->memcg: where charges go now. */
  memcg: Memcg;
  /** objcg->nr_charged_bytes (atomic_t): sub-page leftovers flushed from stocks. */
  nrChargedBytes = 0;
  /** cost: the kernel's shared-operation counters (k.costs), so get/put can count. */
  readonly costs: Costs;

  constructor(
    k: Kernel,
    /** Name of the cgroup it was created for; kept after reparenting. */
    readonly name: string,
    memcg: Memcg,
  ) {
    this.memcg = memcg;
    this.costs = k.costs;
    this.ref = percpuRefInit(`objcg ${name}`, k.log, VERSION, objCgroupRelease, k, this);
  }

  get released(): boolean {
    return this.ref.released;
  }
}

/**
 * objCgroupRelease - the percpu_ref release callback (obj_cgroup_release, v5.10)
 *
 * Runs when the last reference goes after percpu_ref_kill(). All objects
 * are freed by then, and every stock that cached the objcg has flushed into
 * nr_charged_bytes, so what is left must be whole pages (the comment above
 * the function shows how it reaches exactly PAGE_SIZE); those pages are
 * uncharged through the local page stock of the CPU that dropped the last
 * reference. A sub-page remainder triggers WARN_ON_ONCE and stays charged.
 */
function objCgroupRelease(k: Kernel, objcg: Objcg): void {
  const nrBytes = objcg.nrChargedBytes;
  if (nrBytes & (PAGE_SIZE - 1)) {
    k.log.warn(
      `obj_cgroup_release (${VERSION})`,
      `WARN_ON_ONCE(nr_bytes & (PAGE_SIZE - 1)): objcg ${objcg.name} nr_charged_bytes=${nrBytes}`,
    );
  }
  const nrPages = Math.floor(nrBytes / 2 ** PAGE_SHIFT);
  const memcg = objcg.memcg;
  if (nrPages) memcgKmemUncharge(k, memcg, nrPages);
  const i = memcg.objcgList.indexOf(objcg);
  if (i >= 0) memcg.objcgList.splice(i, 1); // list_del(&objcg->list)
  cssPut(memcg); // mem_cgroup_put(memcg): the reference reparenting took
}

/* obj_cgroup_alloc (v5.10) */
export function objCgroupAlloc(k: Kernel, name: string, memcg: Memcg): Objcg {
  const objcg = new Objcg(k, name, memcg);
  k.objcgs.push(objcg);
  return objcg;
}

/* obj_cgroup_tryget (v5.10): percpu_ref_tryget, so it also succeeds after the kill */
export function objCgroupTryget(objcg: Objcg): boolean {
  if (objcg.ref.killed) objcg.costs.refAtomics++; // cost: percpu_ref_tryget in atomic mode
  return objcg.ref.tryget();
}

/* obj_cgroup_get (v5.10) */
export function objCgroupGet(objcg: Objcg): void {
  if (objcg.ref.killed) objcg.costs.refAtomics++; // cost: percpu_ref_get in atomic mode
  objcg.ref.get();
}

/* obj_cgroup_put (v5.10) */
export function objCgroupPut(objcg: Objcg): void {
  if (objcg.ref.killed) objcg.costs.refAtomics++; // cost: percpu_ref_put in atomic mode
  objcg.ref.put();
}

/* obj_cgroup_memcg (v5.10) */
export function objCgroupMemcg(objcg: Objcg): Memcg {
  return objcg.memcg;
}

/**
 * getObjCgroupFromCurrent - the obj_cgroup to charge for a task
 * (get_obj_cgroup_from_current, v5.10)
 * @memcg: mem_cgroup_from_task(current)
 *
 * Walks up from the task's memcg to the first memcg below the root whose
 * obj_cgroup can be tryget'd. Returns it with a reference, or null when
 * the walk reaches the root (the root has no obj_cgroup in 5.10).
 */
export function getObjCgroupFromCurrent(k: Kernel, memcg: Memcg): Objcg | null {
  for (let m: Memcg | null = memcg; m && m !== k.root; m = m.parent) {
    const objcg = m.objcg;
    if (objcg && objCgroupTryget(objcg)) return objcg;
  }
  return null;
}
