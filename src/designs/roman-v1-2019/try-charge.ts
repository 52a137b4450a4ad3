/*
 * v1's overloaded try_charge(memcg, gfp, amount, subpage) and the subpage
 * charging API on top of it (__memcg_kmem_charge_subpage,
 * __memcg_kmem_uncharge_subpage).
 *
 * A subpage charge of `amount` bytes asks for (amount >> PAGE_SHIFT) + 1
 * pages - one more than needed when amount is a multiple of PAGE_SIZE -
 * never uses the page stock, and puts what the batch leaves over into the
 * subpage stock as bytes, without css references. Page charges keep 5.4's
 * behaviour (css_get_many(batch), surplus to the page stock).
 *
 * Reclaim frees nothing; the OOM path finds no victim; slab and kmem
 * charges are never __GFP_NOFAIL, so the force path (which would refill the
 * subpage stock with (nr_pages << PAGE_SHIFT) - amount) is never taken.
 */

import { PAGE_SHIFT } from '../../kernel/constants.ts';
import { drainAllStock } from './drain.ts';
import { type Kernel, MEM_CGROUP_RECLAIM_RETRIES, PAGE_ALLOC_COSTLY_ORDER } from './kernel.ts';
import { type Memcg, cssGet, memCgroupIsRoot, memoryTryCharge } from './memcg.ts';
import { consumeStock, refillStock } from './page-stock.ts';
import { consumeSubpageStock, refillSubpageStock } from './subpage-stock.ts';

/* mem_cgroup_margin (5.4), cgroup v2 */
function memCgroupMargin(memcg: Memcg): number {
  const count = memcg.counter.usage;
  const limit = memcg.counter.max;
  return count < limit ? limit - count : 0;
}

/**
 * tryCharge - charge @amount to @memcg on this CPU (try_charge, v1)
 * @amount: bytes if @subpage, else pages
 *
 * Returns false for -ENOMEM with nothing charged. The root is never charged.
 */
export function tryCharge(k: Kernel, memcg: Memcg, amount: number, subpage: boolean): boolean {
  const nrPages = subpage ? Math.floor(amount / 2 ** PAGE_SHIFT) + 1 : amount;
  let batch = Math.max(k.batch, nrPages);
  let nrRetries = MEM_CGROUP_RECLAIM_RETRIES;
  let drained = false;

  if (memCgroupIsRoot(memcg)) return true;
  for (;;) {
    // retry:
    if (subpage && consumeSubpageStock(k, memcg, amount)) return true;
    else if (!subpage && consumeStock(k, memcg, nrPages)) return true;
    const over = memoryTryCharge(k, memcg, batch);
    if (over === null) {
      // done_restock:
      const batchBytes = batch * 2 ** PAGE_SHIFT;
      if (subpage && batchBytes > amount) refillSubpageStock(k, memcg, batchBytes - amount);
      else if (!subpage) {
        cssGet(k, memcg, batch);
        if (batch > nrPages) refillStock(k, memcg, batch - nrPages);
      }
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
    return false;
  }
}

/* __memcg_kmem_charge_subpage (v1): try_charge(memcg, gfp, size, true) */
export function memcgKmemChargeSubpage(k: Kernel, memcg: Memcg, size: number): boolean {
  return tryCharge(k, memcg, size, true);
}

/* __memcg_kmem_uncharge_subpage (v1): refill_subpage_stock(memcg, size) */
export function memcgKmemUnchargeSubpage(k: Kernel, memcg: Memcg, size: number): void {
  refillSubpageStock(k, memcg, size);
}
