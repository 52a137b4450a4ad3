/*
 * One simulated 6.18 kernel behind the DesignInstance entry points: each
 * method names the kernel path it enters and hands over to the modelled
 * functions. The harness guarantees each method's preconditions
 * (design.ts); a violated one throws, as a broken design would.
 */

import type { AllocFailures, CgroupName, DesignInstance, DesignState, ObjName, PageName, TaskName, UserName, WorldConfig } from '../../design.ts';
import { MEMCG_CHARGE_BATCH_V6, NR_MEMCG_STOCK } from '../../kernel/constants.ts';
import { cloneGraph } from '../../kernel/clone-graph.ts';
import { WarningLog } from '../../kernel/warnings.ts';
import { newCosts } from './costs.ts';
import { getObjCgroupFromCurrent } from './current-objcg.ts';
import { drainAllStock, runQueuedWork } from './drain.ts';
import { cpuDown, cpuUp } from './hotplug.ts';
import { memcgKmemChargePage, memcgKmemUnchargePage, splitPageMemcg } from './kmem-pages.ts';
import { memCgroupMkdir, memCgroupRmdir, memCgroupRoot } from './memcg.ts';
import { memoryMaxWrite } from './memory-max.ts';
import { objCgroupPut } from './objcg.ts';
import { singleObjStock } from './obj-stock.ts';
import type { ObjStockOps } from './obj-stock-ops.ts';
import { objCgroupCharge, objCgroupUncharge } from './objcg-charge.ts';
import { rngFromConfig } from './random.ts';
import { kmemCacheAlloc, kmemCacheFreeBulk } from './slab-hooks.ts';
import { snapshot } from './snapshot.ts';
import type { Cpu, Kernel, KernelUser, MemCgroup, Task } from './structs.ts';
import { taskCreate, taskExit, taskMigrate } from './task-cgroup.ts';

/** BUILD_BUG_ON(MEMCG_CHARGE_BATCH > S8_MAX) in refill_stock(): nr_pages[] is uint8_t. */
const S8_MAX = 127;

function newCpu(k: { nrStock: number; objStockOps: ObjStockOps }, cpu: number): Cpu {
  return {
    cpu,
    online: true,
    memcgStock: { cached: Array(k.nrStock).fill(null), nrPages: Array(k.nrStock).fill(0), flushing: false },
    objStock: k.objStockOps.create(),
    work: [],
  };
}

/** Boot: root memcg, all CPUs online, then the world's cgroups and tasks; @objStockOps is the object stock. */
export function bootKernel(config: WorldConfig, objStockOps: ObjStockOps = singleObjStock): Kernel {
  const batch = config.batch ?? MEMCG_CHARGE_BATCH_V6;
  if (batch > S8_MAX) throw new Error(`v6.18: MEMCG_CHARGE_BATCH ${batch} does not build (BUILD_BUG_ON(MEMCG_CHARGE_BATCH > S8_MAX))`);
  const nrStock = config.stockSlots ?? NR_MEMCG_STOCK;
  const log = new WarningLog();
  const root = memCgroupRoot(log);
  const k: Kernel = {
    batch,
    nrStock,
    objStockOps,
    log,
    root,
    memcgs: new Map([[root.name, root]]),
    objcgs: [],
    cpus: [],
    tasks: new Map(),
    slabObjects: new Map(),
    pages: new Map(),
    users: new Map(),
    rng: rngFromConfig(config),
    costs: newCosts(),
    warnedOnce: new Set(),
    percpuChargeMutex: false,
  };
  for (let cpu = 0; cpu < config.nrCpus; cpu++) k.cpus.push(newCpu(k, cpu));
  for (const c of config.cgroups) memCgroupMkdir(k, c.name, memcgOf(k, c.parent));
  for (const t of config.tasks) taskCreate(k, t.name, memcgOf(k, t.cgroup), t.cpu);
  return k;
}

function memcgOf(k: Kernel, name: CgroupName): MemCgroup {
  const m = k.memcgs.get(name);
  if (!m) throw new Error(`v6.18: no memcg ${name}`);
  return m;
}

function liveMemcgOf(k: Kernel, name: CgroupName): MemCgroup {
  const m = memcgOf(k, name);
  if (!m.online) throw new Error(`v6.18: memcg ${name} is offline`);
  return m;
}

function taskOf(k: Kernel, name: TaskName): Task {
  const t = k.tasks.get(name);
  if (!t) throw new Error(`v6.18: no task ${name}`);
  return t;
}

function userOf(k: Kernel, name: UserName): KernelUser {
  const u = k.users.get(name);
  if (!u) throw new Error(`v6.18: no kernel user ${name}`);
  return u;
}

/** The DesignInstance of the v6.18 design. */
export class V618Instance implements DesignInstance {
  /** The simulated kernel; tests read it directly. */
  readonly k: Kernel;

  /** @objStockOps: the object-stock functions; 6.18's single slot by default. */
  constructor(config: WorldConfig, objStockOps: ObjStockOps = singleObjStock) {
    this.k = bootKernel(config, objStockOps);
  }

  /* cgroup_mkdir */
  mkdir(name: CgroupName, parent: CgroupName): void {
    if (this.k.memcgs.has(name)) throw new Error(`v6.18: cgroup ${name} already exists`);
    memCgroupMkdir(this.k, name, liveMemcgOf(this.k, parent));
  }

  /* cgroup_rmdir */
  rmdir(cpu: number, name: CgroupName): void {
    memCgroupRmdir(this.k, cpu, liveMemcgOf(this.k, name));
  }

  /* memory_max_write */
  setMax(cpu: number, name: CgroupName, maxPages: number): void {
    memoryMaxWrite(this.k, cpu, liveMemcgOf(this.k, name), maxPages);
  }

  /* the scheduler migrates the task; nothing memcg-related happens */
  taskRunOn(task: TaskName, cpu: number): void {
    taskOf(this.k, task).cpu = cpu;
  }

  /* cgroup_attach_task */
  taskMove(task: TaskName, cgroup: CgroupName): void {
    taskMigrate(this.k, taskOf(this.k, task), liveMemcgOf(this.k, cgroup));
  }

  /* do_exit */
  taskExit(task: TaskName): void {
    taskExit(this.k, taskOf(this.k, task));
  }

  /* kmem_cache_alloc / kmem_cache_alloc_bulk */
  slabAlloc(task: TaskName, objs: readonly ObjName[], size: number, failures: AllocFailures): ObjName[] | null {
    return kmemCacheAlloc(this.k, taskOf(this.k, task), objs, size, failures);
  }

  /* kmem_cache_free / kmem_cache_free_bulk */
  slabFree(cpu: number, objs: readonly ObjName[]): void {
    kmemCacheFreeBulk(this.k, cpu, objs);
  }

  /* get_obj_cgroup_from_current, kept by a kernel user */
  userGet(user: UserName, task: TaskName): void {
    if (this.k.users.has(user)) throw new Error(`v6.18: kernel user ${user} already holds an objcg`);
    this.k.users.set(user, { objcg: getObjCgroupFromCurrent(this.k, taskOf(this.k, task)), objs: new Map() });
  }

  /* obj_cgroup_charge; a user without an objcg (root task) charges nothing, as callers skip NULL */
  userCharge(cpu: number, user: UserName, obj: ObjName, size: number): boolean {
    const u = userOf(this.k, user);
    if (u.objcg && !objCgroupCharge(this.k, cpu, u.objcg, size)) return false;
    u.objs.set(obj, size);
    return true;
  }

  /* obj_cgroup_uncharge */
  userUncharge(cpu: number, user: UserName, obj: ObjName): void {
    const u = userOf(this.k, user);
    const size = u.objs.get(obj);
    if (size === undefined) throw new Error(`v6.18: kernel user ${user} has no object ${obj}`);
    u.objs.delete(obj);
    if (u.objcg) objCgroupUncharge(this.k, cpu, u.objcg, size);
  }

  /* obj_cgroup_put */
  userPut(user: UserName): void {
    objCgroupPut(this.k, userOf(this.k, user).objcg);
    this.k.users.delete(user);
  }

  /* alloc_pages(__GFP_ACCOUNT) -> __memcg_kmem_charge_page */
  pagesAlloc(task: TaskName, page: PageName, order: number): boolean {
    return memcgKmemChargePage(this.k, taskOf(this.k, task), page, order);
  }

  /* split_page -> split_page_memcg */
  pagesSplit(page: PageName, parts: readonly PageName[]): void {
    splitPageMemcg(this.k, page, parts);
  }

  /* __free_pages -> __memcg_kmem_uncharge_page */
  pagesFree(cpu: number, page: PageName): void {
    memcgKmemUnchargePage(this.k, cpu, page);
  }

  /* drain_all_stock */
  drainAllStock(cpu: number, root: CgroupName): void {
    drainAllStock(this.k, cpu, memcgOf(this.k, root));
  }

  /* the CPU's workqueue runs the queued drain work */
  runWork(cpu: number): void {
    runQueuedWork(this.k, cpu);
  }

  /* cpu_down -> memcg_hotplug_cpu_dead */
  cpuOffline(cpu: number): void {
    cpuDown(this.k, cpu);
  }

  /* cpu_up */
  cpuOnline(cpu: number): void {
    cpuUp(this.k, cpu);
  }

  /* no kernel counterpart: the whole simulated kernel copied (cloneGraph), for the explorer */
  clone(): DesignInstance {
    return cloneGraph(this);
  }

  snapshot(): DesignState {
    return snapshot(this.k);
  }
}
