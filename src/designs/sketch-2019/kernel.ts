/*
 * The simulated machine of the sketch: the shared 5.4 kernel
 * (../linux-5.4/kernel.ts) with the sketch's memcg_stock_pcp (the byte
 * stock added), every obj_cgroup ever created, and the ops through which
 * the 5.4 functions reach the sketch's own code.
 */

import { Kernel, MemcgStockPcp } from '../linux-5.4/kernel.ts';
import type { SlabControllerOps } from '../linux-5.4/slab-controller.ts';
import { drainLocalStock } from './drain.ts';
import { SketchMemcg } from './memcg.ts';
import { objStockFlushRequired } from './obj-stock.ts';
import type { Objcg } from './objcg.ts';
import { memcgOfflineKmem, memcgOnlineKmem } from './reparent.ts';

/** Version tag every warning carries. */
export const VERSION = 'sketch-2019';

/**
 * struct memcg_stock_pcp as the sketch leaves it: 5.4's page stock
 * (cached, nr_pages) and the byte stock (obj_cached, nr_bytes) that the
 * sketch renamed from v1's subpage stock, under one FLUSHING_CACHED_CHARGE bit.
 */
export class SketchStockPcp extends MemcgStockPcp {
  /** stock->obj_cached: holds one obj_cgroup reference while set. */
  objCached: Objcg | null = null;
  /** stock->nr_bytes (unsigned int). */
  nrBytes = 0;
}

/* What the sketch stacks on the 5.4 page layer. */
const OPS: SlabControllerOps<SketchMemcg, SketchStockPcp> = {
  memcgStockPcp: () => new SketchStockPcp(),
  memCgroupAlloc: (k, name, parent) => new SketchMemcg(k, name, parent),
  memcgOnlineKmem,
  memcgOfflineKmem,
  drainLocalStock,
  byteStockFlushRequired: objStockFlushRequired,
};

/** The whole simulated kernel state shared by the sketch's functions. */
export class SketchKernel extends Kernel<SketchMemcg, SketchStockPcp> {
  /** Every obj_cgroup in creation order. */
  readonly objcgs: Objcg[] = [];

  constructor(nrCpus: number, batch: number) {
    super(VERSION, nrCpus, batch, OPS);
  }
}
