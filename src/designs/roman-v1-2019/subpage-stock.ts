/*
 * v1's per-CPU subpage (byte) stock (consume_subpage_stock,
 * drain_subpage_stock, refill_subpage_stock), keyed by memcg. Its bytes
 * are page-counter charges of the cached memcg that no object uses yet;
 * whole pages drained from it go straight back to the page counter, the
 * sub-page rest to memcg->nr_stocked_bytes. The stock holds one css
 * reference on the memcg it caches; subpage charges hold none.
 *
 * Source: RFC 01/14 <20190905214553.1643060-2-guro@fb.com>, in the form
 * v1 carried it (quoted with its comments in Johannes's reply
 * <20191025194118.GA393641@cmpxchg.org>). nr_bytes is an unsigned int.
 */

import { PAGE_SHIFT, PAGE_SIZE } from '../../kernel/constants.ts';
import { u32, u32Add } from '../../kernel/u32.ts';
import { type Memcg, cssGet, cssPut, memCgroupIsDescendant, memoryUncharge } from '../linux-5.4/memcg.ts';
import type { V1Kernel, V1StockPcp } from './kernel.ts';
import type { V1Memcg } from './memcg.ts';

/** MEMCG_CHARGE_BATCH << PAGE_SHIFT: the subpage stock's limit. */
export function byteBatch(k: V1Kernel): number {
  return k.batch * 2 ** PAGE_SHIFT;
}

/**
 * consumeSubpageStock - take @nrBytes from this CPU's subpage stock (consume_subpage_stock, v1)
 *
 * Requests above MEMCG_CHARGE_BATCH << PAGE_SHIFT never hit; otherwise a
 * hit needs @memcg cached with enough bytes.
 */
export function consumeSubpageStock(k: V1Kernel, memcg: V1Memcg, nrBytes: number): boolean {
  const want = u32(nrBytes);
  if (want > byteBatch(k)) return false;
  const stock = k.thisCpuStock();
  if (memcg === stock.subpageCached && stock.nrBytes >= want) {
    stock.nrBytes -= want;
    return true;
  }
  return false;
}

/**
 * drainSubpageStock - flush a CPU's subpage stock (drain_subpage_stock, v1)
 *
 * With bytes in it: page_counter_uncharge() of the whole pages (even 0)
 * and atomic_add() of the rest to old->nr_stocked_bytes. Then css_put()
 * of the stock's reference ("paired with css_get() in refill_subpage_stock()").
 */
export function drainSubpageStock(k: V1Kernel, stock: V1StockPcp): void {
  const old = stock.subpageCached;
  if (!old) return;
  k.costs.stockDrains++;
  if (stock.nrBytes) {
    const nrPages = Math.floor(stock.nrBytes / 2 ** PAGE_SHIFT);
    const nrBytes = stock.nrBytes & (PAGE_SIZE - 1);
    memoryUncharge(k, old, nrPages);
    old.nrStockedBytes += nrBytes; // atomic_add(nr_bytes, &old->nr_stocked_bytes)
    k.costs.objcgBytes++;
    stock.nrBytes = 0;
  }
  cssPut(k, old);
  stock.subpageCached = null;
}

/* the subpage test v1 adds to drain_all_stock(): any cached memcg under @root */
export function subpageStockFlushRequired(stock: V1StockPcp, root: Memcg): boolean {
  return stock.subpageCached !== null && memCgroupIsDescendant(stock.subpageCached, root);
}

/**
 * refillSubpageStock - add @nrBytes of @memcg to this CPU's subpage stock (refill_subpage_stock, v1)
 *
 * A stock caching another memcg is drained; @memcg is cached with a css
 * reference and its nr_stocked_bytes taken over (atomic_xchg). Above
 * MEMCG_CHARGE_BATCH << PAGE_SHIFT bytes the whole stock is drained.
 */
export function refillSubpageStock(k: V1Kernel, memcg: V1Memcg, nrBytes: number): void {
  const stock = k.thisCpuStock();
  if (stock.subpageCached !== memcg) {
    drainSubpageStock(k, stock);
    cssGet(k, memcg);
    stock.subpageCached = memcg;
    stock.nrBytes = u32(memcg.nrStockedBytes); // atomic_xchg(&memcg->nr_stocked_bytes, 0)
    memcg.nrStockedBytes = 0;
    k.costs.objcgBytes++;
    k.costs.stockRefills++;
  }
  stock.nrBytes = u32Add(stock.nrBytes, u32(nrBytes));
  if (stock.nrBytes > byteBatch(k)) drainSubpageStock(k, stock);
}
