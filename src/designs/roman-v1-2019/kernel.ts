/*
 * The simulated machine of Roman Gushchin's v1 series: the shared 5.4
 * kernel (../linux-5.4/kernel.ts) with v1's memcg_stock_pcp (the subpage
 * byte stock, keyed by memcg, added), every mem_cgroup_ptr ever created,
 * and the ops through which the 5.4 functions reach v1's own code.
 */

import { Kernel, MemcgStockPcp } from '../linux-5.4/kernel.ts';
import type { SlabControllerOps } from '../linux-5.4/slab-controller.ts';
import { drainLocalStock } from './drain.ts';
import type { MemcgPtr } from './mem-cgroup-ptr.ts';
import { V1Memcg } from './memcg.ts';
import { memcgOfflineKmem, memcgOnlineKmem } from './reparent.ts';
import { subpageStockFlushRequired } from './subpage-stock.ts';

/** Version tag every warning carries. */
export const VERSION = 'roman-v1-2019';

/**
 * struct memcg_stock_pcp with v1's subpage fields. The 5.4 page stock
 * (cached, nr_pages) is unchanged by v1 and used only by page-sized
 * charges (kmem pages).
 */
export class V1StockPcp extends MemcgStockPcp {
  /** stock->subpage_cached: holds one css reference while set. */
  subpageCached: V1Memcg | null = null;
  /** stock->nr_bytes (unsigned int). */
  nrBytes = 0;
}

/* What v1 stacks on the 5.4 page layer. */
const OPS: SlabControllerOps<V1Memcg, V1StockPcp> = {
  memcgStockPcp: () => new V1StockPcp(),
  memCgroupAlloc: (k, name, parent) => new V1Memcg(k, name, parent),
  memcgOnlineKmem,
  memcgOfflineKmem,
  drainLocalStock,
  byteStockFlushRequired: subpageStockFlushRequired,
};

/** The whole simulated kernel state shared by v1's functions. */
export class V1Kernel extends Kernel<V1Memcg, V1StockPcp> {
  /** Every mem_cgroup_ptr in creation order. */
  readonly ptrs: MemcgPtr[] = [];

  constructor(nrCpus: number, batch: number) {
    super(VERSION, nrCpus, batch, OPS);
  }
}
