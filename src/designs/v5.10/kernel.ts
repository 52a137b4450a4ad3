/*
 * The simulated v5.10 machine: one memcg_stock_pcp per possible CPU, every
 * memcg and obj_cgroup ever created (freed and released ones included, so
 * the snapshot can show their lifecycle), and the CPU the running entry
 * point executes on, which is what this_cpu_ptr() resolves to.
 */

import type { SharedOpCounts } from '../../design.ts';
import { PageCounter } from '../../kernel/page-counter.ts';
import { WarningLog } from '../../kernel/warnings.ts';
import type { Memcg } from './memcg.ts';
import type { Objcg } from './objcg.ts';

/** Version tag every warning and kernel-function comment carries. */
export const VERSION = 'v5.10';

/** MAX_RECLAIM_RETRIES (include/linux/swap.h since 5.9): 16. */
export const MAX_RECLAIM_RETRIES = 16;

/** PAGE_ALLOC_COSTLY_ORDER (include/linux/mmzone.h). */
export const PAGE_ALLOC_COSTLY_ORDER = 3;

/** One page-stock slot: 5.10 has exactly one (`cached`, `nr_pages`). */
export interface PageStockSlot {
  /** stock->cached: holds one css reference while set. */
  cached: Memcg | null;
  /** stock->nr_pages (unsigned int). */
  nrPages: number;
}

/**
 * struct memcg_stock_pcp (v5.10). The page stock and the object stock share
 * one per-CPU structure and one FLUSHING_CACHED_CHARGE bit; the object
 * stock moved to its own struct only in 5.14.
 */
export class MemcgStockPcp {
  /** cached + nr_pages; more than one slot only with the stockSlots override. */
  readonly slots: PageStockSlot[];
  /** stock->cached_objcg: holds one obj_cgroup reference while set. */
  cachedObjcg: Objcg | null = null;
  /** stock->nr_bytes (unsigned int). */
  nrBytes = 0;
  /** FLUSHING_CACHED_CHARGE in stock->flags: drain work queued or running. */
  flushing = false;
  /** The CPU is in cpu_online_mask. */
  online = true;

  constructor(nrSlots: number) {
    this.slots = Array.from({ length: nrSlots }, () => ({ cached: null, nrPages: 0 }));
  }
}

/** Cumulative shared-state operation counts (switch-cost objection; design.ts SharedOpCounts). */
export type Costs = { -readonly [K in keyof SharedOpCounts]: number };

/** The whole simulated kernel state shared by the v5.10 functions. */
export class Kernel {
  readonly log = new WarningLog();
  /** cost: shared-state operations so far, counted where they happen (no effect on behaviour). */
  readonly costs: Costs = { pageCounter: 0, objcgBytes: 0, refAtomics: 0, stockDrains: 0, stockRefills: 0 };
  /** Every memcg in creation order, root first. */
  readonly memcgs: Memcg[] = [];
  /** Every obj_cgroup in creation order. */
  readonly objcgs: Objcg[] = [];
  /** per_cpu(memcg_stock, cpu). */
  readonly stocks: MemcgStockPcp[];
  /** smp_processor_id() of the running entry point. */
  cpu = 0;
  private rootMemcg: Memcg | null = null;

  constructor(
    readonly nrCpus: number,
    /** MEMCG_CHARGE_BATCH in pages. */
    readonly batch: number,
    readonly stockSlots: number,
  ) {
    this.stocks = Array.from({ length: nrCpus }, () => new MemcgStockPcp(stockSlots));
  }

  /** root_mem_cgroup. */
  get root(): Memcg {
    if (!this.rootMemcg) throw new Error('v5.10: root_mem_cgroup used before it exists');
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
    if (!stock) throw new Error(`v5.10: no CPU ${cpu}`);
    return stock;
  }

  /** mem_cgroup_from_counter(counter, memory). */
  memcgFromCounter(counter: PageCounter): Memcg {
    const memcg = this.memcgs.find((m) => m.counter === counter);
    if (!memcg) throw new Error(`v5.10: page counter ${counter.name} belongs to no memcg`);
    return memcg;
  }

  /** A memcg by cgroup name (the harness's handle). */
  memcgByName(name: string): Memcg {
    // The newest memcg of that name: a name may be reused after rmdir.
    for (let i = this.memcgs.length - 1; i >= 0; i--) {
      const memcg = this.memcgs[i];
      if (memcg && memcg.name === name) return memcg;
    }
    throw new Error(`v5.10: no memcg named ${name}`);
  }
}
