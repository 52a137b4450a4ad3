/*
 * simple-design: the smallest complete design, for "Check your own design".
 *
 * Byte charging without any per-CPU stock: each obj_cgroup keeps its own
 * leftover bytes (less than a page), charges whole pages to its memcg's page
 * counter when the leftover cannot cover a charge, and returns whole pages
 * when frees make the leftover reach a page. Deleting a cgroup points its
 * obj_cgroup (and those already reparented to it) at the parent, as upstream
 * memcg_reparent_objcgs() does. Every CPU-related call is a no-op.
 *
 * Copy this file, change it, and run
 *   npx memcg-verify check --design ./examples/simple-design.ts
 *
 * Planted bugs: `simpleDesign(new Set([...]))` switches on deliberate bugs,
 * one per invariant, each guarded by `bugs.has(...)` at the line it breaks.
 * properties/planted-bugs.test.ts pins the shrunk trace that catches each,
 * so no invariant can silently pass.
 */

import type { CgroupName, Design, DesignInstance, DesignState, ObjName, TaskName, UserName, WorldConfig } from '../src/design.ts';
import { PAGE_SIZE, ROOT } from '../src/kernel/constants.ts';
import { PageCounter, pageCounterCharge, pageCounterTryCharge, pageCounterUncharge, pageCounterSetMax } from '../src/kernel/page-counter.ts';
import { percpuRefInit, type Ref } from '../src/kernel/refcount.ts';
import { WarningLog } from '../src/kernel/warnings.ts';

interface Memcg {
  readonly name: CgroupName;
  readonly parent: Memcg | null;
  readonly counter: PageCounter;
  readonly css: Ref;
  online: boolean;
  freed: boolean;
  objcg: Objcg | null; // the active one, null once offline
  readonly objcgs: Objcg[]; // reparented here
}

interface Objcg {
  readonly name: CgroupName;
  memcg: Memcg;
  readonly ref: Ref;
  leftover: number; // bytes charged to memcg but not used, < PAGE_SIZE
}

export const SIMPLE_BUGS = [
  'charge-hit-keeps-leftover', // conservation: a stock hit forgets to consume the bytes
  'free-keeps-pages', // precharge-bound: frees never give whole pages back
  'page-free-uncharges-extra', // counters-nonneg: freeing a kmem page uncharges one page too many
  'charge-ignores-max', // counters-within-max: charges with page_counter_charge()
  'user-put-twice', // no-warnings: a kernel user's put drops two references
  'bulk-skips-ref', // objcg-refs: bulk allocations take one reference, not one per object
  'rmdir-keeps-css', // memcg-refs: offline never drops the base css reference
  'no-reparent', // ownership: rmdir leaves obj_cgroups pointing at the dead memcg
  'enomem-leaks-charge', // failed-charge: a failed try_charge leaves pages charged
  'rmdir-keeps-objcg', // quiescence: offline never kills the obj_cgroup's initial reference
] as const;
export type SimpleBug = (typeof SIMPLE_BUGS)[number];

/** Everything one simulated kernel holds (clone() copies it). */
interface World {
  readonly log: WarningLog;
  readonly memcgs: Map<CgroupName, Memcg>; // creation order, parents first
  readonly objcgs: Objcg[];
  readonly tasks: Map<TaskName, { cgroup: CgroupName; cpu: number }>;
  readonly objects: Map<ObjName, { objcg: Objcg; size: number }>;
  readonly users: Map<UserName, Objcg>;
  readonly pages: Map<string, { objcg: Objcg; nrPages: number }>;
}

function emptyWorld(): World {
  return { log: new WarningLog(), memcgs: new Map(), objcgs: [], tasks: new Map(), objects: new Map(), users: new Map(), pages: new Map() };
}

// The leftover is always below a page once all objects are gone, and a
// whole number of pages is never kept, so there is nothing to uncharge.
function release(w: World, o: Objcg): void {
  if (o.leftover !== 0) w.log.warn('release (simple)', `objcg ${o.name} released with ${o.leftover} leftover bytes`);
}

function newMemcg(w: World, bugs: ReadonlySet<SimpleBug>, name: CgroupName, p: Memcg | null): Memcg {
  const m: Memcg = {
    name,
    parent: p,
    counter: new PageCounter(name, p?.counter ?? null, w.log, bugs.has('page-free-uncharges-extra') ? 'keep-negative' : 'clamp', 'simple'),
    css: percpuRefInit(`memcg ${name}`, w.log, 'simple', () => (m.freed = true)),
    online: true,
    freed: false,
    objcg: null,
    objcgs: [],
  };
  w.memcgs.set(name, m);
  return m;
}

function newObjcg(w: World, name: CgroupName, m: Memcg): Objcg {
  const o: Objcg = { name, memcg: m, leftover: 0, ref: percpuRefInit(`objcg ${name}`, w.log, 'simple', () => release(w, o)) };
  w.objcgs.push(o);
  return o;
}

function copyRef(from: Ref, to: Ref): void {
  to.count = from.count;
  to.killed = from.killed;
  to.released = from.released;
}

/** A deep copy of `w`: same values, fresh objects, closures bound to the copy. */
function copyWorld(w: World, bugs: ReadonlySet<SimpleBug>): World {
  const c = emptyWorld();
  for (const x of w.log.all) c.log.warn(x.where, x.message);
  for (const m of w.memcgs.values()) {
    const copy = newMemcg(c, bugs, m.name, m.parent ? c.memcgs.get(m.parent.name)! : null);
    copy.counter.usage = m.counter.usage;
    copy.counter.max = m.counter.max;
    copy.counter.failcnt = m.counter.failcnt;
    copyRef(m.css, copy.css);
    copy.online = m.online;
    copy.freed = m.freed;
  }
  for (const o of w.objcgs) {
    const copy = newObjcg(c, o.name, c.memcgs.get(o.memcg.name)!);
    copy.leftover = o.leftover;
    copyRef(o.ref, copy.ref);
  }
  const objcgOf = (o: Objcg): Objcg => c.objcgs[w.objcgs.indexOf(o)]!;
  for (const m of w.memcgs.values()) {
    const copy = c.memcgs.get(m.name)!;
    copy.objcg = m.objcg && objcgOf(m.objcg);
    copy.objcgs.push(...m.objcgs.map(objcgOf));
  }
  for (const [t, x] of w.tasks) c.tasks.set(t, { ...x });
  for (const [n, x] of w.objects) c.objects.set(n, { objcg: objcgOf(x.objcg), size: x.size });
  for (const [n, o] of w.users) c.users.set(n, objcgOf(o));
  for (const [n, x] of w.pages) c.pages.set(n, { objcg: objcgOf(x.objcg), nrPages: x.nrPages });
  return c;
}

/** cgroup mkdir: a memcg and its active obj_cgroup. */
function addCgroup(w: World, bugs: ReadonlySet<SimpleBug>, name: CgroupName, parent: CgroupName | null): void {
  const m = newMemcg(w, bugs, name, parent === null ? null : w.memcgs.get(parent)!);
  m.objcg = newObjcg(w, name, m);
  m.objcgs.push(m.objcg);
}

function create(config: WorldConfig, bugs: ReadonlySet<SimpleBug>): DesignInstance {
  const w = emptyWorld();
  addCgroup(w, bugs, ROOT, null);
  for (const c of config.cgroups) addCgroup(w, bugs, c.name, c.parent);
  for (const t of config.tasks) w.tasks.set(t.name, { cgroup: t.cgroup, cpu: t.cpu });
  return new SimpleKernel(config, bugs, w);
}

/* The kernel entry points; every CPU-related call is a no-op. */
class SimpleKernel implements DesignInstance {
  constructor(
    private readonly config: WorldConfig,
    private readonly bugs: ReadonlySet<SimpleBug>,
    private readonly w: World,
  ) {}

  private charge(o: Objcg, size: number): boolean {
    if (o.leftover >= size) {
      if (!this.bugs.has('charge-hit-keeps-leftover')) o.leftover -= size;
      return true;
    }
    const nrPages = Math.ceil((size - o.leftover) / PAGE_SIZE);
    if (this.bugs.has('charge-ignores-max')) pageCounterCharge(o.memcg.counter, nrPages);
    else if (!pageCounterTryCharge(o.memcg.counter, nrPages).ok) {
      if (this.bugs.has('enomem-leaks-charge')) pageCounterCharge(o.memcg.counter, 1);
      return false;
    }
    o.leftover += nrPages * PAGE_SIZE - size;
    return true;
  }

  private uncharge(o: Objcg, size: number): void {
    o.leftover += size;
    if (this.bugs.has('free-keeps-pages')) return;
    const nrPages = Math.floor(o.leftover / PAGE_SIZE);
    o.leftover -= nrPages * PAGE_SIZE;
    if (nrPages) pageCounterUncharge(o.memcg.counter, nrPages);
  }

  private objcgOf(task: TaskName): Objcg {
    return this.w.memcgs.get(this.w.tasks.get(task)!.cgroup)!.objcg!;
  }

  mkdir(name: CgroupName, parent: CgroupName): void {
    addCgroup(this.w, this.bugs, name, parent);
  }

  rmdir(_cpu: number, name: CgroupName): void {
    const m = this.w.memcgs.get(name)!;
    const parent = m.parent!;
    const active = m.objcg!;
    m.objcg = null;
    if (!this.bugs.has('no-reparent')) for (const o of m.objcgs) o.memcg = parent;
    parent.objcgs.push(...m.objcgs.splice(0));
    m.online = false;
    if (!this.bugs.has('rmdir-keeps-objcg')) active.ref.kill();
    if (!this.bugs.has('rmdir-keeps-css')) m.css.kill();
  }

  setMax(_cpu: number, name: CgroupName, maxPages: number): void {
    pageCounterSetMax(this.w.memcgs.get(name)!.counter, maxPages);
  }

  taskRunOn(task: TaskName, cpu: number): void {
    this.w.tasks.get(task)!.cpu = cpu;
  }

  taskMove(task: TaskName, cgroup: CgroupName): void {
    this.w.tasks.get(task)!.cgroup = cgroup;
  }

  taskExit(task: TaskName): void {
    this.w.tasks.delete(task);
  }

  slabAlloc(task: TaskName, objs: readonly ObjName[], size: number, failures: readonly boolean[]): ObjName[] | null {
    const o = this.objcgOf(task);
    if (!this.charge(o, objs.length * size)) return null;
    const got: ObjName[] = [];
    objs.forEach((obj, i) => {
      if (failures[i]) return this.uncharge(o, size);
      if (!this.bugs.has('bulk-skips-ref') || got.length === 0) o.ref.get();
      this.w.objects.set(obj, { objcg: o, size });
      got.push(obj);
    });
    return got;
  }

  slabFree(_cpu: number, objs: readonly ObjName[]): void {
    for (const obj of objs) {
      const { objcg, size } = this.w.objects.get(obj)!;
      this.w.objects.delete(obj);
      this.uncharge(objcg, size);
      objcg.ref.put();
    }
  }

  userGet(user: UserName, task: TaskName): void {
    const o = this.objcgOf(task);
    o.ref.get();
    this.w.users.set(user, o);
  }

  userCharge(_cpu: number, user: UserName, obj: ObjName, size: number): boolean {
    const o = this.w.users.get(user)!;
    if (!this.charge(o, size)) return false;
    this.w.objects.set(obj, { objcg: o, size });
    return true;
  }

  userUncharge(_cpu: number, user: UserName, obj: ObjName): void {
    this.uncharge(this.w.users.get(user)!, this.w.objects.get(obj)!.size);
    this.w.objects.delete(obj);
  }

  userPut(user: UserName): void {
    this.w.users.get(user)!.ref.put(this.bugs.has('user-put-twice') ? 2 : 1);
    this.w.users.delete(user);
  }

  pagesAlloc(task: TaskName, page: string, order: number): boolean {
    const o = this.objcgOf(task);
    if (!pageCounterTryCharge(o.memcg.counter, 1 << order).ok) return false;
    o.ref.get();
    this.w.pages.set(page, { objcg: o, nrPages: 1 << order });
    return true;
  }

  pagesSplit(page: string, parts: readonly string[]): void {
    const { objcg } = this.w.pages.get(page)!;
    objcg.ref.get(parts.length - 1);
    for (const p of parts) this.w.pages.set(p, { objcg, nrPages: 1 });
  }

  pagesFree(_cpu: number, page: string): void {
    const { objcg, nrPages } = this.w.pages.get(page)!;
    this.w.pages.delete(page);
    pageCounterUncharge(objcg.memcg.counter, nrPages + (this.bugs.has('page-free-uncharges-extra') ? 1 : 0));
    objcg.ref.put();
  }

  drainAllStock(): void {}
  runWork(): void {}
  cpuOffline(): void {}
  cpuOnline(): void {}

  clone(): DesignInstance {
    return new SimpleKernel(this.config, this.bugs, copyWorld(this.w, this.bugs));
  }

  snapshot(): DesignState {
    const { memcgs, objcgs, tasks } = this.w;
    return {
      memcgs: [...memcgs.values()].map((m) => ({
        name: m.name,
        parent: m.parent?.name ?? null,
        online: m.online,
        freed: m.freed,
        usage: m.counter.usage,
        max: m.counter.max,
        failcnt: m.counter.failcnt,
        refs: m.css.count,
      })),
      objcgs: objcgs.map((o) => ({
        name: o.name,
        memcg: o.memcg.name,
        refs: o.ref.count,
        nrChargedBytes: o.leftover,
        killed: o.ref.killed,
        released: o.ref.released,
      })),
      cpus: Array.from({ length: this.config.nrCpus }, (_, cpu) => ({ cpu, online: true, pageStock: [], objStock: null, workPending: false })),
      tasks: [...tasks].map(([name, t]) => ({ name, cgroup: t.cgroup, cpu: t.cpu, cachedObjcg: null })),
      precharged: objcgs
        .filter((o) => !o.ref.released && o.leftover > 0)
        .map((o) => ({ memcg: o.memcg.name, bytes: o.leftover, cpu: null, where: `objcg ${o.name} leftover` })),
      warnings: this.w.log.all,
      forcedCharge: false,
    };
  }
}

/** The simple design, with the given planted bugs switched on. */
export function simpleDesign(bugs: ReadonlySet<SimpleBug> = new Set()): Design {
  const suffix = [...bugs].join('+');
  return {
    info: { ...design.info, name: suffix ? `simple+${suffix}` : 'simple' },
    create: (config) => create(config, bugs),
  };
}

export const design: Design = {
  info: {
    name: 'simple',
    title: 'per-obj_cgroup leftover bytes, no per-CPU stocks (README example)',
    kernel: 'none (example)',
    batch: 1,
    stockSlots: 0,
    refRules: { memcg: 'pointers-only', kmemPagesPinObjcg: true, taskObjcgCache: false, origObjcgRef: false, objcgs: true },
    prechargeBound: () => ({ perCpuBytes: 0, perHolderBytes: PAGE_SIZE - 1, why: 'the leftover is always below one page' }),
  },
  create: (config) => create(config, new Set()),
};

export default design;
