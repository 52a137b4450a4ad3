/*
 * The design interface: what every simulated charging design implements.
 *
 * A design is data plus functions. `Design.create(config)` returns a fresh
 * simulated kernel (a `DesignInstance`) whose methods are the kernel entry
 * points the suite drives: cgroup creation and deletion, memory.max, task
 * placement, slab and kmem-page allocation and freeing, kernel users that
 * keep an obj_cgroup, stock drains and CPU hotplug. `snapshot()` is the
 * other direction: the design's state in a common shape (counters, stocks,
 * refcounts, pre-charged bytes, warnings) that properties check against
 * the reference model. Properties only ever see these two things; they
 * never import a design's internals.
 *
 * Names: cgroups are named by the harness ("root", "A", "B", ...). The
 * obj_cgroup created when cgroup X comes online is named X as well, and
 * keeps that name after it is reparented. Objects ("o1"), kmem pages ("p1"),
 * kernel users ("u1") and tasks ("t0") are named by the harness too.
 *
 * Contract for implementers:
 * - Every call is one kernel entry point on one CPU; the caller guarantees
 *   its preconditions (documented per method), e.g. rmdir only on a live
 *   leaf with no tasks, free only of a live object.
 * - Expected refusals are values (`false`, `null`), as in the kernel
 *   (-ENOMEM). Throwing means the design itself is broken: the suite
 *   reports it as a design error at that step.
 * - Where the kernel would WARN, record it (see `KernelWarning`) and go on.
 * - `snapshot()` must be cheap and side-effect free; it is called after
 *   every step. It returns fresh values: the harness keeps the previous
 *   snapshot to compare with, so never hand out arrays the design mutates.
 */

import type { KernelWarning } from './kernel/warnings.ts';

export type CgroupName = string;
export type TaskName = string;
export type ObjName = string;
export type PageName = string;
export type UserName = string;

/* ---------------------------------------------------------------- config */

/** A cgroup that exists when the world starts (created in order by mkdir). */
export interface InitialCgroup {
  readonly name: CgroupName;
  readonly parent: CgroupName;
}

/** A task that exists when the world starts. */
export interface InitialTask {
  readonly name: TaskName;
  readonly cgroup: CgroupName;
  readonly cpu: number;
}

/**
 * The simulated world. Designs read the CPU count and may honour the kernel
 * parameter overrides (used for small-scope exploration); everything else
 * is for the harness.
 */
export interface WorldConfig {
  /** Number of possible CPUs, 1..8. All start online. */
  readonly nrCpus: number;
  /** Number of NUMA nodes (only designs that model per-node stats use it). */
  readonly nrNodes: number;
  /** Cgroups created under root before the first step, in order. */
  readonly cgroups: readonly InitialCgroup[];
  /** Tasks present before the first step. */
  readonly tasks: readonly InitialTask[];
  /** Override the design's MEMCG_CHARGE_BATCH (pages), e.g. for exploration. */
  readonly batch?: number;
  /** Override the design's number of page-stock slots per CPU. */
  readonly stockSlots?: number;
}

/* ------------------------------------------------------------- describing */

/**
 * How the modelled version counts references. These are the version's
 * rules as data: the refcount invariants compute the count each rule says
 * must exist from the snapshot and the model, and compare it with the
 * design's simulated counter.
 */
export interface RefRules {
  /**
   * How memcg css references are counted:
   * - "coupled" (<= 5.8): one reference per page charged to the memcg's own
   *   counter level (taken in try_charge, put on uncharge/drain; stocked
   *   pages hold theirs implicitly), plus one per obj_cgroup pointing at it.
   * - "objcg-pins-memcg" (5.9-5.13): page stocks caching it, obj_cgroups
   *   reparented to it (memcg_reparent_objcgs takes css_get(parent) for
   *   each), kmem pages charged to it directly (page->mem_cgroup).
   * - "pointers-only" (5.14+): page stocks caching it; obj_cgroups pin no memcg.
   * - "none": the design does not model css references (no memcg is ever freed).
   * Every scheme adds the base reference while the memcg is online, and the
   * flags below add what the cgroup core and memcg ID hold.
   */
  readonly memcg: 'coupled' | 'objcg-pins-memcg' | 'pointers-only' | 'none';
  /** kmem pages hold a reference on their obj_cgroup (5.13+), else on their memcg. */
  readonly kmemPagesPinObjcg: boolean;
  /** Tasks cache `current->objcg` and hold a reference on it (6.x). */
  readonly taskObjcgCache: boolean;
  /** `memcg->orig_objcg` holds one obj_cgroup reference until the memcg is freed (6.x). */
  readonly origObjcgRef: boolean;
  /** Slab objects and users reference obj_cgroups (false for designs without obj_cgroups). */
  readonly objcgs: boolean;
  /**
   * cgroup core pins the parent css once per child until the child is freed
   * (init_and_link_css takes it, css_free_rwork_fn drops it; all versions).
   */
  readonly childPinsParent?: boolean;
  /**
   * The memcg ID holds one css reference while online (mem_cgroup_css_online
   * takes it, mem_cgroup_id_put at the end of offline drops it).
   */
  readonly idRefWhileOnline?: boolean;
  /**
   * A css_set holds one css reference on each of its cgroups (find_css_set /
   * put_css_set_locked); with one hierarchy, the tasks of a cgroup share one.
   */
  readonly tasksPinCss?: boolean;
}

/** Verdict a design is documented to get on a property. */
export type Verdict = 'holds' | 'fails';

export interface DesignInfo {
  /** Short name used on the command line: "v5.10". */
  readonly name: string;
  /** One line: what it models. */
  readonly title: string;
  /** Kernel version (or patch series) it is faithful to. */
  readonly kernel: string;
  /** MEMCG_CHARGE_BATCH in pages. */
  readonly batch: number;
  /** Page-stock slots per CPU (1 before 6.16, NR_MEMCG_STOCK=7 after). */
  readonly stockSlots: number;
  readonly refRules: RefRules;
  /**
   * Upper bound on pre-charged bytes a design may hold, with the derivation
   * in `why` (cite the kernel comment it comes from).
   */
  readonly prechargeBound: (config: WorldConfig) => PrechargeBound;
  /**
   * Documented verdicts (like a TLA+ manifest's expected result). Properties
   * not listed are expected to hold. Each "fails" must be a finding
   * explained in the README.
   */
  readonly expected?: Readonly<Record<string, Verdict>>;
}

export interface PrechargeBound {
  /** Most pre-charged bytes one CPU's stocks may hold. */
  readonly perCpuBytes: number;
  /** Most leftover bytes one holder outside the CPUs (objcg->nr_charged_bytes) may hold. */
  readonly perHolderBytes: number;
  readonly why: string;
}

export interface Design {
  readonly info: DesignInfo;
  create(config: WorldConfig): DesignInstance;
}

/* -------------------------------------------------------------- operating */

/** Objects whose allocation failed for reasons outside memcg (slab out of memory). */
export type AllocFailures = readonly boolean[];

/**
 * One simulated kernel. Methods are kernel entry points; `cpu` is the CPU
 * the call runs on, which is always online.
 */
export interface DesignInstance {
  /** cgroup mkdir: memcg online, obj_cgroup created. `parent` is live. */
  mkdir(name: CgroupName, parent: CgroupName): void;
  /** cgroup rmdir on `cpu`: `name` is a live non-root leaf without tasks. */
  rmdir(cpu: number, name: CgroupName): void;
  /** Write memory.max (pages) from `cpu`. */
  setMax(cpu: number, name: CgroupName, maxPages: number): void;

  /** The scheduler runs `task` on `cpu` from now on. */
  taskRunOn(task: TaskName, cpu: number): void;
  /** `task` is moved to the live cgroup `cgroup`. */
  taskMove(task: TaskName, cgroup: CgroupName): void;
  /** `task` exits (mem_cgroup_exit and what the version drops there); it is never used again. */
  taskExit(task: TaskName): void;

  /**
   * Slab allocation of `objs.length` objects, each charging `size` bytes,
   * by `task` on its CPU (kmem_cache_alloc / kmem_cache_alloc_bulk through
   * the version's slab hooks). `failures[i]` means the allocator itself
   * returns NULL for object i. Returns the objects that were allocated and
   * stay charged (SLUB's bulk path is all-or-nothing: it may return []), or
   * null for -ENOMEM (nothing stays charged).
   */
  slabAlloc(task: TaskName, objs: readonly ObjName[], size: number, failures: AllocFailures): ObjName[] | null;
  /** kmem_cache_free / kmem_cache_free_bulk on `cpu` of live slab objects. */
  slabFree(cpu: number, objs: readonly ObjName[]): void;

  /** A kernel user takes `task`'s obj_cgroup (get_obj_cgroup_from_current) and keeps it. */
  userGet(user: UserName, task: TaskName): void;
  /** obj_cgroup_charge(user's objcg, size) on `cpu`; the bytes are recorded as `obj`. */
  userCharge(cpu: number, user: UserName, obj: ObjName, size: number): boolean;
  /** obj_cgroup_uncharge(user's objcg, size of obj) on `cpu`. */
  userUncharge(cpu: number, user: UserName, obj: ObjName): void;
  /** obj_cgroup_put of the user's reference. The user has nothing charged. */
  userPut(user: UserName): void;

  /** alloc_pages(__GFP_ACCOUNT, order) by `task` on its CPU. false: -ENOMEM. */
  pagesAlloc(task: TaskName, page: PageName, order: number): boolean;
  /** split_page: `page` (order k) becomes `parts` (2^k order-0 pages, parts[0] keeps the head). */
  pagesSplit(page: PageName, parts: readonly PageName[]): void;
  /** __free_pages of a live kmem page on `cpu`. */
  pagesFree(cpu: number, page: PageName): void;

  /** drain_all_stock(root) called on `cpu` (local drain now, others queued). */
  drainAllStock(cpu: number, root: CgroupName): void;
  /** Run the stock-drain work queued on `cpu`, if any. */
  runWork(cpu: number): void;
  /** CPU hot-unplug: memcg_hotplug_cpu_dead(cpu). No task runs on it any more. */
  cpuOffline(cpu: number): void;
  /** CPU comes back online (its stocks as the version left them at offline). */
  cpuOnline(cpu: number): void;

  /** The state in the common shape; no side effects. */
  snapshot(): DesignState;

  /**
   * Optional: an independent copy of this kernel in its current state.
   * The copy and the original share no mutable state, and the copy behaves
   * exactly as the original would from here (same results, snapshots and
   * warnings for the same calls). The explorer (properties/explore/) uses
   * it to branch at every state; without it, it re-executes the path from
   * a fresh `create()` for every branch, which costs a factor of the depth.
   */
  clone?(): DesignInstance;
}

/* ----------------------------------------------------------------- state */

export interface MemcgState {
  readonly name: CgroupName;
  readonly parent: CgroupName | null;
  readonly online: boolean;
  readonly freed: boolean;
  /** page_counter usage (pages), hierarchical: includes descendants. */
  readonly usage: number;
  readonly max: number;
  readonly failcnt: number;
  /** css reference count. */
  readonly refs: number;
}

export interface ObjcgState {
  /** Name of the cgroup it was created for. */
  readonly name: CgroupName;
  /** objcg->memcg: where its charges go now. */
  readonly memcg: CgroupName;
  readonly refs: number;
  /** objcg->nr_charged_bytes (or the design's equivalent). */
  readonly nrChargedBytes: number;
  /** percpu_ref_kill() has dropped the initial reference. */
  readonly killed: boolean;
  readonly released: boolean;
}

export interface PageStockSlot {
  readonly memcg: CgroupName;
  readonly nrPages: number;
}

export interface ObjStockState {
  /** What the byte stock caches: an obj_cgroup (by name) or, in designs without obj_cgroups, a memcg. */
  readonly kind: 'objcg' | 'memcg';
  readonly cached: CgroupName;
  /** nr_bytes as the kernel stores it (unsigned int). */
  readonly nrBytes: number;
}

export interface CpuState {
  readonly cpu: number;
  readonly online: boolean;
  /** Page-stock slots in use. */
  readonly pageStock: readonly PageStockSlot[];
  /** The object (byte) stock: the only slot, or the most recently used one when there are several. */
  readonly objStock: ObjStockState | null;
  /**
   * Every object-stock slot in use, for designs with more than one (each
   * slot holds a reference on what it caches). Leave it out when there is
   * one slot: readers use `objStockSlots()` (src/snapshot-lookup.ts).
   */
  readonly objStockSlots?: readonly ObjStockState[];
  /** A drain_all_stock work item is queued on this CPU. */
  readonly workPending: boolean;
}

export interface TaskState {
  readonly name: TaskName;
  readonly cgroup: CgroupName;
  readonly cpu: number;
  /** current->objcg cached by the task (6.x), or null. */
  readonly cachedObjcg: CgroupName | null;
}

/**
 * Bytes charged to a memcg's page counter that no object uses yet:
 * the design's half of the refinement mapping.
 */
export interface Precharge {
  /** The memcg whose page counter holds the charge. */
  readonly memcg: CgroupName;
  readonly bytes: number;
  /** The CPU whose stock holds it, or null for a shared holder. */
  readonly cpu: number | null;
  /** Human-readable holder: "cpu1 page stock", "objcg A nr_charged_bytes". */
  readonly where: string;
}

export interface DesignState {
  readonly memcgs: readonly MemcgState[];
  readonly objcgs: readonly ObjcgState[];
  readonly cpus: readonly CpuState[];
  readonly tasks: readonly TaskState[];
  readonly precharged: readonly Precharge[];
  readonly warnings: readonly KernelWarning[];
  /** True when a charge in the last step was forced past a limit (__GFP_NOFAIL). */
  readonly forcedCharge: boolean;
  /**
   * Cumulative count of operations on shared (not per-CPU) state since
   * create(), for the switch-cost objection. Optional: designs that do not
   * count leave it out and get no cost figures.
   */
  readonly costs?: SharedOpCounts;
}

/** Operations that touch cache lines shared between CPUs (cumulative). */
export interface SharedOpCounts {
  /** page_counter updates (one per level touched by charge/uncharge/cancel). */
  readonly pageCounter: number;
  /** Atomic updates of an obj_cgroup's leftover bytes (nr_charged_bytes / nr_stocked_bytes). */
  readonly objcgBytes: number;
  /** css / obj_cgroup reference atomics that are not per-CPU (atomic-mode percpu_ref, css_get_many on shared counts). */
  readonly refAtomics: number;
  /** Stock drains (a slot or the object stock flushed back to shared state). */
  readonly stockDrains: number;
  /** Stock refills that change what a stock caches. */
  readonly stockRefills: number;
}
