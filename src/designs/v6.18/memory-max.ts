/*
 * memory.max writes (memory_max_write, mm/memcontrol.c v6.18).
 */

import { pageCounterSetMax } from '../../kernel/page-counter.ts';
import { drainAllStock } from './drain.ts';
import { MAX_RECLAIM_RETRIES, type Kernel, type MemCgroup } from './structs.ts';

/**
 * memoryMaxWrite - memory_max_write (v6.18) from @cpu
 *
 * The limit is set with xchg() first, whatever the usage. While usage is
 * above it: drain_all_stock() once, then up to MAX_RECLAIM_RETRIES
 * reclaim rounds (each frees nothing here), then the OOM killer, which is
 * not modelled and makes no progress: the write returns with usage above
 * max.
 */
export function memoryMaxWrite(k: Kernel, cpu: number, memcg: MemCgroup, max: number): void {
  pageCounterSetMax(memcg.memory, max);
  let drained = false;
  let nrReclaims = MAX_RECLAIM_RETRIES;
  for (;;) {
    if (memcg.memory.usage <= max) break;
    if (!drained) {
      drainAllStock(k, cpu, memcg);
      drained = true;
      continue;
    }
    if (nrReclaims) {
      nrReclaims--; // try_to_free_mem_cgroup_pages() returned 0
      continue;
    }
    break; // mem_cgroup_out_of_memory(): not modelled, no progress
  }
}
