/*
 * Draining the per-CPU stocks in v1: the local drain (also the per-CPU
 * work item), drain_all_stock() with v1's subpage test, and the CPU
 * hotplug callback (unchanged 5.4).
 */

import type { Kernel } from './kernel.ts';
import { type Memcg, memCgroupIsDescendant } from './memcg.ts';
import { drainStock } from './page-stock.ts';
import { drainSubpageStock, subpageStockFlushRequired } from './subpage-stock.ts';

/* drain_local_stock (v1): drain_stock(), drain_subpage_stock(), clear FLUSHING_CACHED_CHARGE */
export function drainLocalStock(k: Kernel): void {
  const stock = k.thisCpuStock();
  drainStock(k, stock);
  drainSubpageStock(k, stock);
  stock.flushing = false;
}

/**
 * drainAllStock - drain every online CPU whose stocks cache @root or a
 * descendant (drain_all_stock, v1)
 *
 * A page stock counts only with nr_pages; a subpage stock whenever it
 * caches such a memcg. A CPU whose bit is already set is skipped.
 */
export function drainAllStock(k: Kernel, root: Memcg): void {
  const curcpu = k.cpu;
  for (let cpu = 0; cpu < k.nrCpus; cpu++) {
    const stock = k.stockOf(cpu);
    if (!stock.online) continue;
    const memcg = stock.cached;
    const pages = memcg !== null && stock.nrPages > 0 && memCgroupIsDescendant(memcg, root);
    if (!pages && !subpageStockFlushRequired(stock, root)) continue;
    if (stock.flushing) continue;
    stock.flushing = true;
    if (cpu === curcpu) drainLocalStock(k);
  }
}

/* memcg_hotplug_cpu_dead (5.4, untouched by v1): drain_stock() of the page stock only */
export function memcgHotplugCpuDead(k: Kernel, cpu: number): void {
  drainStock(k, k.stockOf(cpu));
}
