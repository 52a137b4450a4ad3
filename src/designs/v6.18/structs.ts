/*
 * The kernel structures the v6.18 design simulates, cut down to the fields
 * the charging paths read or write (include/linux/memcontrol.h,
 * mm/memcontrol.c, kernel/cgroup/cgroup.c of linux-6.18.y). Everything
 * lives in one `Kernel` value that each simulated function takes first,
 * as the kernel's functions reach for its globals and per-CPU data.
 */

import type { PageCounter } from '../../kernel/page-counter.ts';
import type { Ref } from '../../kernel/refcount.ts';
import type { WarningLog } from '../../kernel/warnings.ts';
import type { Costs } from './costs.ts';
import type { ObjStockOps } from './obj-stock-ops.ts';
import type { Rng } from './random.ts';

/** Version tag used in warnings and comments. */
export const VERSION = 'v6.18';

/** MAX_RECLAIM_RETRIES (mm/internal.h). */
export const MAX_RECLAIM_RETRIES = 16;

/** struct mem_cgroup, with its css and the cgroup-core facts about it. */
export interface MemCgroup {
  readonly name: string;
  /** parent_mem_cgroup(); null only for root_mem_cgroup. */
  readonly parent: MemCgroup | null;
  /** memcg->memory (cgroup v2: no memsw, no kmem counter). */
  readonly memory: PageCounter;
  /** memcg->css.refcnt; the root css is CSS_NO_REF and never counts. */
  readonly css: Ref;
  /** CSS_ONLINE. */
  online: boolean;
  /** mem_cgroup_css_free() ran. */
  freed: boolean;
  /** memcg->id.ref: "Online state pins memcg ID, memcg ID pins CSS". */
  idRef: number;
  /** memcg->objcg: NULL for root and once reparented. */
  objcg: ObjCgroup | null;
  /** memcg->orig_objcg: one objcg reference until __mem_cgroup_free(). */
  origObjcg: ObjCgroup | null;
  /** memcg->objcg_list: reparented obj_cgroups now charging here. */
  readonly objcgList: ObjCgroup[];
  /** Tasks attached; their (shared) css_set pins the css while there are any. */
  nrTasks: number;
}

/** struct obj_cgroup. */
export interface ObjCgroup {
  /** The cgroup it was created for; kept after reparenting. */
  readonly name: string;
  readonly refcnt: Ref;
  /** objcg->memcg: where its charges go now. */
  memcg: MemCgroup;
  /** objcg->nr_charged_bytes (atomic_t, read back as unsigned int). */
  nrChargedBytes: number;
  /** The memcg whose objcg_list links it, or null (not yet reparented, or list_del'ed). */
  list: MemCgroup | null;
}

/** struct memcg_stock_pcp: NR_MEMCG_STOCK slots of (cached, nr_pages). */
export interface MemcgStock {
  readonly cached: (MemCgroup | null)[];
  /** uint8_t nr_pages[NR_MEMCG_STOCK]. */
  readonly nrPages: number[];
  /** FLUSHING_CACHED_CHARGE bit of stock->flags. */
  flushing: boolean;
}

/**
 * What every layout of struct obj_stock_pcp has: drain_all_stock() and
 * the work item only read and clear the flag; the rest belongs to the
 * object-stock module (obj-stock-ops.ts) that created it.
 */
export interface ObjStockPcp {
  /** Which module's layout this is (checked when a module narrows it). */
  readonly kind: string;
  /** FLUSHING_CACHED_CHARGE bit of stock->flags. */
  flushing: boolean;
}

/** struct obj_stock_pcp of 6.18 (the slab vmstat fields are not modelled). */
export interface ObjStock extends ObjStockPcp {
  readonly kind: 'single';
  cachedObjcg: ObjCgroup | null;
  /** unsigned int nr_bytes. */
  nrBytes: number;
}

/** The two per-CPU work items drain_all_stock() queues. */
export type DrainWork = 'drain_local_memcg_stock' | 'drain_local_obj_stock';

/** One possible CPU with its per-CPU memcg data. */
export interface Cpu {
  readonly cpu: number;
  online: boolean;
  readonly memcgStock: MemcgStock;
  readonly objStock: ObjStockPcp;
  /** Work items queued on this CPU's bound worker pool, in queueing order. */
  readonly work: DrainWork[];
}

/** The memcg view of a task_struct. */
export interface Task {
  readonly name: string;
  /** mem_cgroup_from_task(). */
  memcg: MemCgroup;
  cpu: number;
  /** task->objcg without the update bit: a referenced obj_cgroup or NULL. */
  objcg: ObjCgroup | null;
  /** CURRENT_OBJCG_UPDATE_FLAG in task->objcg. */
  objcgUpdate: boolean;
}

/** A slab object: slab_obj_exts(slab)[off].objcg and the bytes it charged. */
export interface SlabObject {
  objcg: ObjCgroup | null;
  /** obj_full_size(s): the harness's size already includes the objcg pointer. */
  readonly size: number;
}

/** A kmem page: page->memcg_data (objcg | MEMCG_DATA_KMEM) and its order. */
export interface KmemPage {
  readonly objcg: ObjCgroup | null;
  readonly order: number;
}

/** A long-lived kernel user of an obj_cgroup (bpf map, percpu chunk owner...). */
export interface KernelUser {
  readonly objcg: ObjCgroup | null;
  /** Bytes charged through it, by object name. */
  readonly objs: Map<string, number>;
}

/** The whole simulated kernel. */
export interface Kernel {
  /** MEMCG_CHARGE_BATCH (pages). */
  readonly batch: number;
  /** NR_MEMCG_STOCK (slots per CPU). */
  readonly nrStock: number;
  /** The object-stock functions (6.18's single slot unless a series replaces them). */
  readonly objStockOps: ObjStockOps;
  readonly log: WarningLog;
  readonly root: MemCgroup;
  /** Every memcg ever created, in creation order, freed ones included. */
  readonly memcgs: Map<string, MemCgroup>;
  /** Every obj_cgroup ever created, in creation order, released ones included. */
  readonly objcgs: ObjCgroup[];
  readonly cpus: Cpu[];
  readonly tasks: Map<string, Task>;
  readonly slabObjects: Map<string, SlabObject>;
  readonly pages: Map<string, KmemPage>;
  readonly users: Map<string, KernelUser>;
  /** Replaces get_random_u32_below() so that runs replay. */
  readonly rng: Rng;
  readonly costs: Costs;
  /** WARN_ON_ONCE sites that already fired. */
  readonly warnedOnce: Set<string>;
  /** percpu_charge_mutex is held. */
  percpuChargeMutex: boolean;
}

/* mem_cgroup_is_root (v6.18) */
export function memCgroupIsRoot(k: Kernel, memcg: MemCgroup): boolean {
  return memcg === k.root;
}

/* mem_cgroup_is_descendant (v6.18): cgroup_is_descendant(), dead cgroups included */
export function memCgroupIsDescendant(memcg: MemCgroup, root: MemCgroup): boolean {
  for (let m: MemCgroup | null = memcg; m; m = m.parent) if (m === root) return true;
  return false;
}

/* WARN_ON_ONCE / VM_WARN_ON_ONCE (v6.18): only the first hit per boot prints */
export function warnOnce(k: Kernel, where: string, message: string): void {
  if (k.warnedOnce.has(where)) return;
  k.warnedOnce.add(where);
  k.log.warn(where, message);
}

/** Look up a CPU; the harness only names possible CPUs. */
export function cpuOf(k: Kernel, cpu: number): Cpu {
  const c = k.cpus[cpu];
  if (!c) throw new Error(`v6.18: no cpu${cpu} (cpus 0..${k.cpus.length - 1})`);
  return c;
}
