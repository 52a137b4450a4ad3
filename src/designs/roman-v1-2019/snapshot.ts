/*
 * v1's state in the common DesignState shape.
 *
 * Mapping (v1 has no obj_cgroup): each mem_cgroup_ptr is listed in
 * `objcgs`, named after the cgroup it was created for, with ptr->memcg,
 * its percpu_ref count and nrChargedBytes 0 (v1 keeps leftovers per
 * memcg, not per pointer). The subpage stock is the byte stock of kind
 * 'memcg' (it caches a memcg). memcg->nr_stocked_bytes is a shared
 * pre-charge holder (cpu null).
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
    refs: m.css.count,
  };
}

function cpuState(stock: MemcgStockPcp, cpu: number): CpuState {
  const memcg = stock.subpageCached;
  return {
    cpu,
    online: stock.online,
    pageStock: stock.cached ? [{ memcg: stock.cached.name, nrPages: stock.nrPages }] : [],
    objStock: memcg ? { kind: 'memcg', cached: memcg.name, nrBytes: stock.nrBytes } : null,
    workPending: stock.flushing,
  };
}

function cpuPrecharges(stock: MemcgStockPcp, cpu: number): Precharge[] {
  const out: Precharge[] = [];
  if (stock.cached && stock.nrPages) out.push({ memcg: stock.cached.name, bytes: stock.nrPages * PAGE_SIZE, cpu, where: `cpu${cpu} page stock` });
  const memcg = stock.subpageCached;
  if (memcg && stock.nrBytes) out.push({ memcg: memcg.name, bytes: stock.nrBytes, cpu, where: `cpu${cpu} subpage stock` });
  return out;
}

/** snapshot(): cheap and side-effect free. */
export function snapshotOf(k: Kernel, tasks: Iterable<Task>): DesignState {
  const precharged = k.stocks.flatMap((s, cpu) => cpuPrecharges(s, cpu));
  for (const m of k.memcgs) {
    // A freed memcg's nr_stocked_bytes stay charged to its ancestors for good: not pre-charge.
    if (!m.freed && m.nrStockedBytes)
      precharged.push({ memcg: m.name, bytes: m.nrStockedBytes, cpu: null, where: `memcg ${m.name} nr_stocked_bytes` });
  }
  return {
    memcgs: k.memcgs.map(memcgState),
    objcgs: k.ptrs.map((p) => ({ name: p.name, memcg: p.memcg.name, refs: p.ref.count, nrChargedBytes: 0, killed: p.ref.killed, released: p.ref.released })),
    cpus: k.stocks.map(cpuState),
    tasks: [...tasks].map((t) => ({ name: t.name, cgroup: t.memcg.name, cpu: t.cpu, cachedObjcg: null })),
    precharged,
    warnings: k.log.all,
    forcedCharge: false,
    costs: { ...k.costs },
  };
}
