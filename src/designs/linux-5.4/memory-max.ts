/*
 * memory.max writes in the 5.4 tree.
 */

import { pageCounterSetMax } from '../../kernel/page-counter.ts';
import { drainAllStock } from './drain.ts';
import { type Kernel, MEM_CGROUP_RECLAIM_RETRIES } from './kernel.ts';
import type { Memcg } from './memcg.ts';

/**
 * memoryMaxWrite - set memory.max and try to get under it (memory_max_write, 5.4)
 *
 * xchg() the limit; while usage is above it: one drain_all_stock(), then
 * MEM_CGROUP_RECLAIM_RETRIES reclaim passes that free nothing, then the OOM
 * killer, which finds no victim here: the write returns above the limit.
 */
export function memoryMaxWrite(k: Kernel, memcg: Memcg, maxPages: number): void {
  let nrReclaims = MEM_CGROUP_RECLAIM_RETRIES;
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
      nrReclaims--;
      continue;
    }
    break; // mem_cgroup_out_of_memory() kills nobody
  }
}
