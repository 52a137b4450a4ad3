/*
 * The memcg slab hooks of v5.10 (mm/slab.h) and the SLUB entry points that
 * call them (mm/slub.c): kmem_cache_alloc, kmem_cache_alloc_bulk,
 * kmem_cache_free and kmem_cache_free_bulk.
 *
 * `size` is obj_full_size(s): the object plus its obj_cgroup pointer, as
 * the harness passes it. Every accounted object holds one obj_cgroup
 * reference, stored in the slab page's obj_cgroups vector (here: the
 * object table). Allocating that vector never fails in this world.
 */

import type { ObjName } from '../../design.ts';
import type { Kernel } from './kernel.ts';
import type { Memcg } from './memcg.ts';
import { objCgroupCharge, objCgroupUncharge } from './obj-charge.ts';
import { type Objcg, getObjCgroupFromCurrent, objCgroupGet, objCgroupPut } from './objcg.ts';

/** A live slab object: page_obj_cgroups(page)[off] and the cache's obj_full_size. */
export interface SlabObject {
  readonly objcg: Objcg | null;
  readonly size: number;
}

/** The objects currently allocated, by name. */
export type SlabObjects = Map<ObjName, SlabObject>;

/**
 * memcgSlabPreAllocHook - charge @objects * @size bytes up front
 * (memcg_slab_pre_alloc_hook, v5.10)
 * @memcg: the allocating task's memcg
 *
 * Returns `{ ok: false }` for -ENOMEM (the objcg reference is dropped),
 * else the charged obj_cgroup with the lookup's reference, or null when
 * the task's memcg has no obj_cgroup to charge.
 */
export function memcgSlabPreAllocHook(
  k: Kernel,
  memcg: Memcg,
  objects: number,
  size: number,
): { ok: true; objcg: Objcg | null } | { ok: false } {
  const objcg = getObjCgroupFromCurrent(k, memcg);
  if (!objcg) return { ok: true, objcg: null };
  if (!objCgroupCharge(k, objcg, objects * size)) {
    objCgroupPut(objcg);
    return { ok: false };
  }
  return { ok: true, objcg };
}

/**
 * memcgSlabPostAllocHook - bind allocated objects to the obj_cgroup
 * (memcg_slab_post_alloc_hook, v5.10)
 * @p: the allocator's results, null where it returned NULL
 *
 * Each object takes its own obj_cgroup reference; a NULL slot gives its
 * pre-charged bytes back through obj_cgroup_uncharge(). The lookup's
 * reference from the pre-alloc hook is dropped at the end.
 */
export function memcgSlabPostAllocHook(
  k: Kernel,
  objs: SlabObjects,
  objcg: Objcg | null,
  size: number,
  p: readonly (ObjName | null)[],
): void {
  for (const obj of p) {
    if (obj === null) {
      if (objcg) objCgroupUncharge(k, objcg, size);
      continue;
    }
    if (objcg) objCgroupGet(objcg);
    objs.set(obj, { objcg, size });
  }
  if (objcg) objCgroupPut(objcg);
}

/**
 * memcgSlabFreeHook - unbind and uncharge freed objects (memcg_slab_free_hook, v5.10)
 *
 * Per object with an obj_cgroup: clear the pointer, obj_cgroup_uncharge()
 * its size into this CPU's byte stock, put its reference.
 */
export function memcgSlabFreeHook(k: Kernel, objs: SlabObjects, p: readonly ObjName[]): void {
  for (const obj of p) {
    const o = objs.get(obj);
    if (!o) throw new Error(`v5.10: free of unknown slab object ${obj}`);
    objs.delete(obj);
    if (!o.objcg) continue;
    objCgroupUncharge(k, o.objcg, o.size);
    objCgroupPut(o.objcg);
  }
}

/**
 * kmemCacheAlloc - one object (slab_alloc_node, SLUB v5.10)
 * @failed: the allocator returns NULL
 *
 * Returns [obj], [] when the allocator failed (its bytes were uncharged by
 * the post-alloc hook), or null for -ENOMEM from the pre-alloc hook.
 */
export function kmemCacheAlloc(k: Kernel, objs: SlabObjects, memcg: Memcg, obj: ObjName, size: number, failed: boolean): ObjName[] | null {
  const pre = memcgSlabPreAllocHook(k, memcg, 1, size);
  if (!pre.ok) return null;
  const p = failed ? null : obj;
  memcgSlabPostAllocHook(k, objs, pre.objcg, size, [p]);
  return p === null ? [] : [p];
}

/**
 * kmemCacheAllocBulk - several objects at once (kmem_cache_alloc_bulk, SLUB v5.10)
 *
 * The pre-alloc hook charges all of them. If the allocator fails at object
 * i, the error path runs the post-alloc hook on the i objects it got
 * (`slab_post_alloc_hook(s, objcg, flags, i, p)`), frees them again
 * (`__kmem_cache_free_bulk(s, i, p)`, through the free hook) and returns
 * 0. The bytes pre-charged for objects i..n-1 are never uncharged: 5.10
 * leaks them (later kernels added memcg_slab_alloc_error_hook()).
 * Returns all objects, [] after an allocator failure, null for -ENOMEM.
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
    memcgSlabPostAllocHook(k, objs, pre.objcg, size, names);
    return [...names];
  }
  // error:
  const got = names.slice(0, i);
  memcgSlabPostAllocHook(k, objs, pre.objcg, size, got);
  memcgSlabFreeHook(k, objs, got); // __kmem_cache_free_bulk(s, i, p): kmem_cache_free() each
  return [];
}

/* kmem_cache_free / kmem_cache_free_bulk (SLUB v5.10): the memcg part is the free hook */
export function kmemCacheFree(k: Kernel, objs: SlabObjects, p: readonly ObjName[]): void {
  memcgSlabFreeHook(k, objs, p);
}
