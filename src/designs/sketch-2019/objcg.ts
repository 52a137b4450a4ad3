/*
 * struct obj_cgroup as the sketch defines it (renamed from v1's
 * mem_cgroup_ptr): a percpu_ref'd bucket pointing at a memcg, with the
 * sub-page leftover bytes flushed from byte stocks (nr_stocked_bytes).
 *
 * Like v1's mem_cgroup_ptr, it takes its css reference on the memcg only
 * when it is reparented ("initialized before css refcounter, so until now
 * it doesn't hold a reference to the memcg"), and obj_cgroup_release()
 * puts it.
 */

import { percpuRefInit, type Ref } from '../../kernel/refcount.ts';
import { cssPut } from '../linux-5.4/memcg.ts';
import type { SketchKernel } from './kernel.ts';
import type { SketchMemcg } from './memcg.ts';

export class Objcg {
  /** objcg->count (percpu_ref). The initial reference belongs to memcg->slab_objs. */
  readonly ref: Ref;
  /** objcg->memcg: where charges go now. */
  memcg: SketchMemcg;
  /** objcg->nr_stocked_bytes, used with atomic_add()/atomic_xchg(). */
  nrStockedBytes = 0;

  constructor(
    k: SketchKernel,
    /** Name of the cgroup it was created for; kept after reparenting. */
    readonly name: string,
    memcg: SketchMemcg,
  ) {
    this.memcg = memcg;
    this.ref = percpuRefInit(`objcg ${name}`, k.log, k.version, objCgroupRelease, k, this);
  }
}

/**
 * objCgroupRelease - the percpu_ref release callback (obj_cgroup_release, sketch)
 *
 * Unlinks the obj_cgroup and puts its memcg reference. The sketch does
 * nothing with nr_stocked_bytes here: leftover bytes of a released
 * obj_cgroup stay charged (5.9's obj_cgroup_release() added the uncharge
 * of whole pages and its WARN_ON_ONCE for a sub-page remainder).
 */
function objCgroupRelease(k: SketchKernel, objcg: Objcg): void {
  const list = objcg.memcg.slabObjsList;
  const i = list.indexOf(objcg);
  if (i >= 0) list.splice(i, 1); // list_del(&objcg->list) under css_set_lock
  cssPut(k, objcg.memcg); // mem_cgroup_put(objcg->memcg)
}

/* obj_cgroup_alloc (sketch): percpu_ref_init with the initial reference */
export function objCgroupAlloc(k: SketchKernel, memcg: SketchMemcg): Objcg {
  const objcg = new Objcg(k, memcg.name, memcg);
  k.objcgs.push(objcg);
  return objcg;
}

/* percpu_ref operations are shared atomics once the ref is killed */
function countAtomic(k: SketchKernel, objcg: Objcg): void {
  if (objcg.ref.killed) k.costs.refAtomics++;
}

/* percpu_ref_get_many(&objcg->count) (sketch) */
export function objCgroupGet(k: SketchKernel, objcg: Objcg, nr = 1): void {
  if (nr === 0) return;
  countAtomic(k, objcg);
  objcg.ref.get(nr);
}

/* percpu_ref_put(&objcg->count) (sketch) */
export function objCgroupPut(k: SketchKernel, objcg: Objcg): void {
  countAtomic(k, objcg);
  objcg.ref.put();
}

/**
 * memCgroupGetSlabObjs - the obj_cgroup to charge for @memcg, with a
 * reference (mem_cgroup_get_slab_objs, sketch)
 *
 * Walks up from @memcg to the first memcg whose slab_objs can be
 * percpu_ref_tryget'd; null if none (the root has no obj_cgroup in 5.4).
 */
export function memCgroupGetSlabObjs(k: SketchKernel, memcg: SketchMemcg): Objcg | null {
  for (let m: SketchMemcg | null = memcg; m; m = m.parent) {
    const objcg = m.slabObjs;
    if (objcg) {
      countAtomic(k, objcg);
      if (objcg.ref.tryget()) return objcg;
    }
  }
  return null;
}
