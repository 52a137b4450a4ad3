/*
 * Byte-level charging through an obj_cgroup (mm/memcontrol.c v6.18):
 * the byte stock on top of the page layer.
 */

import { PAGE_SHIFT, PAGE_SIZE } from '../../kernel/constants.ts';
import { objCgroupChargePages } from './objcg-pages.ts';
import type { Kernel, ObjCgroup } from './structs.ts';

/**
 * objCgroupChargeAccount - obj_cgroup_charge_account (v6.18): charge @size bytes to @objcg on @cpu
 * @slab: the slab hooks pass a pgdat; then the stock is refilled even when
 *   @size is a whole number of pages (with 0 bytes), which switches the
 *   cached objcg. obj_cgroup_charge() passes none.
 *
 * A stock hit costs nothing shared. Otherwise ceil(@size / PAGE_SIZE)
 * pages are charged and PAGE_SIZE - (@size % PAGE_SIZE) bytes go to the
 * stock with allow_uncharge false. nr_charged_bytes and the stock's own
 * bytes are deliberately ignored when charging.
 * @returns false for -ENOMEM (nothing charged).
 */
export function objCgroupChargeAccount(k: Kernel, cpu: number, objcg: ObjCgroup, size: number, slab: boolean): boolean {
  if (k.objStockOps.consume(k, cpu, objcg, size)) return true;
  let nrPages = size >>> PAGE_SHIFT;
  const nrBytes = size & (PAGE_SIZE - 1);
  if (nrBytes) nrPages += 1;
  const ok = objCgroupChargePages(k, cpu, objcg, nrPages);
  if (ok && (nrBytes || slab)) k.objStockOps.refill(k, cpu, objcg, nrBytes ? PAGE_SIZE - nrBytes : 0, false);
  return ok;
}

/* obj_cgroup_charge (v6.18) */
export function objCgroupCharge(k: Kernel, cpu: number, objcg: ObjCgroup, size: number): boolean {
  return objCgroupChargeAccount(k, cpu, objcg, size, false);
}

/* obj_cgroup_uncharge (v6.18) */
export function objCgroupUncharge(k: Kernel, cpu: number, objcg: ObjCgroup, size: number): void {
  k.objStockOps.refill(k, cpu, objcg, size, true);
}
