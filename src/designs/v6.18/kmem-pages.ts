/*
 * Accounted kernel pages (alloc_pages(__GFP_ACCOUNT), mm/memcontrol.c
 * v6.18). Since 5.13 a kmem page points at an obj_cgroup
 * (page->memcg_data = objcg | MEMCG_DATA_KMEM) and holds one reference on
 * it; its pages are charged through the page layer only, never the byte
 * stock.
 */

import { currentObjCgroup } from './current-objcg.ts';
import { objCgroupGet, objCgroupPut } from './objcg.ts';
import { objCgroupChargePages, objCgroupUnchargePages } from './objcg-pages.ts';
import type { Kernel, Task } from './structs.ts';

/**
 * memcgKmemChargePage - __memcg_kmem_charge_page (v6.18) for a page of @order by @task
 * @returns false for -ENOMEM (__alloc_pages then frees the page). A task
 *   without an objcg (root) gets an unaccounted page.
 */
export function memcgKmemChargePage(k: Kernel, task: Task, page: string, order: number): boolean {
  const objcg = currentObjCgroup(k, task);
  if (objcg) {
    if (!objCgroupChargePages(k, task.cpu, objcg, 1 << order)) return false;
    objCgroupGet(k, objcg);
  }
  k.pages.set(page, { objcg, order }); // page_set_objcg()
  return true;
}

/**
 * splitPageMemcg - split_page_memcg (v6.18): each order-0 page of @page gets the objcg
 *
 * "The objcg is only set on the first page, so transfer it to all the
 * other pages": obj_cgroup_get_many(objcg, nr - 1).
 */
export function splitPageMemcg(k: Kernel, page: string, parts: readonly string[]): void {
  const p = k.pages.get(page);
  if (!p) throw new Error(`v6.18: split of unknown page ${page}`);
  const nr = 1 << p.order;
  if (parts.length !== nr) throw new Error(`v6.18: split of order-${p.order} page ${page} into ${parts.length} pages`);
  k.pages.delete(page);
  for (const part of parts) k.pages.set(part, { objcg: p.objcg, order: 0 });
  if (p.objcg && nr > 1) objCgroupGet(k, p.objcg, nr - 1);
}

/* __memcg_kmem_uncharge_page (v6.18): uncharge through the page stock of @cpu, put the objcg */
export function memcgKmemUnchargePage(k: Kernel, cpu: number, page: string): void {
  const p = k.pages.get(page);
  if (!p) throw new Error(`v6.18: free of unknown page ${page}`);
  k.pages.delete(page);
  if (!p.objcg) return;
  objCgroupUnchargePages(k, cpu, p.objcg, 1 << p.order);
  objCgroupPut(k, p.objcg);
}
