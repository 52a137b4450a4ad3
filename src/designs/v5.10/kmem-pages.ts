/*
 * Accounted kernel pages of v5.10 (alloc_pages(__GFP_ACCOUNT)): charged to
 * the memcg directly, not through an obj_cgroup (that came in 5.13).
 * page->mem_cgroup holds one css reference; split_page() gives every tail
 * page its own; freeing a page uncharges it through the local page stock.
 * A kmem page of a deleted memcg keeps charging that (dead) memcg until it
 * is freed: kmem pages are not reparented in 5.10.
 */

import type { PageName } from '../../design.ts';
import { type Kernel, VERSION } from './kernel.ts';
import { type Memcg, cssGet, cssPut, cssTryget, memCgroupIsRoot } from './memcg.ts';
import { memcgKmemUncharge } from './page-stock.ts';
import { memcgKmemCharge } from './try-charge.ts';

/** A live accounted page: page->mem_cgroup and its order. */
export interface KmemPage {
  readonly memcg: Memcg | null;
  readonly order: number;
}

export type KmemPages = Map<PageName, KmemPage>;

/**
 * getMemCgroupFromCurrent - the task's memcg with a css reference
 * (get_mem_cgroup_from_current -> get_mem_cgroup_from_mm, v5.10)
 *
 * The kernel loops on css_tryget(); a task's memcg is online, so the first
 * try succeeds.
 */
export function getMemCgroupFromCurrent(k: Kernel, memcg: Memcg): Memcg {
  if (!cssTryget(memcg)) k.log.warn(`get_mem_cgroup_from_mm (${VERSION})`, `css_tryget() failed on the task's memcg ${memcg.name}`);
  return memcg;
}

/**
 * memcgKmemChargePage - charge a new page of 2^@order pages to the current
 * memcg (__memcg_kmem_charge_page, v5.10)
 *
 * On success page->mem_cgroup keeps the lookup's css reference; on failure
 * it is put and the caller frees the page (-ENOMEM). A task in the root
 * charges nothing (the root's css is CSS_NO_REF, so the kernel's unbalanced
 * get there is harmless; tasks never run in the root in this world).
 */
export function memcgKmemChargePage(k: Kernel, pages: KmemPages, taskMemcg: Memcg, page: PageName, order: number): boolean {
  const memcg = getMemCgroupFromCurrent(k, taskMemcg);
  if (memCgroupIsRoot(memcg)) {
    pages.set(page, { memcg: null, order });
    return true;
  }
  if (memcgKmemCharge(k, memcg, 1 << order)) {
    pages.set(page, { memcg, order });
    return true;
  }
  cssPut(memcg);
  return false;
}

/**
 * splitPageMemcg - give every page of a split page its memcg (split_page_memcg, v5.10)
 * @parts: the 2^order resulting pages, parts[0] being the head
 *
 * Each tail gets page->mem_cgroup and a css reference (css_get_many(nr - 1)).
 */
export function splitPageMemcg(pages: KmemPages, page: PageName, parts: readonly PageName[]): void {
  const head = pages.get(page);
  if (!head) throw new Error(`v5.10: split of unknown page ${page}`);
  const nr = 1 << head.order;
  if (parts.length !== nr || parts[0] !== page) throw new Error(`v5.10: split of ${page} (order ${head.order}) needs ${nr} parts headed by it`);
  pages.delete(page);
  for (const part of parts) pages.set(part, { memcg: head.memcg, order: 0 });
  if (head.memcg && nr > 1) cssGet(head.memcg, nr - 1);
}

/**
 * memcgKmemUnchargePage - uncharge a freed kmem page on this CPU
 * (__memcg_kmem_uncharge_page, v5.10)
 *
 * Its pages go to the local page stock (__memcg_kmem_uncharge) and
 * page->mem_cgroup's reference is put.
 */
export function memcgKmemUnchargePage(k: Kernel, pages: KmemPages, page: PageName): void {
  const p = pages.get(page);
  if (!p) throw new Error(`v5.10: free of unknown page ${page}`);
  pages.delete(page);
  const memcg = p.memcg;
  if (!memcg) return;
  if (memCgroupIsRoot(memcg)) k.log.warn(`__memcg_kmem_uncharge_page (${VERSION})`, `VM_BUG_ON_PAGE(mem_cgroup_is_root(memcg)): page ${page}`);
  memcgKmemUncharge(k, memcg, 1 << p.order);
  cssPut(memcg);
}
