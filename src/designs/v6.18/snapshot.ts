/*
 * The v6.18 kernel in the common shape (design.ts DesignState): no side
 * effects.
 *
 * Pre-charged bytes (charged to a page counter, used by no object):
 * - each page-stock slot with pages: nr_pages * PAGE_SIZE for its memcg;
 * - each object stock with bytes: nr_bytes for objcg->memcg at this moment
 *   (k.objStockOps.precharged: one entry per slot for multi-slot stocks);
 * - each unreleased obj_cgroup's nr_charged_bytes, for objcg->memcg.
 * Root's entries are listed too (root's counter is charged by obj_cgroups
 * reparented to it), although no invariant reads root's usage.
 */

import { PAGE_SIZE } from '../../kernel/constants.ts';
import type { CpuState, DesignState, MemcgState, ObjcgState, PageStockSlot, Precharge, TaskState } from '../../design.ts';
import type { Cpu, Kernel } from './structs.ts';
import { memcgState } from '../../kernel/memcg-state.ts';

function memcgStates(k: Kernel): MemcgState[] {
  return [...k.memcgs.values()].map((m) => memcgState(m, m.memory, m.css));
}

function objcgStates(k: Kernel): ObjcgState[] {
  return k.objcgs.map((o) => ({
    name: o.name,
    memcg: o.memcg.name,
    refs: o.refcnt.count,
    nrChargedBytes: o.nrChargedBytes,
    killed: o.refcnt.killed,
    released: o.refcnt.released,
  }));
}

function pageStockSlots(k: Kernel, c: Cpu): PageStockSlot[] {
  const slots: PageStockSlot[] = [];
  for (let i = 0; i < k.nrStock; i++) {
    const memcg = c.memcgStock.cached[i];
    if (memcg) slots.push({ memcg: memcg.name, nrPages: c.memcgStock.nrPages[i] ?? 0 });
  }
  return slots;
}

function cpuStates(k: Kernel): CpuState[] {
  return k.cpus.map((c) => {
    return {
      cpu: c.cpu,
      online: c.online,
      pageStock: pageStockSlots(k, c),
      objStock: k.objStockOps.view(c.objStock),
      ...(k.objStockOps.slots ? { objStockSlots: k.objStockOps.slots(c.objStock) } : {}),
      workPending: c.work.length > 0,
    };
  });
}

function taskStates(k: Kernel): TaskState[] {
  return [...k.tasks.values()].map((t) => ({ name: t.name, cgroup: t.memcg.name, cpu: t.cpu, cachedObjcg: t.objcg ? t.objcg.name : null }));
}

function precharged(k: Kernel): Precharge[] {
  const out: Precharge[] = [];
  for (const c of k.cpus) {
    for (let i = 0; i < k.nrStock; i++) {
      const memcg = c.memcgStock.cached[i];
      const nrPages = c.memcgStock.nrPages[i] ?? 0;
      if (memcg && nrPages) out.push({ memcg: memcg.name, bytes: nrPages * PAGE_SIZE, cpu: c.cpu, where: `cpu${c.cpu} page stock slot ${i} (${memcg.name})` });
    }
    out.push(...k.objStockOps.precharged(c));
  }
  for (const objcg of k.objcgs)
    if (!objcg.refcnt.released && objcg.nrChargedBytes)
      out.push({ memcg: objcg.memcg.name, bytes: objcg.nrChargedBytes, cpu: null, where: `objcg ${objcg.name} nr_charged_bytes` });
  return out;
}

/** snapshot(): the state in the common shape. */
export function snapshot(k: Kernel): DesignState {
  return {
    memcgs: memcgStates(k),
    objcgs: objcgStates(k),
    cpus: cpuStates(k),
    tasks: taskStates(k),
    precharged: precharged(k),
    warnings: [...k.log.all],
    forcedCharge: false, // GFP_KERNEL(_ACCOUNT) only: try_charge_memcg() never forces a charge here
    costs: { ...k.costs },
  };
}
