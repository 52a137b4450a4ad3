/*
 * The v5.10 state in the common DesignState shape, and the design's half
 * of the refinement mapping: every byte charged to a page counter that no
 * live object uses, with its holder.
 */

import type { CpuState, DesignState, ObjcgState, Precharge, TaskState } from '../../design.ts';
import { PAGE_SIZE } from '../../kernel/constants.ts';
import type { Kernel, MemcgStockPcp } from './kernel.ts';
import type { Memcg } from './memcg.ts';
import { memcgState } from '../../kernel/memcg-state.ts';

/** A task: its memcg (mem_cgroup_from_task) and the CPU it runs on. */
export interface Task {
  readonly name: string;
  memcg: Memcg;
  cpu: number;
}

function cpuState(stock: MemcgStockPcp, cpu: number): CpuState {
  const objcg = stock.cachedObjcg;
  return {
    cpu,
    online: stock.online,
    pageStock: stock.slots.flatMap((s) => (s.cached ? [{ memcg: s.cached.name, nrPages: s.nrPages }] : [])),
    objStock: objcg ? { kind: 'objcg', cached: objcg.name, nrBytes: stock.nrBytes } : null,
    workPending: stock.flushing,
  };
}

/** Pre-charged bytes held by one CPU's stocks (offline CPUs included). */
function cpuPrecharges(stock: MemcgStockPcp, cpu: number): Precharge[] {
  const out: Precharge[] = [];
  for (const s of stock.slots) {
    if (s.cached && s.nrPages) out.push({ memcg: s.cached.name, bytes: s.nrPages * PAGE_SIZE, cpu, where: `cpu${cpu} page stock` });
  }
  const objcg = stock.cachedObjcg;
  if (objcg && stock.nrBytes) {
    out.push({ memcg: objcg.memcg.name, bytes: stock.nrBytes, cpu, where: `cpu${cpu} obj stock (objcg ${objcg.name})` });
  }
  return out;
}

/** snapshot(): cheap and side-effect free. */
export function snapshotOf(k: Kernel, tasks: Iterable<Task>): DesignState {
  const objcgs: ObjcgState[] = k.objcgs.map((o) => ({
    name: o.name,
    memcg: o.memcg.name,
    refs: o.ref.count,
    nrChargedBytes: o.nrChargedBytes,
    killed: o.ref.killed,
    released: o.ref.released,
  }));
  const precharged: Precharge[] = k.stocks.flatMap((s, cpu) => cpuPrecharges(s, cpu));
  for (const o of k.objcgs) {
    if (!o.released && o.nrChargedBytes) {
      precharged.push({ memcg: o.memcg.name, bytes: o.nrChargedBytes, cpu: null, where: `objcg ${o.name} nr_charged_bytes` });
    }
  }
  const taskStates: TaskState[] = [...tasks].map((t) => ({ name: t.name, cgroup: t.memcg.name, cpu: t.cpu, cachedObjcg: null }));
  return {
    memcgs: k.memcgs.map((m) => memcgState(m, m.counter, m.css)),
    objcgs,
    cpus: k.stocks.map(cpuState),
    tasks: taskStates,
    precharged,
    warnings: [...k.log.all],
    forcedCharge: false,
    costs: { ...k.costs }, // cost: cumulative shared-state operations
  };
}
