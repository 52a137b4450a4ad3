/*
 * The per-CPU page stock of the 5.4 tree (mm/memcontrol.c), which neither
 * 2019 controller changed: one cached memcg and nr_pages per CPU. The
 * stocked pages carry their own css references (coupled refcounting), so
 * the cached pointer takes none and drain_stock() puts one per page.
 */

import type { Kernel, MemcgStockPcp } from './kernel.ts';
import { type Memcg, cssPut, memoryUncharge } from './memcg.ts';

/**
 * consumeStock - take @nrPages from this CPU's page stock (consume_stock, 5.4)
 *
 * Hits only if @memcg is cached with enough pages; requests above
 * MEMCG_CHARGE_BATCH never hit. No css reference is taken: the pages
 * already carry theirs.
 */
export function consumeStock(k: Kernel, memcg: Memcg, nrPages: number): boolean {
  if (nrPages > k.batch) return false;
  const stock = k.thisCpuStock();
  if (memcg === stock.cached && stock.nrPages >= nrPages) {
    stock.nrPages -= nrPages;
    return true;
  }
  return false;
}

/**
 * drainStock - return the stocked pages (drain_stock, 5.4)
 *
 * Uncharges nr_pages from the cached memcg and puts their css references
 * (css_put_many), then forgets the memcg. Works on any CPU's stock.
 */
export function drainStock(k: Kernel, stock: MemcgStockPcp): void {
  const old = stock.cached;
  if (!old) return;
  k.costs.stockDrains++;
  if (stock.nrPages) {
    memoryUncharge(k, old, stock.nrPages);
    cssPut(k, old, stock.nrPages);
    stock.nrPages = 0;
  }
  stock.cached = null;
}

/**
 * refillStock - cache @nrPages of @memcg on this CPU (refill_stock, 5.4)
 *
 * A stock caching another memcg is drained first, even for nr_pages 0;
 * above MEMCG_CHARGE_BATCH the whole stock is drained.
 */
export function refillStock(k: Kernel, memcg: Memcg, nrPages: number): void {
  const stock = k.thisCpuStock();
  if (stock.cached !== memcg) {
    drainStock(k, stock);
    stock.cached = memcg;
    k.costs.stockRefills++;
  }
  stock.nrPages += nrPages;
  if (stock.nrPages > k.batch) drainStock(k, stock);
}
