/*
 * The sketch's drain_local_stock() (also the per-CPU work item): the
 * 5.4 drain_all_stock() and hotplug callback that reach it are in
 * ../linux-5.4/drain.ts.
 */

import { drainStock } from '../linux-5.4/page-stock.ts';
import type { SketchKernel } from './kernel.ts';
import { drainObjStock } from './obj-stock.ts';

/**
 * drainLocalStock - drain this CPU's byte and page stocks (drain_local_stock, sketch)
 *
 * The byte stock first (its whole pages go to the page stock), then the
 * page stock; clears FLUSHING_CACHED_CHARGE.
 */
export function drainLocalStock(k: SketchKernel): void {
  const stock = k.thisCpuStock();
  drainObjStock(k, stock);
  drainStock(k, stock);
  stock.flushing = false;
}
