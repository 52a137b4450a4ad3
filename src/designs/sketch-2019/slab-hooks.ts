/*
 * The sketch's memcg slab hooks (mm/slab.h as the sketch rewrites v1's),
 * which the 5.4 SLUB entry points of ../linux-5.4/slub.ts call.
 *
 * `size` is what one object charges (s->size). The pre-alloc hook charges
 * all objects at once (v1's `size * s->size`; the sketch's call
 * `obj_cgroup_charge(objcg, s->size, size, flags)` does not match its own
 * three-argument definition, so the total is passed as v1 did).
 *
 * References, filled from the sketch's prose ("charge it with
 * obj_cgroup_charge() and bump its refcount by the number of objects we
 * allocated"): the lookup's reference plus one per object requested are
 * taken in the pre-alloc hook; the post-alloc hook puts one per NULL
 * object and the lookup's; the free hook puts the object's.
 */

import type { ObjName } from '../../design.ts';
import { cssPut, cssTryget, memCgroupIsRoot } from '../linux-5.4/memcg.ts';
import type { MemcgSlabHooks, SlabObjects } from '../linux-5.4/slub.ts';
import type { SketchKernel } from './kernel.ts';
import type { SketchMemcg } from './memcg.ts';
import { objCgroupCharge, objCgroupUncharge } from './obj-charge.ts';
import { type Objcg, memCgroupGetSlabObjs, objCgroupGet, objCgroupPut } from './objcg.ts';

/** A live slab object: page->obj_cgroups[off] and its size. */
export interface SlabObject {
  readonly objcg: Objcg;
  readonly size: number;
}

/** What the pre-alloc hook hands to the post-alloc hook. */
export interface PreAlloc {
  readonly objcg: Objcg | null;
  readonly memcg: SketchMemcg;
}

/**
 * memcgSlabPreAllocHook - look up and charge (memcg_slab_pre_alloc_hook, sketch)
 * @memcg: mem_cgroup_from_task(current); get_mem_cgroup_from_current()
 *   takes a css reference on it (css_tryget_online succeeds: it is online)
 *
 * Root tasks are not accounted. Returns null for -ENOMEM.
 */
export function memcgSlabPreAllocHook(k: SketchKernel, memcg: SketchMemcg, objects: number, size: number): PreAlloc | null {
  cssTryget(k, memcg);
  if (memCgroupIsRoot(memcg)) return { objcg: null, memcg };
  const objcg = memCgroupGetSlabObjs(k, memcg);
  if (!objcg) return { objcg: null, memcg };
  if (!objCgroupCharge(k, objcg, objects * size)) {
    objCgroupPut(k, objcg);
    cssPut(k, memcg);
    return null;
  }
  objCgroupGet(k, objcg, objects);
  return { objcg, memcg };
}

/**
 * memcgSlabPostAllocHook - record the objects (memcg_slab_post_alloc_hook, sketch)
 * @p: the allocator's results, null where it returned NULL
 *
 * A NULL object gives its bytes back (obj_cgroup_uncharge) and its
 * reference; then the pre-hook's references go: the lookup's obj_cgroup
 * reference and the memcg's css reference (mem_cgroup_put).
 */
export function memcgSlabPostAllocHook(k: SketchKernel, objs: SlabObjects<SlabObject>, pre: PreAlloc, size: number, p: readonly (ObjName | null)[]): void {
  const { objcg, memcg } = pre;
  for (const obj of p) {
    if (!objcg) continue;
    if (obj !== null) {
      objs.set(obj, { objcg, size });
      continue;
    }
    objCgroupUncharge(k, objcg, size);
    objCgroupPut(k, objcg);
  }
  if (objcg) objCgroupPut(k, objcg);
  cssPut(k, memcg);
}

/**
 * memcgSlabFreeHook - uncharge freed objects (memcg_slab_free_hook, sketch)
 *
 * Per object: clear page->obj_cgroups[off], obj_cgroup_uncharge() its
 * size on this CPU, percpu_ref_put().
 */
export function memcgSlabFreeHook(k: SketchKernel, objs: SlabObjects<SlabObject>, p: readonly ObjName[]): void {
  for (const obj of p) {
    const o = objs.get(obj);
    if (!o) continue; // an unaccounted object (root task)
    objs.delete(obj);
    objCgroupUncharge(k, o.objcg, o.size);
    objCgroupPut(k, o.objcg);
  }
}

/** The sketch's hooks, as SLUB calls them. */
export const SLAB_HOOKS: MemcgSlabHooks<SlabObject, PreAlloc> = { memcgSlabPreAllocHook, memcgSlabPostAllocHook, memcgSlabFreeHook };
