/*
 * Page charging of a memcg (mm/memcontrol.c v6.18).
 *
 * try_charge_memcg() has no root shortcut in 6.18; the try_charge()
 * wrapper (used for LRU folios) has it. Kernel-memory charging goes
 * through obj_cgroup_charge_pages(), which calls try_charge_memcg()
 * directly, so an obj_cgroup reparented to root charges root's counter.
 *
 * What the slow path becomes here: reclaim frees nothing (slab is not
 * reclaimable in this world), the OOM killer is not modelled and makes no
 * progress, the gfp is GFP_KERNEL (no __GFP_NOFAIL/__GFP_HIGH/__GFP_NORETRY,
 * may block, may spin), memory.high is never set.
 */

import { drainAllStock } from './drain.ts';
import { memCgroupMargin, memoryTryCharge } from './memcg-counter.ts';
import { consumeStock, refillStock } from './page-stock.ts';
import { MAX_RECLAIM_RETRIES, memCgroupIsRoot, type Kernel, type MemCgroup } from './structs.ts';

/** PAGE_ALLOC_COSTLY_ORDER (include/linux/mmzone.h). */
const PAGE_ALLOC_COSTLY_ORDER = 3;

/**
 * tryChargeMemcg - try_charge_memcg (v6.18): charge @nrPages to @memcg on @cpu
 *
 * Stock hit, else charge max(MEMCG_CHARGE_BATCH, nr_pages) and park the
 * surplus in the page stock; on failure retry with exactly nr_pages,
 * reclaim (nothing), drain_all_stock() once and retry, then
 * MAX_RECLAIM_RETRIES more rounds, then OOM (not modelled): -ENOMEM.
 * @returns false for -ENOMEM; nothing stays charged then.
 */
export function tryChargeMemcg(k: Kernel, cpu: number, memcg: MemCgroup, nrPages: number): boolean {
  let batch = Math.max(k.batch, nrPages);
  let nrRetries = MAX_RECLAIM_RETRIES;
  let drained = false;
  for (let guard = 0; guard < 1000; guard++) {
    // retry:
    if (consumeStock(k, cpu, memcg, nrPages)) return true;
    const memOverLimit = memoryTryCharge(k, memcg, batch);
    if (memOverLimit === null) {
      // done_restock:
      if (batch > nrPages) refillStock(k, cpu, memcg, batch - nrPages);
      return true;
    }
    if (batch > nrPages) {
      batch = nrPages;
      continue;
    }
    const nrReclaimed = 0; // try_to_free_mem_cgroup_pages(): nothing reclaimable
    if (memCgroupMargin(memOverLimit) >= nrPages) continue;
    if (!drained) {
      drainAllStock(k, cpu, memOverLimit);
      drained = true;
      continue;
    }
    if (nrReclaimed && nrPages <= 1 << PAGE_ALLOC_COSTLY_ORDER) continue;
    if (nrRetries-- > 0) continue;
    // mem_cgroup_oom(): the OOM killer is not modelled; it makes no progress.
    return false; // nomem: neither __GFP_NOFAIL nor __GFP_HIGH
  }
  throw new Error(`v6.18: try_charge_memcg(${memcg.name}, ${nrPages}) did not settle`);
}

/* try_charge (v6.18): the root memcg is never charged through it */
export function tryCharge(k: Kernel, cpu: number, memcg: MemCgroup, nrPages: number): boolean {
  if (memCgroupIsRoot(k, memcg)) return true;
  return tryChargeMemcg(k, cpu, memcg, nrPages);
}
