/*
 * mem_cgroup_ptr lifecycle around a memcg's kmem state (v1):
 * memcg_online_kmem() creates the memcg's mem_cgroup_ptr,
 * memcg_reparent_kmem_memcg_ptr() hands it and every pointer already
 * reparented here to the parent.
 */

import { cssGet, cssPut } from '../linux-5.4/memcg.ts';
import type { V1Kernel } from './kernel.ts';
import { memcgPtrAlloc } from './mem-cgroup-ptr.ts';
import type { V1Memcg } from './memcg.ts';

/**
 * memcgOnlineKmem - create the memcg's mem_cgroup_ptr (memcg_online_kmem ->
 * memcg_init_kmem_memcg_ptr, v1)
 *
 * Every memcg but the root (5.4). rcu_assign_pointer(memcg->kmem_memcg_ptr)
 * and list_add() to memcg->kmem_memcg_ptr_list; no css reference yet.
 */
export function memcgOnlineKmem(k: V1Kernel, memcg: V1Memcg): void {
  const ptr = memcgPtrAlloc(k, memcg);
  memcg.kmemMemcgPtr = ptr;
  memcg.kmemMemcgPtrList.push(ptr);
  memcg.kmemOnline = true;
}

/**
 * memcgReparentKmemMemcgPtr - move @memcg's pointers to @parent
 * (memcg_reparent_kmem_memcg_ptr, v1)
 *
 * The active pointer is detached and its initial reference killed; it
 * takes its css reference on @memcg now. Every pointer on the list is
 * switched to @parent (xchg), the list spliced onto the parent's, and the
 * references moved: css_get_many(parent, n), css_put_many(memcg, n).
 */
export function memcgReparentKmemMemcgPtr(k: V1Kernel, memcg: V1Memcg, parent: V1Memcg): void {
  const ptr = memcg.kmemMemcgPtr;
  if (!ptr) throw new Error(`${k.version}: memcg ${memcg.name} has no active mem_cgroup_ptr`);
  memcg.kmemMemcgPtr = null; // rcu_swap_protected(memcg->kmem_memcg_ptr, memcg_ptr, true)
  cssGet(k, memcg);
  const moved = memcg.kmemMemcgPtrList.splice(0);
  for (const p of moved) p.memcg = parent;
  parent.kmemMemcgPtrList.push(...moved);
  if (moved.length) {
    cssGet(k, parent, moved.length);
    cssPut(k, memcg, moved.length);
  }
  // percpu_ref_kill() is called first, but the switch to atomic mode (and
  // a release it triggers) completes after an RCU grace period: last here.
  ptr.ref.kill();
}

/* memcg_offline_kmem (v1): reparent to the parent, the root for a top-level memcg */
export function memcgOfflineKmem(k: V1Kernel, memcg: V1Memcg): void {
  if (!memcg.kmemOnline) return;
  memcg.kmemOnline = false;
  memcgReparentKmemMemcgPtr(k, memcg, memcg.parent ?? k.root);
}
