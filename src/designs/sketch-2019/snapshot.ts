/*
 * The sketch's state in the common DesignState shape, and its half of the
 * refinement mapping: every byte charged to a page counter that no live
 * object uses, with its holder.
 */

import type { CpuState, DesignState, MemcgState, Precharge } from '../../design.ts';
import { PAGE_SIZE } from '../../kernel/constants.ts';
import type { Kernel, MemcgStockPcp } from './kernel.ts';
import type { Memcg } from './memcg.ts';

/** A task: its memcg (mem_cgroup_from_task) and the CPU it runs on. */
export interface Task {
  readonly name: string;
  memcg: Memcg;
  cpu: number;
}

function memcgState(m: Memcg): MemcgState {
  return {
    name: m.name,
    parent: m.parent ? m.parent.name : null,
    online: m.online,
    freed: m.freed,
    usage: m.counter.usage,
    max: m.counter.max,
    failcnt: m.counter.failcnt,
    // The cgroup core's child pins are not part of RefRules. The memcg
    // ID's pin (held while online) stands for RefRules' "active obj_cgroup
    // pointing at it", which holds no reference of its own.
    refs: m.css.count,
  };
}

function cpuState(stock: MemcgStockPcp, cpu: number): CpuState {
  const objcg = stock.objCached;
  return {
    cpu,
    online: stock.online,
    pageStock: stock.cached ? [{ memcg: stock.cached.name, nrPages: stock.nrPages }] : [],
    objStock: objcg ? { kind: 'objcg', cached: objcg.name, nrBytes: stock.nrBytes } : null,
    workPending: stock.flushing,
  };
}

function cpuPrecharges(stock: MemcgStockPcp, cpu: number): Precharge[] {
  const out: Precharge[] = [];
  if (stock.cached && stock.nrPages) out.push({ memcg: stock.cached.name, bytes: stock.nrPages * PAGE_SIZE, cpu, where: `cpu${cpu} page stock` });
  const objcg = stock.objCached;
  if (objcg && stock.nrBytes) out.push({ memcg: objcg.memcg.name, bytes: stock.nrBytes, cpu, where: `cpu${cpu} obj stock (objcg ${objcg.name})` });
  return out;
}

/** snapshot(): cheap and side-effect free. */
export function snapshotOf(k: Kernel, tasks: Iterable<Task>): DesignState {
  const precharged = k.stocks.flatMap((s, cpu) => cpuPrecharges(s, cpu));
  for (const o of k.objcgs) {
    // A released obj_cgroup's nr_stocked_bytes are charged for good (see objcg.ts): not pre-charge.
    if (!o.ref.released && o.nrStockedBytes)
      precharged.push({ memcg: o.memcg.name, bytes: o.nrStockedBytes, cpu: null, where: `objcg ${o.name} nr_stocked_bytes` });
  }
  return {
    memcgs: k.memcgs.map(memcgState),
    objcgs: k.objcgs.map((o) => ({
      name: o.name,
      memcg: o.memcg.name,
      refs: o.ref.count,
      nrChargedBytes: o.nrStockedBytes,
      killed: o.ref.killed,
      released: o.ref.released,
    })),
    cpus: k.stocks.map(cpuState),
    tasks: [...tasks].map((t) => ({ name: t.name, cgroup: t.memcg.name, cpu: t.cpu, cachedObjcg: null })),
    precharged,
    warnings: k.log.all,
    forcedCharge: false,
    costs: { ...k.costs },
  };
}
