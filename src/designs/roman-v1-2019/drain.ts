/*
 * v1's drain_local_stock() (also the per-CPU work item): the 5.4
 * drain_all_stock() and hotplug callback that reach it are in
 * ../linux-5.4/drain.ts, with v1's subpage test passed in
 * (subpageStockFlushRequired).
 */

import { drainStock } from '../linux-5.4/page-stock.ts';
import type { V1Kernel } from './kernel.ts';
import { drainSubpageStock } from './subpage-stock.ts';

/* drain_local_stock (v1): drain_stock(), drain_subpage_stock(), clear FLUSHING_CACHED_CHARGE */
export function drainLocalStock(k: V1Kernel): void {
  const stock = k.thisCpuStock();
  drainStock(k, stock);
  drainSubpageStock(k, stock);
  stock.flushing = false;
}
