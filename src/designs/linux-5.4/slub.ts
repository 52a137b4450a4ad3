/*
 * The 5.4 SLUB entry points (mm/slub.c) around a controller's memcg slab
 * hooks (mm/slab.h): the sketch and v1 each wrote their own hooks
 * (sketch-2019/slab-hooks.ts, roman-v1-2019/slab-hooks.ts), SLUB calls
 * them the same way.
 *
 * `size` is what one object charges (s->size).
 */

import type { ObjName } from '../../design.ts';
import type { Kernel } from './kernel.ts';
import type { Memcg } from './memcg.ts';

/** The live accounted slab objects: what each records (page->obj_cgroups[off], page->mem_cgroup_vec[off]). */
export type SlabObjects<O> = Map<ObjName, O>;

/**
 * A controller's memcg slab hooks.
 * @O: what a live object records
 * @Pre: what the pre-alloc hook hands the post-alloc hook
 */
export interface MemcgSlabHooks<O, Pre extends object> {
  /** memcg_slab_pre_alloc_hook: look up and charge @objects * @size bytes; null for -ENOMEM. */
  memcgSlabPreAllocHook(k: Kernel, memcg: Memcg, objects: number, size: number): Pre | null;
  /** memcg_slab_post_alloc_hook: record the objects @p, null where the allocator returned NULL. */
  memcgSlabPostAllocHook(k: Kernel, objs: SlabObjects<O>, pre: Pre, size: number, p: readonly (ObjName | null)[]): void;
  /** memcg_slab_free_hook: uncharge the freed objects @p on this CPU. */
  memcgSlabFreeHook(k: Kernel, objs: SlabObjects<O>, p: readonly ObjName[]): void;
}

/**
 * kmemCacheAlloc - one object (slab_alloc_node, SLUB 5.4)
 * Returns [obj], [] when the allocator failed, null for -ENOMEM.
 */
export function kmemCacheAlloc<O, Pre extends object>(
  k: Kernel,
  hooks: MemcgSlabHooks<O, Pre>,
  objs: SlabObjects<O>,
  memcg: Memcg,
  obj: ObjName,
  size: number,
  failed: boolean,
): ObjName[] | null {
  const pre = hooks.memcgSlabPreAllocHook(k, memcg, 1, size);
  if (!pre) return null;
  const p = failed ? null : obj;
  hooks.memcgSlabPostAllocHook(k, objs, pre, size, [p]);
  return p === null ? [] : [p];
}

/**
 * kmemCacheAllocBulk - several objects (kmem_cache_alloc_bulk, SLUB 5.4)
 *
 * If the allocator fails at object i, the error path runs the post-alloc
 * hook on the i objects it got and frees them (__kmem_cache_free_bulk):
 * whatever the pre-alloc hook took for objects i..n-1 (bytes, and in the
 * sketch references) is never given back. Returns all objects, [] after
 * an allocator failure, null for -ENOMEM.
 */
export function kmemCacheAllocBulk<O, Pre extends object>(
  k: Kernel,
  hooks: MemcgSlabHooks<O, Pre>,
  objs: SlabObjects<O>,
  memcg: Memcg,
  names: readonly ObjName[],
  size: number,
  failures: readonly boolean[],
): ObjName[] | null {
  const pre = hooks.memcgSlabPreAllocHook(k, memcg, names.length, size);
  if (!pre) return null;
  const i = failures.slice(0, names.length).indexOf(true);
  if (i < 0) {
    hooks.memcgSlabPostAllocHook(k, objs, pre, size, names);
    return [...names];
  }
  const got = names.slice(0, i);
  hooks.memcgSlabPostAllocHook(k, objs, pre, size, got);
  hooks.memcgSlabFreeHook(k, objs, got);
  return [];
}
