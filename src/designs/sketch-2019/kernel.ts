/*
 * The simulated machine of the sketch: one memcg_stock_pcp per possible
 * CPU (the 5.4 page stock plus the sketch's byte stock), every memcg and
 * obj_cgroup ever created, the CPU the running entry point executes on,
 * and the shared-operation counters of the switch-cost objection.
 */

import type { SharedOpCounts } from '../../design.ts';
import { WarningLog } from '../../kernel/warnings.ts';
import type { Memcg } from './memcg.ts';
import type { Objcg } from './objcg.ts';

/** Version tag every warning carries. */
export const VERSION = 'sketch-2019';

/** MEM_CGROUP_RECLAIM_RETRIES (mm/memcontrol.c, 5.4): 5. */
export const MEM_CGROUP_RECLAIM_RETRIES = 5;

/** PAGE_ALLOC_COSTLY_ORDER (include/linux/mmzone.h). */
export const PAGE_ALLOC_COSTLY_ORDER = 3;

/**
 * struct memcg_stock_pcp as the sketch leaves it: 5.4's page stock
 * (cached, nr_pages) and the byte stock (obj_cached, nr_bytes) that the
 * sketch renamed from v1's subpage stock, under one FLUSHING_CACHED_CHARGE bit.
 */
export class MemcgStockPcp {
  /** stock->cached: no css reference of its own (its pages carry theirs, 5.4). */
  cached: Memcg | null = null;
  /** stock->nr_pages (unsigned int). */
  nrPages = 0;
  /** stock->obj_cached: holds one obj_cgroup reference while set. */
  objCached: Objcg | null = null;
  /** stock->nr_bytes (unsigned int). */
  nrBytes = 0;
  /** FLUSHING_CACHED_CHARGE: drain work queued or running. */
  flushing = false;
  /** The CPU is in cpu_online_mask. */
  online = true;
}

export type Costs = { -readonly [K in keyof SharedOpCounts]: number };

/** The whole simulated kernel state shared by the sketch's functions. */
export class Kernel {
  readonly log = new WarningLog();
  /** Every memcg in creation order, root first. */
  readonly memcgs: Memcg[] = [];
  /** Every obj_cgroup in creation order. */
  readonly objcgs: Objcg[] = [];
  readonly stocks: MemcgStockPcp[];
  readonly costs: Costs = { pageCounter: 0, objcgBytes: 0, refAtomics: 0, stockDrains: 0, stockRefills: 0 };
  /** smp_processor_id() of the running entry point. */
  cpu = 0;
  private rootMemcg: Memcg | null = null;

  constructor(
    readonly nrCpus: number,
    /** MEMCG_CHARGE_BATCH in pages. */
    readonly batch: number,
  ) {
    this.stocks = Array.from({ length: nrCpus }, () => new MemcgStockPcp());
  }

  /** root_mem_cgroup. */
  get root(): Memcg {
    if (!this.rootMemcg) throw new Error(`${VERSION}: root_mem_cgroup used before it exists`);
    return this.rootMemcg;
  }

  set root(memcg: Memcg) {
    this.rootMemcg = memcg;
  }

  /** this_cpu_ptr(&memcg_stock). */
  thisCpuStock(): MemcgStockPcp {
    return this.stockOf(this.cpu);
  }

  /** per_cpu(memcg_stock, cpu). */
  stockOf(cpu: number): MemcgStockPcp {
    const stock = this.stocks[cpu];
    if (!stock) throw new Error(`${VERSION}: no CPU ${cpu}`);
    return stock;
  }

  /** A memcg by cgroup name (the harness's handle; names are never reused). */
  memcgByName(name: string): Memcg {
    const memcg = this.memcgs.find((m) => m.name === name);
    if (!memcg) throw new Error(`${VERSION}: no memcg named ${name}`);
    return memcg;
  }
}
