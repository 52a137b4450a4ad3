/*
 * v1's memcg slab hooks (mm/slab.h of 09/16 <20191018002820.307763-10-guro@fb.com>,
 * with the single set of kmem_caches of 14/16) and the 5.4 SLUB entry
 * points that call them.
 *
 * Charging is by memcg: the pre-alloc hook charges objects * size bytes to
 * the task's memcg through the subpage API; each object then records (and
 * references) the memcg's mem_cgroup_ptr in the slab page's vector; a
 * free uncharges from ptr->memcg, skipping the root.
 */

import type { ObjName } from '../../design.ts';
import type { Kernel } from './kernel.ts';
import { type MemcgPtr, memCgroupGetKmemPtr, memCgroupPtrGet, memCgroupPtrPut } from './mem-cgroup-ptr.ts';
import { type Memcg, cssPut, cssTryget, memCgroupIsRoot } from './memcg.ts';
import { memcgKmemChargeSubpage, memcgKmemUnchargeSubpage } from './try-charge.ts';

/** A live slab object: page->mem_cgroup_vec[off] and its size (null: not accounted). */
export interface SlabObject {
  readonly ptr: MemcgPtr | null;
  readonly size: number;
}

export type SlabObjects = Map<ObjName, SlabObject>;

/** What the pre-alloc hook hands on: the charged memcg with a css reference, or null (root). */
export type PreAlloc = { ok: false } | { ok: true; memcg: Memcg | null };

/**
 * memcgSlabPreAllocHook - charge objects * size bytes (memcg_slab_pre_alloc_hook, v1)
 * @memcg: mem_cgroup_from_task(current); get_mem_cgroup_from_current()
 *   takes a css reference (it is online, so the tryget succeeds)
 *
 * Root tasks are not accounted. On -ENOMEM the reference is put.
 */
export function memcgSlabPreAllocHook(k: Kernel, memcg: Memcg, objects: number, size: number): PreAlloc {
  cssTryget(k, memcg);
  if (memCgroupIsRoot(memcg)) {
    cssPut(k, memcg);
    return { ok: true, memcg: null };
  }
  if (!memcgKmemChargeSubpage(k, memcg, objects * size)) {
    cssPut(k, memcg);
    return { ok: false };
  }
  return { ok: true, memcg };
}

/**
 * memcgSlabPostAllocHook - record the objects (memcg_slab_post_alloc_hook, v1)
 * @p: the allocator's results, null where it returned NULL
 *
 * mem_cgroup_get_kmem_ptr(memcg); per object: success -> mem_cgroup_ptr_get()
 * and store it; NULL -> __memcg_kmem_uncharge_subpage(memcg, size). Then
 * mem_cgroup_ptr_put() and mem_cgroup_put(memcg).
 */
export function memcgSlabPostAllocHook(k: Kernel, objs: SlabObjects, memcg: Memcg | null, size: number, p: readonly (ObjName | null)[]): void {
  const ptr = memcg ? memCgroupGetKmemPtr(k, memcg) : null;
  for (const obj of p) {
    if (obj !== null) {
      if (ptr) memCgroupPtrGet(k, ptr);
      objs.set(obj, { ptr, size });
    } else if (memcg) memcgKmemUnchargeSubpage(k, memcg, size);
  }
  if (ptr) memCgroupPtrPut(k, ptr);
  if (memcg) cssPut(k, memcg);
}

/**
 * memcgSlabFreeHook - uncharge freed objects (memcg_slab_free_hook, v1)
 *
 * Per object: memcg = ptr->memcg; unless it is the root,
 * __memcg_kmem_uncharge_subpage(memcg, size) on this CPU; then
 * mem_cgroup_ptr_put(). Bytes of an object whose pointer was reparented to
 * the root are never uncharged.
 */
export function memcgSlabFreeHook(k: Kernel, objs: SlabObjects, p: readonly ObjName[]): void {
  for (const obj of p) {
    const o = objs.get(obj);
    if (!o) throw new Error(`roman-v1-2019: free of unknown slab object ${obj}`);
    objs.delete(obj);
    if (!o.ptr) continue;
    const memcg = o.ptr.memcg;
    if (!memCgroupIsRoot(memcg)) memcgKmemUnchargeSubpage(k, memcg, o.size);
    memCgroupPtrPut(k, o.ptr);
  }
}

/* kmem_cache_alloc (SLUB 5.4 + v1 hooks): [obj], [] when the allocator failed, null for -ENOMEM */
export function kmemCacheAlloc(k: Kernel, objs: SlabObjects, memcg: Memcg, obj: ObjName, size: number, failed: boolean): ObjName[] | null {
  const pre = memcgSlabPreAllocHook(k, memcg, 1, size);
  if (!pre.ok) return null;
  const p = failed ? null : obj;
  memcgSlabPostAllocHook(k, objs, pre.memcg, size, [p]);
  return p === null ? [] : [p];
}

/**
 * kmemCacheAllocBulk - several objects (kmem_cache_alloc_bulk, SLUB 5.4 + v1 hooks)
 *
 * On an allocator failure at object i the error path runs the post-alloc
 * hook on the i objects it got and frees them: the bytes charged for
 * objects i..n-1 are never uncharged.
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
    memcgSlabPostAllocHook(k, objs, pre.memcg, size, names);
    return [...names];
  }
  const got = names.slice(0, i);
  memcgSlabPostAllocHook(k, objs, pre.memcg, size, got);
  memcgSlabFreeHook(k, objs, got);
  return [];
}
