/*
 * drain_all_stock() and its per-CPU work (mm/memcontrol.c v6.18).
 *
 * Each CPU has two work items, one per stock, each guarded by the
 * FLUSHING_CACHED_CHARGE bit of its stock: drain_all_stock() sets the bit
 * and either drains the local CPU at once or queues the work on the other
 * CPU; the work clears the bit of the CPU it runs on. While the bit is set
 * drain_all_stock() skips that stock, local CPU included.
 */

import { drainLocalObjStock } from './obj-stock.ts';
import { drainLocalMemcgStock, isMemcgDrainNeeded } from './page-stock.ts';
import { cpuOf, type DrainWork, type Kernel, type MemCgroup } from './structs.ts';

/**
 * drainAllStock - drain_all_stock (v6.18) called on @curCpu for @rootMemcg's subtree
 *
 * A page stock needs draining if a slot with pages caches a memcg under
 * @rootMemcg (a slot with 0 pages does not count); an object stock if its
 * objcg's memcg is under @rootMemcg. The local CPU's stocks drain now,
 * fully; other online CPUs get work queued. cpu_is_isolated() is false
 * for every CPU here.
 */
export function drainAllStock(k: Kernel, curCpu: number, rootMemcg: MemCgroup): void {
  if (k.percpuChargeMutex) return; // "If someone's already draining, avoid adding running more workers."
  k.percpuChargeMutex = true;
  for (const c of k.cpus) {
    if (!c.online) continue;
    const memcgSt = c.memcgStock;
    if (!memcgSt.flushing && isMemcgDrainNeeded(memcgSt, k.nrStock, rootMemcg)) {
      memcgSt.flushing = true;
      if (c.cpu === curCpu) drainLocalMemcgStock(k, c.cpu);
      else scheduleWorkOn(k, c.cpu, 'drain_local_memcg_stock');
    }
    const objSt = c.objStock;
    if (!objSt.flushing && k.objStockOps.flushRequired(objSt, rootMemcg)) {
      objSt.flushing = true;
      if (c.cpu === curCpu) drainLocalObjStock(k, c.cpu);
      else scheduleWorkOn(k, c.cpu, 'drain_local_obj_stock');
    }
  }
  k.percpuChargeMutex = false;
}

/* schedule_work_on (v6.18): a work item already pending is not queued twice */
export function scheduleWorkOn(k: Kernel, cpu: number, work: DrainWork): void {
  const queue = cpuOf(k, cpu).work;
  if (!queue.includes(work)) queue.push(work);
}

/* process_one_work (v6.18): @work runs in a worker on @cpu, so this_cpu_ptr() is @cpu's stock */
export function runDrainWork(k: Kernel, cpu: number, work: DrainWork): void {
  if (work === 'drain_local_memcg_stock') drainLocalMemcgStock(k, cpu);
  else drainLocalObjStock(k, cpu);
}

/** Run every work item queued on @cpu, in queueing order. */
export function runQueuedWork(k: Kernel, cpu: number): void {
  const queue = cpuOf(k, cpu).work;
  while (queue.length) runDrainWork(k, cpu, queue.shift()!);
}
