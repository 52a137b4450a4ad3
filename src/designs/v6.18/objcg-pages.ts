/*
 * Whole pages charged through an obj_cgroup (mm/memcontrol.c v6.18): the
 * page layer under the byte stock and under kmem pages. The memcg is
 * objcg->memcg at the time of the call, with a css reference held only
 * for the call.
 */

import { cssPut } from './css.ts';
import { getMemCgroupFromObjcg } from './objcg.ts';
import { refillStock } from './page-stock.ts';
import { tryChargeMemcg } from './try-charge.ts';
import { memCgroupIsRoot, type Kernel, type ObjCgroup } from './structs.ts';

/**
 * objCgroupChargePages - obj_cgroup_charge_pages (v6.18)
 *
 * try_charge_memcg() without the root shortcut: an obj_cgroup whose memcg
 * is root (a top-level cgroup deleted) charges root's counter and stocks
 * the surplus in a root slot. MEMCG_KMEM statistics are not modelled.
 * @returns false for -ENOMEM.
 */
export function objCgroupChargePages(k: Kernel, cpu: number, objcg: ObjCgroup, nrPages: number): boolean {
  const memcg = getMemCgroupFromObjcg(k, objcg);
  const ok = tryChargeMemcg(k, cpu, memcg, nrPages);
  cssPut(k, memcg);
  return ok;
}

/**
 * objCgroupUnchargePages - obj_cgroup_uncharge_pages (v6.18)
 *
 * The pages go to this CPU's page stock (refill_stock), except for root,
 * whose pages are not uncharged at all.
 */
export function objCgroupUnchargePages(k: Kernel, cpu: number, objcg: ObjCgroup, nrPages: number): void {
  const memcg = getMemCgroupFromObjcg(k, objcg);
  if (!memCgroupIsRoot(k, memcg)) refillStock(k, cpu, memcg, nrPages);
  cssPut(k, memcg);
}
