/*
 * CPU hotplug (mm/memcontrol.c and kernel/workqueue.c, v6.18).
 *
 * Going down, the CPU's per-CPU worker pool is disassociated
 * (workqueue_offline_cpu -> unbind_workers): work still queued on it runs
 * later on some other CPU. The drain work then drains *that* CPU's stock
 * (this_cpu_ptr) and clears *that* CPU's FLUSHING_CACHED_CHARGE bit. The
 * dead CPU's bit stays set: nothing clears it, and "CPU up doesn't touch
 * memcg_stock at all", so when the CPU is back drain_all_stock() skips its
 * stocks for good (test_bit() sees the stale bit) until some work happens
 * to run on it.
 *
 * Here the orphaned work runs at once, on the lowest-numbered other online
 * CPU. It touches only that CPU, and memcg_hotplug_cpu_dead() only the
 * dead one, so whether it runs before or after the dead callback does not
 * matter.
 */

import { runDrainWork } from './drain.ts';
import { drainStockFully } from './page-stock.ts';
import { cpuOf, type Kernel } from './structs.ts';

/* memcg_hotplug_cpu_dead (v6.18): drain the dead CPU's object stock (drain_obj_stock) and every page-stock slot */
export function memcgHotplugCpuDead(k: Kernel, cpu: number): void {
  const c = cpuOf(k, cpu);
  k.objStockOps.drain(k, c.objStock);
  drainStockFully(k, c.memcgStock);
}

/**
 * cpuDown - the CPU goes offline: its queued work is handed to another CPU, then the memcg dead callback runs
 *
 * With no other CPU online (not reachable: the last CPU cannot go down)
 * the work stays queued and runs when the CPU is back.
 */
export function cpuDown(k: Kernel, cpu: number): void {
  const c = cpuOf(k, cpu);
  c.online = false;
  const other = k.cpus.find((x) => x.online);
  if (other) {
    const orphans = c.work.splice(0);
    for (const work of orphans) runDrainWork(k, other.cpu, work);
  }
  memcgHotplugCpuDead(k, cpu);
}

/* cpu_up (v6.18): nothing in memcg; stocks are empty since the dead callback, flags untouched */
export function cpuUp(k: Kernel, cpu: number): void {
  cpuOf(k, cpu).online = true;
}
