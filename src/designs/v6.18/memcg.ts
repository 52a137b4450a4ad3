/*
 * memcg lifecycle (mm/memcontrol.c and kernel/cgroup/cgroup.c, v6.18):
 * mkdir, rmdir, and the free that follows once the last css reference goes.
 *
 * css references of a non-root memcg, as 6.18 takes them on these paths:
 * - the base reference, from percpu_ref_init() to kill_css();
 * - the memcg ID's: mem_cgroup_css_online() sets id.ref = 1 and takes a css
 *   reference ("Online state pins memcg ID, memcg ID pins CSS"), put by
 *   mem_cgroup_id_put() at the end of mem_cgroup_css_offline();
 * - one per child css, from init_and_link_css() until the child's
 *   css_free_rwork_fn() ("Parent css and cgroup cannot be freed until after
 *   the freeing of child css");
 * - one from the css_set its tasks share, while it has tasks (task-cgroup.ts);
 * - one per page-stock slot caching it (page-stock.ts);
 * - short-lived ones (kill_css() across offlining, css_tryget() in
 *   get_mem_cgroup_from_objcg()) that are back to zero after each call.
 * When the count reaches zero after kill, css_release() and, after an RCU
 * grace period (immediate here), css_free_rwork_fn() run.
 */

import { PageCounter } from '../../kernel/page-counter.ts';
import { percpuRefInit, type Ref } from '../../kernel/refcount.ts';
import { ROOT } from '../../kernel/constants.ts';
import { cssGet, cssPut } from './css.ts';
import { drainAllStock } from './drain.ts';
import { objCgroupPut } from './objcg.ts';
import { memcgOfflineKmem, memcgOnlineKmem } from './reparent.ts';
import { VERSION, type Kernel, type MemCgroup } from './structs.ts';

/*
 * mem_cgroup_alloc + percpu_ref_init(&css->refcnt, css_release) (v6.18):
 * the release callback gets the allocated memcg; root (@k null) is
 * CSS_NO_REF and never released.
 */
function memCgroupAlloc(name: string, parent: MemCgroup | null, log: Kernel['log'], k: Kernel | null): MemCgroup {
  const fields: Omit<MemCgroup, 'css'> = {
    name,
    parent,
    memory: new PageCounter(name, parent ? parent.memory : null, log, 'clamp', VERSION),
    online: false,
    freed: false,
    idRef: 0,
    objcg: null,
    origObjcg: null,
    objcgList: [],
    nrTasks: 0,
  };
  const memcg = fields as MemCgroup;
  const css = k ? percpuRefInit(`memcg ${name} css`, log, VERSION, cssFree, k, memcg) : percpuRefInit(`memcg ${name} css`, log, VERSION, rootCssRelease);
  Object.assign(memcg, { css });
  return memcg;
}

/* css_release (v6.18) of the root css: never reached, the root is CSS_NO_REF */
function rootCssRelease(): void {
  throw new Error('v6.18: the root css is CSS_NO_REF and is never released');
}

/**
 * memCgroupRoot - mem_cgroup_css_alloc(NULL) + cgroup_init_subsys (v6.18)
 *
 * The root css is CSS_NO_REF: its count stays at its initial 1. It is
 * online for good and has no obj_cgroup (memcg_online_kmem skips root).
 */
export function memCgroupRoot(log: Kernel['log']): MemCgroup {
  const root = memCgroupAlloc(ROOT, null, log, null);
  root.idRef = 1;
  root.online = true;
  return root;
}

/**
 * memCgroupMkdir - cgroup_mkdir -> css_create (v6.18): a new online memcg under @parent
 *
 * init_and_link_css() pins the parent css; mem_cgroup_css_online() creates
 * the obj_cgroup and pins the css through the memcg ID.
 */
export function memCgroupMkdir(k: Kernel, name: string, parent: MemCgroup): MemCgroup {
  const memcg = memCgroupAlloc(name, parent, k.log, k);
  cssGet(k, parent); // init_and_link_css(): css_get(css->parent)
  k.memcgs.set(name, memcg);
  memCgroupCssOnline(k, memcg);
  memcg.online = true; // online_css(): CSS_ONLINE
  return memcg;
}

/* mem_cgroup_css_online (v6.18) */
function memCgroupCssOnline(k: Kernel, memcg: MemCgroup): void {
  memcgOnlineKmem(k, memcg);
  memcg.idRef = 1; // refcount_set(&memcg->id.ref, 1)
  cssGet(k, memcg);
}

/**
 * memCgroupRmdir - cgroup_rmdir -> kill_css -> css_killed_work_fn (v6.18), on @cpu
 *
 * kill_css() takes a reference to keep the css alive "until after
 * ->css_offline()" and kills the base reference; the offline work (run
 * here at once, on @cpu) calls mem_cgroup_css_offline(), clears CSS_ONLINE
 * and puts the extra reference, which may free the memcg.
 */
export function memCgroupRmdir(k: Kernel, cpu: number, memcg: MemCgroup): void {
  cssGet(k, memcg);
  k.costs.refAtomics++; // percpu_ref_kill_and_confirm() switches to atomic mode
  memcg.css.kill();
  memCgroupCssOffline(k, cpu, memcg);
  memcg.online = false;
  cssPut(k, memcg);
}

/* mem_cgroup_css_offline (v6.18): reparent the objcgs, drain the stocks, drop the ID */
function memCgroupCssOffline(k: Kernel, cpu: number, memcg: MemCgroup): void {
  // memcg1_css_offline, page_counter_set_min/low, zswap, shrinkers, writeback, lru_gen: not modelled
  memcgOfflineKmem(k, memcg);
  drainAllStock(k, cpu, memcg);
  memCgroupIdPut(k, memcg);
}

/* mem_cgroup_id_put (v6.18): the last ID reference drops the ID's css reference */
function memCgroupIdPut(k: Kernel, memcg: MemCgroup): void {
  memcg.idRef -= 1;
  if (memcg.idRef === 0) cssPut(k, memcg); // mem_cgroup_id_remove(), then "Memcg ID pins CSS"
}

/**
 * cssFree - css_release_work_fn + css_free_rwork_fn -> mem_cgroup_css_free (v6.18)
 *
 * __mem_cgroup_free() puts memcg->orig_objcg; then the css's reference on
 * its parent is put, which may free the parent in turn.
 */
function cssFree(k: Kernel, memcg: MemCgroup): void {
  objCgroupPut(k, memcg.origObjcg);
  memcg.freed = true;
  if (memcg.parent) cssPut(k, memcg.parent);
}
