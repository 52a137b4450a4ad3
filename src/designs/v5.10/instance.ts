/*
 * The v5.10 simulated kernel behind the DesignInstance interface: each
 * method sets the CPU the entry point runs on and calls the kernel
 * function it stands for.
 */

import type {
  AllocFailures,
  CgroupName,
  DesignInstance,
  DesignState,
  ObjName,
  PageName,
  TaskName,
  UserName,
  WorldConfig,
} from '../../design.ts';
import { ROOT } from '../../kernel/constants.ts';
import { cloneGraph } from '../../kernel/clone-graph.ts';
import { memCgroupCreate, memCgroupDestroy } from './cgroup.ts';
import { drainAllStock, drainLocalStock, memcgHotplugCpuDead } from './drain.ts';
import { Kernel } from './kernel.ts';
import { type KmemPages, memcgKmemChargePage, memcgKmemUnchargePage, splitPageMemcg } from './kmem-pages.ts';
import { memoryMaxWrite } from './memory-max.ts';
import { objCgroupCharge, objCgroupUncharge } from './obj-charge.ts';
import { type Objcg, getObjCgroupFromCurrent, objCgroupPut } from './objcg.ts';
import { type SlabObjects, kmemCacheAlloc, kmemCacheAllocBulk, kmemCacheFree } from './slab-hooks.ts';
import { type Task, snapshotOf } from './snapshot.ts';

/** A kernel user keeping an obj_cgroup reference (e.g. a long-lived object owner). */
interface User {
  readonly objcg: Objcg | null;
  /** The CPU it last ran on: where its final obj_cgroup_put() runs. */
  cpu: number;
  readonly charges: Map<ObjName, number>;
}

export class V510Instance implements DesignInstance {
  readonly k: Kernel;
  private readonly tasks = new Map<TaskName, Task>();
  private readonly objs: SlabObjects = new Map();
  private readonly pages: KmemPages = new Map();
  private readonly users = new Map<UserName, User>();

  constructor(config: WorldConfig, batch: number, stockSlots: number) {
    this.k = new Kernel(config.nrCpus, batch, stockSlots);
    memCgroupCreate(this.k, ROOT, null);
    for (const c of config.cgroups) this.mkdir(c.name, c.parent);
    for (const t of config.tasks) this.tasks.set(t.name, { name: t.name, memcg: this.k.memcgByName(t.cgroup), cpu: t.cpu });
  }

  private task(name: TaskName): Task {
    const t = this.tasks.get(name);
    if (!t) throw new Error(`v5.10: no task ${name}`);
    return t;
  }

  private user(name: UserName): User {
    const u = this.users.get(name);
    if (!u) throw new Error(`v5.10: no user ${name}`);
    return u;
  }

  /** @cpu if it is online, else the first online CPU (hotplug and RCU callbacks run there). */
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
    // 5.10 has no mem_cgroup_exit() and no current->objcg: nothing to drop.
    this.task(task);
    this.tasks.delete(task);
  }

  slabAlloc(task: TaskName, objs: readonly ObjName[], size: number, failures: AllocFailures): ObjName[] | null {
    const t = this.task(task);
    this.k.cpu = t.cpu;
    const [only] = objs;
    if (objs.length === 1 && only !== undefined) return kmemCacheAlloc(this.k, this.objs, t.memcg, only, size, failures[0] ?? false);
    return kmemCacheAllocBulk(this.k, this.objs, t.memcg, objs, size, failures);
  }

  slabFree(cpu: number, objs: readonly ObjName[]): void {
    this.k.cpu = cpu;
    kmemCacheFree(this.k, this.objs, objs);
  }

  userGet(user: UserName, task: TaskName): void {
    const t = this.task(task);
    this.users.set(user, { objcg: getObjCgroupFromCurrent(this.k, t.memcg), cpu: t.cpu, charges: new Map() });
  }

  userCharge(cpu: number, user: UserName, obj: ObjName, size: number): boolean {
    const u = this.user(user);
    this.k.cpu = u.cpu = cpu;
    if (u.objcg && !objCgroupCharge(this.k, u.objcg, size)) return false;
    u.charges.set(obj, size);
    return true;
  }

  userUncharge(cpu: number, user: UserName, obj: ObjName): void {
    const u = this.user(user);
    const size = u.charges.get(obj);
    if (size === undefined) throw new Error(`v5.10: user ${user} has no charge ${obj}`);
    this.k.cpu = u.cpu = cpu;
    u.charges.delete(obj);
    if (u.objcg) objCgroupUncharge(this.k, u.objcg, size);
  }

  userPut(user: UserName): void {
    const u = this.user(user);
    this.users.delete(user);
    this.k.cpu = this.onlineCpu(u.cpu);
    if (u.objcg) objCgroupPut(u.objcg);
  }

  pagesAlloc(task: TaskName, page: PageName, order: number): boolean {
    const t = this.task(task);
    this.k.cpu = t.cpu;
    return memcgKmemChargePage(this.k, this.pages, t.memcg, page, order);
  }

  pagesSplit(page: PageName, parts: readonly PageName[]): void {
    splitPageMemcg(this.pages, page, parts);
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
    drainLocalStock(this.k); // memcg_stock.work = drain_local_stock
  }

  cpuOffline(cpu: number): void {
    const stock = this.k.stockOf(cpu);
    // Drain work still queued runs on the dying CPU before its workers are
    // unbound (one legal interleaving; see the header of index.ts).
    if (stock.flushing) {
      this.k.cpu = cpu;
      drainLocalStock(this.k);
    }
    stock.online = false;
    this.k.cpu = this.onlineCpu(cpu); // the CPU driving the hotplug
    memcgHotplugCpuDead(this.k, cpu);
  }

  cpuOnline(cpu: number): void {
    // "CPU up doesn't touch memcg_stock at all" (drain_all_stock comment):
    // an object stock left behind by memcg_hotplug_cpu_dead() is still there.
    this.k.stockOf(cpu).online = true;
  }

  /* no kernel counterpart: the whole simulated kernel copied (cloneGraph), for the explorer */
  clone(): DesignInstance {
    return cloneGraph(this);
  }

  snapshot(): DesignState {
    return snapshotOf(this.k, this.tasks.values());
  }
}
