/*
 * The simulated 5.4 machine both 2019 slab controllers (sketch-2019,
 * roman-v1-2019) run on: one memcg_stock_pcp per possible CPU, every memcg
 * ever created, the CPU the running entry point executes on, and the
 * shared-operation counters of the switch-cost objection.
 *
 * What a controller adds - its struct mem_cgroup fields, its byte stock,
 * the kmem pointer objects it keeps - comes in through subclasses of
 * Memcg and MemcgStockPcp and the ops table `ops` (slab-controller.ts).
 */

import type { SharedOpCounts } from '../../design.ts';
import { WarningLog } from '../../kernel/warnings.ts';
import type { Memcg } from './memcg.ts';
import type { SlabControllerOps } from './slab-controller.ts';

/** MEM_CGROUP_RECLAIM_RETRIES (mm/memcontrol.c, 5.4): 5. */
export const MEM_CGROUP_RECLAIM_RETRIES = 5;

/** PAGE_ALLOC_COSTLY_ORDER (include/linux/mmzone.h). */
export const PAGE_ALLOC_COSTLY_ORDER = 3;

/**
 * struct memcg_stock_pcp (5.4): the page stock (cached, nr_pages) under
 * the FLUSHING_CACHED_CHARGE bit. A controller's subclass adds its byte
 * stock, which shares that bit.
 */
export class MemcgStockPcp {
  /** stock->cached: no css reference of its own (its pages carry theirs, 5.4). */
  cached: Memcg | null = null;
  /** stock->nr_pages (unsigned int). */
  nrPages = 0;
  /** FLUSHING_CACHED_CHARGE: drain work queued or running. */
  flushing = false;
  /** The CPU is in cpu_online_mask. */
  online = true;
}

export type Costs = { -readonly [K in keyof SharedOpCounts]: number };

/**
 * The whole simulated kernel state the 5.4 functions share.
 * @M: the controller's struct mem_cgroup
 * @S: the controller's struct memcg_stock_pcp
 */
export class Kernel<M extends Memcg = Memcg, S extends MemcgStockPcp = MemcgStockPcp> {
  readonly log = new WarningLog();
  /** Every memcg in creation order, root first. */
  readonly memcgs: M[] = [];
  readonly stocks: S[];
  readonly costs: Costs = { pageCounter: 0, objcgBytes: 0, refAtomics: 0, stockDrains: 0, stockRefills: 0 };
  /** smp_processor_id() of the running entry point. */
  cpu = 0;
  private rootMemcg: M | null = null;

  constructor(
    /** Version tag every warning carries: the design's name. */
    readonly version: string,
    readonly nrCpus: number,
    /** MEMCG_CHARGE_BATCH in pages. */
    readonly batch: number,
    /** What the controller stacks on the 5.4 page layer. */
    readonly ops: SlabControllerOps<M, S>,
  ) {
    this.stocks = Array.from({ length: nrCpus }, () => ops.memcgStockPcp());
  }

  /** root_mem_cgroup. */
  get root(): M {
    if (!this.rootMemcg) throw new Error(`${this.version}: root_mem_cgroup used before it exists`);
    return this.rootMemcg;
  }

  set root(memcg: M) {
    this.rootMemcg = memcg;
  }

  /** this_cpu_ptr(&memcg_stock). */
  thisCpuStock(): S {
    return this.stockOf(this.cpu);
  }

  /** per_cpu(memcg_stock, cpu). */
  stockOf(cpu: number): S {
    const stock = this.stocks[cpu];
    if (!stock) throw new Error(`${this.version}: no CPU ${cpu}`);
    return stock;
  }

  /** A memcg by cgroup name (the harness's handle; names are never reused). */
  memcgByName(name: string): M {
    const memcg = this.memcgs.find((m) => m.name === name);
    if (!memcg) throw new Error(`${this.version}: no memcg named ${name}`);
    return memcg;
  }
}
