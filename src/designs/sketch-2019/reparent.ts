/*
 * obj_cgroup lifecycle around a memcg's kmem state, as the sketch writes
 * it: memcg_online_kmem() allocates the memcg's obj_cgroup and puts it on
 * the memcg's list; obj_cgroup_reparent() (v1's
 * memcg_reparent_kmem_memcg_ptr() renamed) hands every obj_cgroup on the
 * list to the parent.
 */

import { cssGet, cssPut } from '../linux-5.4/memcg.ts';
import type { SketchKernel } from './kernel.ts';
import type { SketchMemcg } from './memcg.ts';
import { objCgroupAlloc } from './objcg.ts';

/**
 * memcgOnlineKmem - create the memcg's obj_cgroup (memcg_online_kmem, sketch)
 *
 * Called from mem_cgroup_css_alloc() for every memcg but the root (5.4):
 * `rcu_assign_pointer(memcg->slab_objs, objcg)` and
 * `list_add(&objcg->list, &memcg->slab_objs_list)`. No css reference yet.
 */
export function memcgOnlineKmem(k: SketchKernel, memcg: SketchMemcg): void {
  const objcg = objCgroupAlloc(k, memcg);
  memcg.slabObjs = objcg;
  memcg.slabObjsList.push(objcg);
  memcg.kmemOnline = true;
}

/**
 * objCgroupReparent - move @memcg's obj_cgroups to @parent (obj_cgroup_reparent, sketch)
 *
 * The active obj_cgroup is detached (rcu_swap_protected) and its initial
 * reference killed; it now takes its css reference on @memcg
 * (`css_get(&memcg->css)`). Every obj_cgroup on the list, the active one
 * included, is pointed at @parent; the list is spliced onto the parent's;
 * the references move: css_get_many(parent, n), css_put_many(memcg, n).
 */
export function objCgroupReparent(k: SketchKernel, memcg: SketchMemcg, parent: SketchMemcg): void {
  const objcg = memcg.slabObjs;
  if (!objcg) throw new Error(`${k.version}: memcg ${memcg.name} has no active obj_cgroup to reparent`);
  memcg.slabObjs = null;
  cssGet(k, memcg);

  const moved = memcg.slabObjsList.splice(0);
  for (const o of moved) o.memcg = parent; // xchg(&objcg->memcg, parent)
  parent.slabObjsList.push(...moved);
  if (moved.length) {
    cssGet(k, parent, moved.length);
    cssPut(k, memcg, moved.length);
  }
  // percpu_ref_kill(&objcg->count) comes first in the sketch, but the
  // switch to atomic mode (and a release it triggers) completes after an
  // RCU grace period, i.e. after the moves above: hence killed last here.
  objcg.ref.kill();
}

/**
 * memcgOfflineKmem - kmem part of css offline (memcg_offline_kmem, 5.4 + sketch)
 *
 * Reparents to the parent (the root for a top-level memcg). The kmem
 * cache deactivation and kmemcg_id handover of 5.4 are not modelled.
 */
export function memcgOfflineKmem(k: SketchKernel, memcg: SketchMemcg): void {
  if (!memcg.kmemOnline) return;
  memcg.kmemOnline = false;
  objCgroupReparent(k, memcg, memcg.parent ?? k.root);
}
