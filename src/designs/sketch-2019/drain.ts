/*
 * Draining the per-CPU stocks: the local drain (also the per-CPU work
 * item), drain_all_stock() and the CPU hotplug callback, as the sketch
 * leaves them (5.4 with the byte stock added).
 *
 * FLUSHING_CACHED_CHARGE is the per-CPU "work pending" bit; the local CPU
 * drains at once, other CPUs when their work runs (`runWork`).
 * percpu_charge_mutex is only taken here, so its trylock always succeeds
 * in a single-threaded simulation.
 */

import type { Kernel } from './kernel.ts';
import { type Memcg, memCgroupIsDescendant } from './memcg.ts';
import { drainObjStock, objStockFlushRequired } from './obj-stock.ts';
import { drainStock } from './page-stock.ts';

/**
 * drainLocalStock - drain this CPU's byte and page stocks (drain_local_stock, sketch)
 *
 * The byte stock first (its whole pages go to the page stock), then the
 * page stock; clears FLUSHING_CACHED_CHARGE.
 */
export function drainLocalStock(k: Kernel): void {
  const stock = k.thisCpuStock();
  drainObjStock(k, stock);
  drainStock(k, stock);
  stock.flushing = false;
}

/**
 * drainAllStock - drain every online CPU whose stocks cache @root or a
 * descendant (drain_all_stock, 5.4 + the byte-stock test of v1)
 *
 * A page stock counts only with nr_pages; a cached obj_cgroup counts by
 * its current memcg. A CPU whose bit is already set is skipped.
 */
export function drainAllStock(k: Kernel, root: Memcg): void {
  const curcpu = k.cpu;
  for (let cpu = 0; cpu < k.nrCpus; cpu++) {
    const stock = k.stockOf(cpu);
    if (!stock.online) continue;
    const memcg = stock.cached;
    const pages = memcg !== null && stock.nrPages > 0 && memCgroupIsDescendant(memcg, root);
    if (!pages && !objStockFlushRequired(stock, root)) continue;
    if (stock.flushing) continue; // test_and_set_bit() found it set
    stock.flushing = true;
    if (cpu === curcpu) drainLocalStock(k);
  }
}

/**
 * memcgHotplugCpuDead - CPUHP_MM_MEMCQ_DEAD (memcg_hotplug_cpu_dead, 5.4)
 *
 * drain_stock() of the dead CPU's page stock only: its byte stock keeps
 * its obj_cgroup reference and bytes (neither v1 nor the sketch touched
 * this callback).
 */
export function memcgHotplugCpuDead(k: Kernel, cpu: number): void {
  drainStock(k, k.stockOf(cpu));
}
