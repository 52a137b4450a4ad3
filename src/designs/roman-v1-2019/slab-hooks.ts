/*
 * v1's memcg slab hooks (mm/slab.h of 09/16 <20191018002820.307763-10-guro@fb.com>,
 * with the single set of kmem_caches of 14/16), which the 5.4 SLUB entry
 * points of ../linux-5.4/slub.ts call.
 *
 * Charging is by memcg: the pre-alloc hook charges objects * size bytes to
 * the task's memcg through the subpage API; each object then records (and
 * references) the memcg's mem_cgroup_ptr in the slab page's vector; a
 * free uncharges from ptr->memcg, skipping the root.
 */

import type { ObjName } from '../../design.ts';
import { cssPut, cssTryget, memCgroupIsRoot } from '../linux-5.4/memcg.ts';
import type { MemcgSlabHooks, SlabObjects } from '../linux-5.4/slub.ts';
import type { V1Kernel } from './kernel.ts';
import { type MemcgPtr, memCgroupGetKmemPtr, memCgroupPtrGet, memCgroupPtrPut } from './mem-cgroup-ptr.ts';
import type { V1Memcg } from './memcg.ts';
import { memcgKmemChargeSubpage, memcgKmemUnchargeSubpage } from './try-charge.ts';

/** A live slab object: page->mem_cgroup_vec[off] and its size (null: not accounted). */
export interface SlabObject {
  readonly ptr: MemcgPtr | null;
  readonly size: number;
}

/** What the pre-alloc hook hands on: the charged memcg with a css reference, or null (root). */
export interface PreAlloc {
  readonly memcg: V1Memcg | null;
}

/**
 * memcgSlabPreAllocHook - charge objects * size bytes (memcg_slab_pre_alloc_hook, v1)
 * @memcg: mem_cgroup_from_task(current); get_mem_cgroup_from_current()
 *   takes a css reference (it is online, so the tryget succeeds)
 *
 * Root tasks are not accounted. On -ENOMEM the reference is put and null returned.
 */
export function memcgSlabPreAllocHook(k: V1Kernel, memcg: V1Memcg, objects: number, size: number): PreAlloc | null {
  cssTryget(k, memcg);
  if (memCgroupIsRoot(memcg)) {
    cssPut(k, memcg);
    return { memcg: null };
  }
  if (!memcgKmemChargeSubpage(k, memcg, objects * size)) {
    cssPut(k, memcg);
    return null;
  }
  return { memcg };
}

/**
 * memcgSlabPostAllocHook - record the objects (memcg_slab_post_alloc_hook, v1)
 * @p: the allocator's results, null where it returned NULL
 *
 * mem_cgroup_get_kmem_ptr(memcg); per object: success -> mem_cgroup_ptr_get()
 * and store it; NULL -> __memcg_kmem_uncharge_subpage(memcg, size). Then
 * mem_cgroup_ptr_put() and mem_cgroup_put(memcg).
 */
export function memcgSlabPostAllocHook(k: V1Kernel, objs: SlabObjects<SlabObject>, pre: PreAlloc, size: number, p: readonly (ObjName | null)[]): void {
  const { memcg } = pre;
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
export function memcgSlabFreeHook(k: V1Kernel, objs: SlabObjects<SlabObject>, p: readonly ObjName[]): void {
  for (const obj of p) {
    const o = objs.get(obj);
    if (!o) throw new Error(`${k.version}: free of unknown slab object ${obj}`);
    objs.delete(obj);
    if (!o.ptr) continue;
    const memcg = o.ptr.memcg;
    if (!memCgroupIsRoot(memcg)) memcgKmemUnchargeSubpage(k, memcg, o.size);
    memCgroupPtrPut(k, o.ptr);
  }
}

/** v1's hooks, as SLUB calls them. */
export const SLAB_HOOKS: MemcgSlabHooks<SlabObject, PreAlloc> = { memcgSlabPreAllocHook, memcgSlabPostAllocHook, memcgSlabFreeHook };
