/*
 * Draining the per-CPU stocks of v5.10: the local drain (also the body of
 * the per-CPU work item), drain_all_stock() and the CPU hotplug callback.
 *
 * FLUSHING_CACHED_CHARGE is the per-CPU "work pending" bit: drain_all_stock()
 * sets it with test_and_set_bit() for every CPU it wants drained and skips
 * CPUs where it is already set; drain_local_stock() clears it. The local
 * CPU is drained synchronously, the others when their work runs
 * (`runWork`). percpu_charge_mutex is only ever taken by drain_all_stock()
 * itself, so in a single-threaded simulation mutex_trylock() always
 * succeeds.
 */

import type { Kernel } from './kernel.ts';
import { type Memcg, memCgroupIsDescendant } from './memcg.ts';
import { drainObjStock, objStockFlushRequired } from './obj-stock.ts';
import { drainStock } from './page-stock.ts';

/**
 * drainLocalStock - drain this CPU's object and page stocks (drain_local_stock, v5.10)
 *
 * The object stock goes first: its whole pages land in the page stock,
 * which is drained right after. Clears FLUSHING_CACHED_CHARGE.
 */
export function drainLocalStock(k: Kernel): void {
  const stock = k.thisCpuStock();
  drainObjStock(k, stock);
  drainStock(stock);
  stock.flushing = false;
}

/* the flush test of drain_all_stock (v5.10) for one CPU */
function stockFlushRequired(k: Kernel, cpu: number, root: Memcg): boolean {
  const stock = k.stockOf(cpu);
  // A cached memcg with nr_pages == 0 is not flushed: its css reference stays.
  const pages = stock.slots.some((s) => s.cached !== null && s.nrPages > 0 && memCgroupIsDescendant(s.cached, root));
  return pages || objStockFlushRequired(stock, root);
}

/**
 * drainAllStock - drain every online CPU's stocks that cache @root or a
 * descendant (drain_all_stock, v5.10)
 *
 * Runs on k.cpu. A CPU whose FLUSHING_CACHED_CHARGE bit is already set is
 * skipped, the local CPU included: its drain is left to the pending work.
 */
export function drainAllStock(k: Kernel, root: Memcg): void {
  const curcpu = k.cpu;
  for (let cpu = 0; cpu < k.nrCpus; cpu++) {
    const stock = k.stockOf(cpu);
    if (!stock.online) continue; // for_each_online_cpu
    if (!stockFlushRequired(k, cpu, root)) continue;
    if (stock.flushing) continue; // test_and_set_bit() found it set
    stock.flushing = true;
    if (cpu === curcpu) drainLocalStock(k);
    // else schedule_work_on(cpu, &stock->work): runs at runWork(cpu)
  }
}

/**
 * memcgHotplugCpuDead - CPUHP_MM_MEMCQ_DEAD teardown (memcg_hotplug_cpu_dead, v5.10)
 *
 * Only drain_stock() on the dead CPU's stock: the page stock. The object
 * stock (cached_objcg, nr_bytes) is not touched, so the dead CPU keeps its
 * obj_cgroup reference and pre-charged bytes until it comes back and
 * something drains it. The rest of the function folds per-CPU vmstats,
 * which are not modelled.
 */
export function memcgHotplugCpuDead(k: Kernel, cpu: number): void {
  drainStock(k.stockOf(cpu));
}
