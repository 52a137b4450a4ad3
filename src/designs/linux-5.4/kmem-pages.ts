/*
 * Accounted kernel pages in the 5.4 tree (alloc_pages(__GFP_ACCOUNT)),
 * untouched by both 2019 controllers: charged to the memcg through
 * try_charge(), one css reference per page (coupled), uncharged straight
 * from the page counter. split_page() of 5.4 does not copy
 * page->mem_cgroup to the tail pages ("mm/memcg: set memcg when splitting
 * page" did, 5.12): freeing a split page uncharges only the head's one page.
 */

import type { PageName } from '../../design.ts';
import type { Kernel } from './kernel.ts';
import { type Memcg, cssPut, cssTryget, memCgroupIsRoot, memoryUncharge } from './memcg.ts';
import { tryCharge } from './try-charge.ts';

/** A live accounted page: page->mem_cgroup (null: not charged) and its order. */
export interface KmemPage {
  readonly memcg: Memcg | null;
  readonly order: number;
}

export type KmemPages = Map<PageName, KmemPage>;

/**
 * memcgKmemChargePage - charge a new 2^@order page to the current memcg
 * (__memcg_kmem_charge -> __memcg_kmem_charge_memcg, 5.4)
 *
 * try_charge() takes the pages' css references; the lookup's reference
 * (get_mem_cgroup_from_current) is always put. Returns false for -ENOMEM.
 */
export function memcgKmemChargePage(k: Kernel, pages: KmemPages, taskMemcg: Memcg, page: PageName, order: number): boolean {
  cssTryget(k, taskMemcg);
  let ok = true;
  if (memCgroupIsRoot(taskMemcg)) pages.set(page, { memcg: null, order });
  else if ((ok = tryCharge(k, taskMemcg, 1 << order))) pages.set(page, { memcg: taskMemcg, order });
  cssPut(k, taskMemcg);
  return ok;
}

/* split_page (5.4): only the head keeps page->mem_cgroup (and PageKmemcg) */
export function splitPage(k: Kernel, pages: KmemPages, page: PageName, parts: readonly PageName[]): void {
  const head = pages.get(page);
  if (!head) throw new Error(`${k.version}: split of unknown page ${page}`);
  pages.delete(page);
  parts.forEach((part, i) => pages.set(part, { memcg: i === 0 ? head.memcg : null, order: 0 }));
}

/**
 * memcgKmemUnchargePage - uncharge a freed kmem page (__memcg_kmem_uncharge, 5.4)
 *
 * page_counter_uncharge() of its pages, then css_put_many() of as many
 * references.
 */
export function memcgKmemUnchargePage(k: Kernel, pages: KmemPages, page: PageName): void {
  const p = pages.get(page);
  if (!p) throw new Error(`${k.version}: free of unknown page ${page}`);
  pages.delete(page);
  if (!p.memcg) return;
  const nrPages = 1 << p.order;
  memoryUncharge(k, p.memcg, nrPages);
  cssPut(k, p.memcg, nrPages);
}
