/*
 * The slab allocator's memcg hooks (mm/slub.c and mm/memcontrol.c, v6.18),
 * seen from an accounted cache (SLAB_ACCOUNT / __GFP_ACCOUNT, GFP_KERNEL,
 * no list_lru, the slabobj_ext vector always allocates).
 *
 * Since 6.10 there is no pre-alloc hook: objects are allocated first, then
 * __memcg_slab_post_alloc_hook() charges them one by one and, at the first
 * failure, the whole allocation is undone: a single object is freed
 * without touching memcg (memcg_alloc_abort_single), a bulk allocation is
 * freed with kmem_cache_free_bulk(), whose free hook uncharges the
 * objects already charged.
 *
 * Allocator failures (the harness's `failures`) happen before the hook:
 * - kmem_cache_alloc(): slab_alloc_node() calls the post hook even for a
 *   NULL object ("we might be called with a single NULL object"); the
 *   hook's current_obj_cgroup() runs (and may refresh current->objcg),
 *   then it returns for the NULL object without charging.
 * - kmem_cache_alloc_bulk(): if the allocator cannot fill the whole
 *   request it frees what it got and returns 0 before any hook runs
 *   ("kmem_cache_alloc_bulk() aborts if it can't fill the whole requested
 *   size"): nothing is charged and current->objcg is not looked at.
 */

import { currentObjCgroup } from './current-objcg.ts';
import { objCgroupGet, objCgroupPut } from './objcg.ts';
import { objCgroupChargeAccount } from './objcg-charge.ts';
import type { Kernel, Task } from './structs.ts';

/**
 * __memcg_slab_post_alloc_hook (v6.18): charge each allocated object and point it at the objcg
 * @objs: the allocated objects, or [null] for a failed single allocation.
 * @returns false at the first object that cannot be charged.
 */
function memcgSlabPostAllocHookInner(k: Kernel, task: Task, objs: readonly (string | null)[], size: number): boolean {
  const objcg = currentObjCgroup(k, task);
  if (!objcg) return true;
  if (objs[0] === null) return true; // "return success as there's nothing to free back"
  for (const obj of objs) {
    if (obj === null) continue;
    if (!objCgroupChargeAccount(k, task.cpu, objcg, size, true)) return false;
    objCgroupGet(k, objcg);
    k.slabObjects.set(obj, { objcg, size });
  }
  return true;
}

/**
 * memcgSlabPostAllocHook - memcg_slab_post_alloc_hook (v6.18)
 * @returns false when the charge failed; the objects are freed then.
 */
function memcgSlabPostAllocHook(k: Kernel, task: Task, objs: readonly (string | null)[], size: number): boolean {
  if (memcgSlabPostAllocHookInner(k, task, objs, size)) return true;
  if (objs.length === 1) {
    // memcg_alloc_abort_single(): the objcg was not assigned yet
    const obj = objs[0];
    if (obj) k.slabObjects.delete(obj);
  } else kmemCacheFreeBulk(k, task.cpu, objs.filter((o): o is string => o !== null));
  return false;
}

/**
 * kmemCacheAlloc - kmem_cache_alloc / kmem_cache_alloc_bulk (v6.18) by @task on its CPU
 * @returns the objects allocated and charged; [] when the allocator itself
 *   failed; null for -ENOMEM from memcg (nothing stays charged).
 */
export function kmemCacheAlloc(k: Kernel, task: Task, objs: readonly string[], size: number, failures: readonly boolean[]): string[] | null {
  if (objs.length === 0) return []; // kmem_cache_alloc_bulk(): if (!size) return 0
  if (objs.length === 1) {
    const obj = failures[0] ? null : objs[0]!;
    if (obj) k.slabObjects.set(obj, { objcg: null, size });
    if (!memcgSlabPostAllocHook(k, task, [obj], size)) return null;
    return obj ? [obj] : [];
  }
  if (failures.some(Boolean)) return []; // __kmem_cache_alloc_bulk() failed: freed, no hook
  for (const obj of objs) k.slabObjects.set(obj, { objcg: null, size });
  return memcgSlabPostAllocHook(k, task, objs, size) ? [...objs] : null;
}

/**
 * __memcg_slab_free_hook (v6.18): uncharge an object through the byte stock and put its objcg
 *
 * refill_obj_stock() with allow_uncharge true, on the CPU that frees.
 */
function memcgSlabFreeHook(k: Kernel, cpu: number, obj: string): void {
  const o = k.slabObjects.get(obj);
  if (!o) throw new Error(`v6.18: free of unknown slab object ${obj}`);
  const objcg = o.objcg;
  if (!objcg) return;
  o.objcg = null;
  k.objStockOps.refill(k, cpu, objcg, o.size, true);
  objCgroupPut(k, objcg);
}

/**
 * kmemCacheFreeBulk - kmem_cache_free / kmem_cache_free_bulk (v6.18) on @cpu
 *
 * The kernel runs the free hook slab by slab; slabs are not modelled, so
 * objects are uncharged in the order given.
 */
export function kmemCacheFreeBulk(k: Kernel, cpu: number, objs: readonly string[]): void {
  for (const obj of objs) {
    memcgSlabFreeHook(k, cpu, obj);
    k.slabObjects.delete(obj);
  }
}
