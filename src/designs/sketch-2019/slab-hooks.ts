/*
 * The sketch's slab hooks (mm/slab.h as the sketch rewrites v1's) and the
 * 5.4 SLUB entry points that call them (mm/slub.c).
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
import type { Kernel } from './kernel.ts';
import { type Memcg, cssPut, cssTryget, memCgroupIsRoot } from './memcg.ts';
import { objCgroupCharge, objCgroupUncharge } from './obj-charge.ts';
import { type Objcg, memCgroupGetSlabObjs, objCgroupGet, objCgroupPut } from './objcg.ts';

/** A live slab object: page->obj_cgroups[off] and its size. */
export interface SlabObject {
  readonly objcg: Objcg;
  readonly size: number;
}

export type SlabObjects = Map<ObjName, SlabObject>;

/** What the pre-alloc hook hands to the post-alloc hook. */
export type PreAlloc = { ok: false } | { ok: true; objcg: Objcg | null; memcg: Memcg };

/**
 * memcgSlabPreAllocHook - look up and charge (memcg_slab_pre_alloc_hook, sketch)
 * @memcg: mem_cgroup_from_task(current); get_mem_cgroup_from_current()
 *   takes a css reference on it (css_tryget_online succeeds: it is online)
 *
 * Root tasks are not accounted. Returns { ok: false } for -ENOMEM.
 */
export function memcgSlabPreAllocHook(k: Kernel, memcg: Memcg, objects: number, size: number): PreAlloc {
  cssTryget(k, memcg);
  if (memCgroupIsRoot(memcg)) return { ok: true, objcg: null, memcg };
  const objcg = memCgroupGetSlabObjs(k, memcg);
  if (!objcg) return { ok: true, objcg: null, memcg };
  if (!objCgroupCharge(k, objcg, objects * size)) {
    objCgroupPut(k, objcg);
    cssPut(k, memcg);
    return { ok: false };
  }
  objCgroupGet(k, objcg, objects);
  return { ok: true, objcg, memcg };
}

/**
 * memcgSlabPostAllocHook - record the objects (memcg_slab_post_alloc_hook, sketch)
 * @p: the allocator's results, null where it returned NULL
 *
 * A NULL object gives its bytes back (obj_cgroup_uncharge) and its
 * reference; then the pre-hook's references go: the lookup's obj_cgroup
 * reference and the memcg's css reference (mem_cgroup_put).
 */
export function memcgSlabPostAllocHook(k: Kernel, objs: SlabObjects, pre: PreAlloc & { ok: true }, size: number, p: readonly (ObjName | null)[]): void {
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
export function memcgSlabFreeHook(k: Kernel, objs: SlabObjects, p: readonly ObjName[]): void {
  for (const obj of p) {
    const o = objs.get(obj);
    if (!o) continue; // an unaccounted object (root task)
    objs.delete(obj);
    objCgroupUncharge(k, o.objcg, o.size);
    objCgroupPut(k, o.objcg);
  }
}

/**
 * kmemCacheAlloc - one object (slab_alloc_node, SLUB 5.4)
 * Returns [obj], [] when the allocator failed, null for -ENOMEM.
 */
export function kmemCacheAlloc(k: Kernel, objs: SlabObjects, memcg: Memcg, obj: ObjName, size: number, failed: boolean): ObjName[] | null {
  const pre = memcgSlabPreAllocHook(k, memcg, 1, size);
  if (!pre.ok) return null;
  const p = failed ? null : obj;
  memcgSlabPostAllocHook(k, objs, pre, size, [p]);
  return p === null ? [] : [p];
}

/**
 * kmemCacheAllocBulk - several objects (kmem_cache_alloc_bulk, SLUB 5.4)
 *
 * If the allocator fails at object i, the error path runs the post-alloc
 * hook on the i objects it got and frees them (__kmem_cache_free_bulk):
 * the bytes and references the pre-alloc hook took for objects i..n-1 are
 * never given back. Returns all objects, [] after an allocator failure,
 * null for -ENOMEM.
 */
export function kmemCacheAllocBulk(
  k: Kernel,
  objs: SlabObjects,
  memcg: Memcg,
  names: readonly ObjName[],
  size: number,
  failures: readonly boolean[],
): ObjName[] | null {
  const pre = memcgSlabPreAllocHook(k, memcg, names.length, size);
  if (!pre.ok) return null;
  const i = failures.slice(0, names.length).indexOf(true);
  if (i < 0) {
    memcgSlabPostAllocHook(k, objs, pre, size, names);
    return [...names];
  }
  const got = names.slice(0, i);
  memcgSlabPostAllocHook(k, objs, pre, size, got);
  memcgSlabFreeHook(k, objs, got);
  return [];
}
