/*
 * memory.max writes of v5.10.
 */

import { pageCounterSetMax } from '../../kernel/page-counter.ts';
import { drainAllStock } from './drain.ts';
import { type Kernel, MAX_RECLAIM_RETRIES } from './kernel.ts';
import type { Memcg } from './memcg.ts';

/**
 * memoryMaxWrite - set memory.max and try to get under it (memory_max_write, v5.10)
 *
 * The limit is set with xchg() whatever the usage. While usage is above
 * it: one drain_all_stock(), then MAX_RECLAIM_RETRIES reclaim passes that
 * free nothing, then the memcg OOM killer, which finds no victim here, so
 * the write returns with usage still above the limit.
 */
export function memoryMaxWrite(k: Kernel, memcg: Memcg, maxPages: number): void {
  let nrReclaims = MAX_RECLAIM_RETRIES;
  let drained = false;
  pageCounterSetMax(memcg.counter, maxPages);
  for (;;) {
    if (memcg.counter.usage <= maxPages) break;
    if (!drained) {
      drainAllStock(k, memcg);
      drained = true;
      continue;
    }
    if (nrReclaims) {
      nrReclaims--; // try_to_free_mem_cgroup_pages() reclaimed nothing
      continue;
    }
    // memcg_memory_event(MEMCG_OOM); mem_cgroup_out_of_memory() kills nobody
    break;
  }
}
