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
 * The overload wraps the 5.4 try_charge() of ../linux-5.4/try-charge.ts:
 * the subpage flag changes only the stock consumed at `retry:` and
 * refilled at `done_restock:`, so v1's subpage stock is passed in as its
 * ChargeStock and the retry, drain and OOM logic stays the shared 5.4 copy.
 * Page charges (kmem pages) call the 5.4 function directly, which is what
 * try_charge(memcg, gfp, nr_pages, false) does.
 *
 * Reclaim frees nothing; the OOM path finds no victim; slab and kmem
 * charges are never __GFP_NOFAIL, so the force path (which would refill the
 * subpage stock with (nr_pages << PAGE_SHIFT) - amount) is never taken.
 */

import { PAGE_SHIFT } from '../../kernel/constants.ts';
import { type ChargeStock, tryCharge as tryCharge54 } from '../linux-5.4/try-charge.ts';
import type { V1Kernel } from './kernel.ts';
import type { V1Memcg } from './memcg.ts';
import { consumeSubpageStock, refillSubpageStock } from './subpage-stock.ts';

/* try_charge's subpage branches (v1) for a charge of @amount bytes: no css references */
function subpageStock(amount: number): ChargeStock {
  return {
    consume: (k: V1Kernel, memcg: V1Memcg) => consumeSubpageStock(k, memcg, amount),
    restock(k: V1Kernel, memcg: V1Memcg, batch: number) {
      const batchBytes = batch * 2 ** PAGE_SHIFT;
      if (batchBytes > amount) refillSubpageStock(k, memcg, batchBytes - amount);
    },
  };
}

/**
 * tryCharge - charge @amount to @memcg on this CPU (try_charge, v1)
 * @amount: bytes if @subpage, else pages
 *
 * Returns false for -ENOMEM with nothing charged. The root is never charged.
 */
export function tryCharge(k: V1Kernel, memcg: V1Memcg, amount: number, subpage: boolean): boolean {
  if (!subpage) return tryCharge54(k, memcg, amount);
  return tryCharge54(k, memcg, Math.floor(amount / 2 ** PAGE_SHIFT) + 1, subpageStock(amount));
}

/* __memcg_kmem_charge_subpage (v1): try_charge(memcg, gfp, size, true) */
export function memcgKmemChargeSubpage(k: V1Kernel, memcg: V1Memcg, size: number): boolean {
  return tryCharge(k, memcg, size, true);
}

/* __memcg_kmem_uncharge_subpage (v1): refill_subpage_stock(memcg, size) */
export function memcgKmemUnchargeSubpage(k: V1Kernel, memcg: V1Memcg, size: number): void {
  refillSubpageStock(k, memcg, size);
}
