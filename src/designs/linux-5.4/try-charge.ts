/*
 * Page charging of the 5.4 tree: try_charge() with its coupled css
 * references. The sketch calls it as is (`try_charge(objcg->memcg, gfp, 1)`);
 * v1 overloads it with a `subpage` flag (roman-v1-2019/try-charge.ts).
 *
 * Why a stock hook: v1's subpage flag changes only the two places where
 * try_charge() meets a stock - the consume_stock() at `retry:` and the
 * css_get_many()/refill_stock() at `done_restock:` - and leaves the batch,
 * retry, drain and OOM logic of 5.4 as it is. Passing those two steps in
 * keeps that logic in one copy; the default is 5.4's page stock.
 *
 * Reclaim frees nothing (slab and kmem are unreclaimable here); the memcg
 * OOM path finds no victim, so a charge that still does not fit after the
 * drain and MEM_CGROUP_RECLAIM_RETRIES retries is -ENOMEM. Slab and kmem
 * charges are GFP_KERNEL | __GFP_ACCOUNT: never __GFP_NOFAIL, so the
 * force-charge path is never taken; memory.high is unlimited.
 */

import { drainAllStock } from './drain.ts';
import { type Kernel, MEM_CGROUP_RECLAIM_RETRIES, PAGE_ALLOC_COSTLY_ORDER } from './kernel.ts';
import { type Memcg, cssGet, memCgroupIsRoot, memoryTryCharge } from './memcg.ts';
import { consumeStock, refillStock } from './page-stock.ts';

/** The stock try_charge() consumes from and restocks to. */
export interface ChargeStock {
  /** At `retry:`: true if the stock covered the charge. */
  consume(k: Kernel, memcg: Memcg, nrPages: number): boolean;
  /** At `done_restock:`, after @batch pages were charged to the counter. */
  restock(k: Kernel, memcg: Memcg, batch: number, nrPages: number): void;
}

/** 5.4's page stock: css_get_many(batch), the surplus to refill_stock(). */
export const PAGE_STOCK: ChargeStock = {
  consume: consumeStock,
  restock(k, memcg, batch, nrPages) {
    cssGet(k, memcg, batch);
    if (batch > nrPages) refillStock(k, memcg, batch - nrPages);
  },
};

/* mem_cgroup_margin (5.4), cgroup v2 */
function memCgroupMargin(memcg: Memcg): number {
  const count = memcg.counter.usage;
  const limit = memcg.counter.max;
  return count < limit ? limit - count : 0;
}

/**
 * tryCharge - charge @nrPages to @memcg on this CPU (try_charge, 5.4)
 * @stock: where the charge is consumed from and the batch's surplus goes
 *   (5.4's page stock unless v1's subpage overload passes its own)
 *
 * The root is never charged and takes no reference. Otherwise the stock
 * first; then max(MEMCG_CHARGE_BATCH, @nrPages) on the counter, with
 * css_get_many(batch) and the surplus to the page stock (done_restock);
 * on failure exactly @nrPages, then one drain_all_stock() of the memcg
 * over its limit and MEM_CGROUP_RECLAIM_RETRIES more tries. Returns false
 * for -ENOMEM with nothing charged.
 */
export function tryCharge(k: Kernel, memcg: Memcg, nrPages: number, stock: ChargeStock = PAGE_STOCK): boolean {
  let batch = Math.max(k.batch, nrPages);
  let nrRetries = MEM_CGROUP_RECLAIM_RETRIES;
  let drained = false;

  if (memCgroupIsRoot(memcg)) return true;
  for (;;) {
    // retry:
    if (stock.consume(k, memcg, nrPages)) return true;
    const over = memoryTryCharge(k, memcg, batch);
    if (over === null) {
      // done_restock:
      stock.restock(k, memcg, batch, nrPages);
      return true;
    }
    if (batch > nrPages) {
      batch = nrPages;
      continue;
    }
    const nrReclaimed = 0; // try_to_free_mem_cgroup_pages(): nothing is reclaimable
    if (memCgroupMargin(over) >= nrPages) continue;
    if (!drained) {
      drainAllStock(k, over);
      drained = true;
      continue;
    }
    if (nrReclaimed && nrPages <= 1 << PAGE_ALLOC_COSTLY_ORDER) continue;
    if (nrRetries-- > 0) continue;
    return false; // mem_cgroup_oom() finds no victim: nomem
  }
}
