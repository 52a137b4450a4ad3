/*
 * A 5.4-layer kernel behind the DesignInstance interface: each method sets
 * the CPU the entry point runs on and calls the kernel function it stands
 * for. A controller's subclass supplies what it wrote itself: its kernel
 * (with its SlabControllerOps), its memcg slab hooks, the pointer-object
 * API its kernel users call, and its half of the snapshot.
 */

import type { AllocFailures, CgroupName, DesignInstance, DesignState, ObjName, PageName, TaskName, UserName, WorldConfig } from '../../design.ts';
import { ROOT } from '../../kernel/constants.ts';
import { cloneGraph } from '../../kernel/clone-graph.ts';
import { memCgroupCreate, memCgroupDestroy } from './cgroup.ts';
import { drainAllStock, memcgHotplugCpuDead } from './drain.ts';
import type { Kernel } from './kernel.ts';
import { type KmemPages, memcgKmemChargePage, memcgKmemUnchargePage, splitPage } from './kmem-pages.ts';
import type { Memcg } from './memcg.ts';
import { memoryMaxWrite } from './memory-max.ts';
import { type MemcgSlabHooks, type SlabObjects, kmemCacheAlloc, kmemCacheAllocBulk } from './slub.ts';
import { type SnapshotParts, type Task, snapshotOf } from './snapshot.ts';

/**
 * The kmem pointer-object API a kernel user calls (filled: 2019 had no
 * such user): look up with a reference, charge and uncharge bytes through
 * it on this CPU, put the reference.
 */
export interface KernelUserOps<P> {
  /** The pointer object to charge for @memcg, with a reference; null for none (the root). */
  get(k: Kernel, memcg: Memcg): P | null;
  /** Charge @size bytes; false for -ENOMEM. */
  charge(k: Kernel, ptr: P, size: number): boolean;
  uncharge(k: Kernel, ptr: P, size: number): void;
  put(k: Kernel, ptr: P): void;
}

/** What a controller plugs into the instance besides its kernel. */
export interface ControllerParts<O, Pre extends object, P> {
  readonly slab: MemcgSlabHooks<O, Pre>;
  readonly user: KernelUserOps<P>;
  readonly snapshot: SnapshotParts;
}

/** A kernel user keeping a pointer-object reference. */
interface User<P> {
  readonly ptr: P | null;
  /** The CPU it last ran on: where its final put runs. */
  cpu: number;
  readonly charges: Map<ObjName, number>;
}

/**
 * @O: what a live slab object records
 * @Pre: what the pre-alloc hook hands the post-alloc hook
 * @P: the kmem pointer object (obj_cgroup, mem_cgroup_ptr)
 */
export class Linux54Instance<O, Pre extends object, P> implements DesignInstance {
  private readonly tasks = new Map<TaskName, Task>();
  private readonly objs: SlabObjects<O> = new Map();
  private readonly pages: KmemPages = new Map();
  private readonly users = new Map<UserName, User<P>>();

  constructor(
    readonly k: Kernel,
    private readonly parts: ControllerParts<O, Pre, P>,
    config: WorldConfig,
  ) {
    memCgroupCreate(this.k, ROOT, null);
    for (const c of config.cgroups) this.mkdir(c.name, c.parent);
    for (const t of config.tasks) this.tasks.set(t.name, { name: t.name, memcg: this.k.memcgByName(t.cgroup), cpu: t.cpu });
  }

  private task(name: TaskName): Task {
    const t = this.tasks.get(name);
    if (!t) throw new Error(`${this.k.version}: no task ${name}`);
    return t;
  }

  private user(name: UserName): User<P> {
    const u = this.users.get(name);
    if (!u) throw new Error(`${this.k.version}: no user ${name}`);
    return u;
  }

  private onlineCpu(cpu: number): number {
    if (this.k.stockOf(cpu).online) return cpu;
    const other = this.k.stocks.findIndex((s) => s.online);
    return other >= 0 ? other : cpu;
  }

  mkdir(name: CgroupName, parent: CgroupName): void {
    memCgroupCreate(this.k, name, this.k.memcgByName(parent));
  }

  rmdir(cpu: number, name: CgroupName): void {
    this.k.cpu = cpu;
    memCgroupDestroy(this.k, this.k.memcgByName(name));
  }

  setMax(cpu: number, name: CgroupName, maxPages: number): void {
    this.k.cpu = cpu;
    memoryMaxWrite(this.k, this.k.memcgByName(name), maxPages);
  }

  taskRunOn(task: TaskName, cpu: number): void {
    this.task(task).cpu = cpu;
  }

  taskMove(task: TaskName, cgroup: CgroupName): void {
    this.task(task).memcg = this.k.memcgByName(cgroup);
  }

  taskExit(task: TaskName): void {
    this.task(task);
    this.tasks.delete(task); // nothing cached per task in 2019 (no current->objcg): nothing to drop
  }

  slabAlloc(task: TaskName, objs: readonly ObjName[], size: number, failures: AllocFailures): ObjName[] | null {
    const t = this.task(task);
    this.k.cpu = t.cpu;
    const [only] = objs;
    if (objs.length === 1 && only !== undefined) return kmemCacheAlloc(this.k, this.parts.slab, this.objs, t.memcg, only, size, failures[0] ?? false);
    return kmemCacheAllocBulk(this.k, this.parts.slab, this.objs, t.memcg, objs, size, failures);
  }

  slabFree(cpu: number, objs: readonly ObjName[]): void {
    this.k.cpu = cpu;
    this.parts.slab.memcgSlabFreeHook(this.k, this.objs, objs); // kmem_cache_free(_bulk): the memcg part is the free hook
  }

  userGet(user: UserName, task: TaskName): void {
    const t = this.task(task);
    this.k.cpu = t.cpu;
    this.users.set(user, { ptr: this.parts.user.get(this.k, t.memcg), cpu: t.cpu, charges: new Map() });
  }

  userCharge(cpu: number, user: UserName, obj: ObjName, size: number): boolean {
    const u = this.user(user);
    this.k.cpu = u.cpu = cpu;
    if (u.ptr && !this.parts.user.charge(this.k, u.ptr, size)) return false;
    u.charges.set(obj, size);
    return true;
  }

  userUncharge(cpu: number, user: UserName, obj: ObjName): void {
    const u = this.user(user);
    const size = u.charges.get(obj);
    if (size === undefined) throw new Error(`${this.k.version}: user ${user} has no charge ${obj}`);
    this.k.cpu = u.cpu = cpu;
    u.charges.delete(obj);
    if (u.ptr) this.parts.user.uncharge(this.k, u.ptr, size);
  }

  userPut(user: UserName): void {
    const u = this.user(user);
    this.users.delete(user);
    this.k.cpu = this.onlineCpu(u.cpu);
    if (u.ptr) this.parts.user.put(this.k, u.ptr);
  }

  pagesAlloc(task: TaskName, page: PageName, order: number): boolean {
    const t = this.task(task);
    this.k.cpu = t.cpu;
    return memcgKmemChargePage(this.k, this.pages, t.memcg, page, order);
  }

  pagesSplit(page: PageName, parts: readonly PageName[]): void {
    splitPage(this.k, this.pages, page, parts);
  }

  pagesFree(cpu: number, page: PageName): void {
    this.k.cpu = cpu;
    memcgKmemUnchargePage(this.k, this.pages, page);
  }

  drainAllStock(cpu: number, root: CgroupName): void {
    this.k.cpu = cpu;
    drainAllStock(this.k, this.k.memcgByName(root));
  }

  runWork(cpu: number): void {
    const stock = this.k.stockOf(cpu);
    if (!stock.flushing || !stock.online) return;
    this.k.cpu = cpu;
    this.k.ops.drainLocalStock(this.k);
  }

  cpuOffline(cpu: number): void {
    const stock = this.k.stockOf(cpu);
    // Queued drain work runs on the dying CPU before its workers are unbound.
    if (stock.flushing) {
      this.k.cpu = cpu;
      this.k.ops.drainLocalStock(this.k);
    }
    stock.online = false;
    this.k.cpu = this.onlineCpu(cpu);
    memcgHotplugCpuDead(this.k, cpu);
  }

  cpuOnline(cpu: number): void {
    this.k.stockOf(cpu).online = true; // CPU up does not touch memcg_stock
  }

  /* no kernel counterpart: the whole simulated kernel copied (cloneGraph), for the explorer */
  clone(): DesignInstance {
    return cloneGraph(this);
  }

  snapshot(): DesignState {
    return snapshotOf(this.k, this.parts.snapshot, this.tasks.values());
  }
}
