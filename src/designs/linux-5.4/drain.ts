/*
 * Draining the per-CPU stocks in the 5.4 tree: drain_all_stock() and the
 * CPU hotplug callback. drain_local_stock() (also the per-CPU work item)
 * is the controller's (SlabControllerOps.drainLocalStock): each drains its
 * byte stock next to the page stock, in its own order.
 *
 * FLUSHING_CACHED_CHARGE is the per-CPU "work pending" bit; the local CPU
 * drains at once, other CPUs when their work runs (`runWork`).
 * percpu_charge_mutex is only taken here, so its trylock always succeeds
 * in a single-threaded simulation.
 */

import type { Kernel } from './kernel.ts';
import { type Memcg, memCgroupIsDescendant } from './memcg.ts';
import { drainStock } from './page-stock.ts';

/**
 * drainAllStock - drain every online CPU whose stocks cache @root or a
 * descendant (drain_all_stock, 5.4 + the controller's byte-stock test)
 *
 * A page stock counts only with nr_pages; a byte stock as the controller's
 * byteStockFlushRequired() says. A CPU whose bit is already set is skipped.
 */
export function drainAllStock(k: Kernel, root: Memcg): void {
  const curcpu = k.cpu;
  for (let cpu = 0; cpu < k.nrCpus; cpu++) {
    const stock = k.stockOf(cpu);
    if (!stock.online) continue;
    const memcg = stock.cached;
    const pages = memcg !== null && stock.nrPages > 0 && memCgroupIsDescendant(memcg, root);
    if (!pages && !k.ops.byteStockFlushRequired(stock, root)) continue;
    if (stock.flushing) continue; // test_and_set_bit() found it set
    stock.flushing = true;
    if (cpu === curcpu) k.ops.drainLocalStock(k);
  }
}

/**
 * memcgHotplugCpuDead - CPUHP_MM_MEMCQ_DEAD (memcg_hotplug_cpu_dead, 5.4)
 *
 * drain_stock() of the dead CPU's page stock only: its byte stock keeps
 * its reference and bytes (neither v1 nor the sketch touched this
 * callback).
 */
export function memcgHotplugCpuDead(k: Kernel, cpu: number): void {
  drainStock(k, k.stockOf(cpu));
}
