/*
 * page-per-object: the README's "Check your own design" example.
 *
 * The simplest correct byte charging: every object charges whole pages
 * (its size rounded up) to its obj_cgroup's memcg and gives them back when
 * freed. Nothing is cached per CPU; the rounding slack of each live object
 * is the only pre-charged memory. Deleting a cgroup points the obj_cgroups
 * charging to it at the parent, as memcg_reparent_objcgs() does.
 *
 *   npx memcg-verify check --design ./examples/page-per-object.ts
 */

import type { CgroupName, Design, DesignInstance, DesignState, ObjName, WorldConfig } from '../src/design.ts';
import { PAGE_SIZE, ROOT } from '../src/kernel/constants.ts';
import { PageCounter, pageCounterSetMax, pageCounterTryCharge, pageCounterUncharge } from '../src/kernel/page-counter.ts';
import { percpuRefInit, type Ref } from '../src/kernel/refcount.ts';
import { WarningLog } from '../src/kernel/warnings.ts';

interface Memcg {
  readonly name: CgroupName;
  readonly parent: Memcg | null;
  readonly counter: PageCounter;
  readonly css: Ref;
  online: boolean;
  freed: boolean;
}

interface Objcg {
  readonly name: CgroupName;
  memcg: Memcg;
  readonly ref: Ref;
}

/** A charge: slab object, user charge or kmem page, and the pages it holds. */
interface Charge {
  readonly objcg: Objcg;
  readonly size: number;
  readonly nrPages: number;
}

const pagesFor = (size: number): number => Math.ceil(size / PAGE_SIZE);

function create(config: WorldConfig): DesignInstance {
  const log = new WarningLog();
  const memcgs = new Map<CgroupName, Memcg>();
  const active = new Map<CgroupName, Objcg>(); // memcg->objcg of online cgroups
  const objcgs: Objcg[] = [];
  const tasks = new Map(config.tasks.map((t) => [t.name, { cgroup: t.cgroup, cpu: t.cpu }]));
  const charges = new Map<ObjName, Charge>(); // objects, user charges and pages
  const users = new Map<string, Objcg>();

  function mkdir(name: CgroupName, parent: CgroupName | null): void {
    const p = parent === null ? null : memcgs.get(parent)!;
    const m: Memcg = {
      name,
      parent: p,
      counter: new PageCounter(name, p?.counter ?? null, log, 'clamp', 'example'),
      css: percpuRefInit(`memcg ${name}`, log, 'example', () => (m.freed = true)),
      online: true,
      freed: false,
    };
    const o: Objcg = { name, memcg: m, ref: percpuRefInit(`objcg ${name}`, log, 'example', () => {}) };
    memcgs.set(name, m);
    active.set(name, o);
    objcgs.push(o);
  }

  function charge(obj: ObjName, o: Objcg, size: number, nrPages = pagesFor(size)): boolean {
    if (!pageCounterTryCharge(o.memcg.counter, nrPages).ok) return false;
    charges.set(obj, { objcg: o, size, nrPages });
    return true;
  }

  function uncharge(obj: ObjName): Charge {
    const c = charges.get(obj)!;
    charges.delete(obj);
    pageCounterUncharge(c.objcg.memcg.counter, c.nrPages);
    return c;
  }

  const taskObjcg = (task: string): Objcg => active.get(tasks.get(task)!.cgroup)!;

  mkdir(ROOT, null);
  for (const c of config.cgroups) mkdir(c.name, c.parent);

  return {
    mkdir,
    rmdir(_cpu, name) {
      const m = memcgs.get(name)!;
      for (const o of objcgs) if (o.memcg === m) o.memcg = m.parent!;
      m.online = false;
      active.get(name)!.ref.kill();
      active.delete(name);
      m.css.kill();
    },
    setMax: (_cpu, name, maxPages) => pageCounterSetMax(memcgs.get(name)!.counter, maxPages),
    taskRunOn: (task, cpu) => void (tasks.get(task)!.cpu = cpu),
    taskMove: (task, cgroup) => void (tasks.get(task)!.cgroup = cgroup),
    taskExit: (task) => void tasks.delete(task),

    slabAlloc(task, objs, size, failures) {
      const o = taskObjcg(task);
      if (!pageCounterTryCharge(o.memcg.counter, objs.length * pagesFor(size)).ok) return null;
      const got: ObjName[] = [];
      objs.forEach((obj, i) => {
        if (failures[i]) return pageCounterUncharge(o.memcg.counter, pagesFor(size)); // the allocator failed this one
        charges.set(obj, { objcg: o, size, nrPages: pagesFor(size) });
        o.ref.get();
        got.push(obj);
      });
      return got;
    },
    slabFree(_cpu, objs) {
      for (const obj of objs) uncharge(obj).objcg.ref.put();
    },

    userGet(user, task) {
      const o = taskObjcg(task);
      o.ref.get();
      users.set(user, o);
    },
    userCharge: (_cpu, user, obj, size) => charge(obj, users.get(user)!, size),
    userUncharge: (_cpu, _user, obj) => void uncharge(obj),
    userPut(user) {
      users.get(user)!.ref.put();
      users.delete(user);
    },

    pagesAlloc(task, page, order) {
      const o = taskObjcg(task);
      if (!charge(page, o, (1 << order) * PAGE_SIZE)) return false;
      o.ref.get();
      return true;
    },
    pagesSplit(page, parts) {
      const { objcg } = charges.get(page)!;
      objcg.ref.get(parts.length - 1);
      for (const p of parts) charges.set(p, { objcg, size: PAGE_SIZE, nrPages: 1 });
    },
    pagesFree(_cpu, page) {
      uncharge(page).objcg.ref.put();
    },

    // No per-CPU state: draining and CPU hotplug have nothing to do.
    drainAllStock: () => {},
    runWork: () => {},
    cpuOffline: () => {},
    cpuOnline: () => {},

    snapshot(): DesignState {
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
        objcgs: objcgs.map((o) => ({ name: o.name, memcg: o.memcg.name, refs: o.ref.count, nrChargedBytes: 0, killed: o.ref.killed, released: o.ref.released })),
        cpus: Array.from({ length: config.nrCpus }, (_, cpu) => ({ cpu, online: true, pageStock: [], objStock: null, workPending: false })),
        tasks: [...tasks].map(([name, t]) => ({ name, cgroup: t.cgroup, cpu: t.cpu, cachedObjcg: null })),
        // The rounding slack of each live charge: charged to the memcg, used by nothing.
        precharged: [...charges]
          .filter(([, c]) => c.nrPages * PAGE_SIZE > c.size)
          .map(([obj, c]) => ({ memcg: c.objcg.memcg.name, bytes: c.nrPages * PAGE_SIZE - c.size, cpu: null, where: `${obj} rounding` })),
        warnings: log.all,
        forcedCharge: false,
      };
    },
  };
}

export const design: Design = {
  info: {
    name: 'page-per-object',
    title: 'every object charges whole pages; no per-CPU stocks (README example)',
    kernel: 'none (example)',
    batch: 1,
    stockSlots: 0,
    refRules: { memcg: 'pointers-only', kmemPagesPinObjcg: true, taskObjcgCache: false, origObjcgRef: false, objcgs: true },
    prechargeBound: () => ({ perCpuBytes: 0, perHolderBytes: PAGE_SIZE - 1, why: 'an object rounds up to the next page: at most PAGE_SIZE - 1 bytes of slack' }),
  },
  create,
};
