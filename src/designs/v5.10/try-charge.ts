/*
 * Page charging of v5.10: try_charge() and the kmem wrapper around it.
 *
 * Reclaim is modelled as freeing nothing: everything charged here is
 * unreclaimable slab or kmem. There is no OOM killer: the memcg OOM path is
 * taken to find no victim (OOM_FAILED, or OOM_SKIPPED above
 * PAGE_ALLOC_COSTLY_ORDER), which ends in -ENOMEM. Slab and kmem charges
 * are GFP_KERNEL | __GFP_ACCOUNT: they may block and retry, they are not
 * __GFP_NOFAIL, __GFP_NORETRY, __GFP_RETRY_MAYFAIL or __GFP_ATOMIC, so the
 * force-charge path is never taken.
 */

import { pageCounterTryCharge } from '../../kernel/page-counter.ts';
import { drainAllStock } from './drain.ts';
import { type Kernel, MAX_RECLAIM_RETRIES, PAGE_ALLOC_COSTLY_ORDER } from './kernel.ts';
import { type Memcg, memCgroupIsRoot } from './memcg.ts';
import { consumeStock, refillStock } from './page-stock.ts';

/* mem_cgroup_margin (v5.10): no memsw on cgroup v2 */
export function memCgroupMargin(memcg: Memcg): number {
  const count = memcg.counter.usage;
  const limit = memcg.counter.max;
  return count < limit ? limit - count : 0;
}

/* cost: levels a page_counter_try_charge() writes: all on success; the ones charged and cancelled, plus the failing one */
function counterWrites(memcg: Memcg, res: ReturnType<typeof pageCounterTryCharge>): number {
  let below = 0;
  for (const c of memcg.counter.levels()) {
    if (!res.ok && c === res.fail) return 2 * below + 1;
    below++;
  }
  return below;
}

/* try_to_free_mem_cgroup_pages (v5.10): nothing here is reclaimable */
function tryToFreeMemCgroupPages(): number {
  return 0;
}

/**
 * tryCharge - charge @nrPages to @memcg on this CPU (try_charge, v5.10)
 *
 * The root memcg is never charged. Otherwise: the page stock first; then
 * MEMCG_CHARGE_BATCH (or @nrPages if larger) on the page counter, the
 * surplus going to the stock; on failure exactly @nrPages; then, after
 * (empty) reclaim, one drain_all_stock() of the memcg over its limit and
 * MAX_RECLAIM_RETRIES more attempts. Every failed page_counter_try_charge()
 * bumps failcnt, as in the kernel. Returns false for -ENOMEM, with nothing
 * charged.
 */
export function tryCharge(k: Kernel, memcg: Memcg, nrPages: number): boolean {
  let batch = Math.max(k.batch, nrPages);
  let nrRetries = MAX_RECLAIM_RETRIES;
  let drained = false;

  if (memCgroupIsRoot(memcg)) return true;
  for (;;) {
    // retry:
    if (consumeStock(k, memcg, nrPages)) return true;
    const res = pageCounterTryCharge(memcg.counter, batch);
    k.costs.pageCounter += counterWrites(memcg, res); // cost: page_counter levels written
    if (res.ok) {
      // done_restock: (memory.high is unlimited here, nothing to schedule)
      if (batch > nrPages) refillStock(k, memcg, batch - nrPages);
      return true;
    }
    const memOverLimit = k.memcgFromCounter(res.fail);
    if (batch > nrPages) {
      batch = nrPages;
      continue;
    }
    const nrReclaimed = tryToFreeMemCgroupPages();
    if (memCgroupMargin(memOverLimit) >= nrPages) continue;
    if (!drained) {
      drainAllStock(k, memOverLimit);
      drained = true;
      continue;
    }
    if (nrReclaimed && nrPages <= 1 << PAGE_ALLOC_COSTLY_ORDER) continue;
    if (nrRetries-- > 0) continue;
    // mem_cgroup_oom(): no victim in this world, so nomem.
    return false;
  }
}

/**
 * memcgKmemCharge - charge kernel pages to a memcg (__memcg_kmem_charge, v5.10)
 *
 * On cgroup v2 there is no kmem counter: this is try_charge(). Returns
 * false for -ENOMEM.
 */
export function memcgKmemCharge(k: Kernel, memcg: Memcg, nrPages: number): boolean {
  return tryCharge(k, memcg, nrPages);
}
