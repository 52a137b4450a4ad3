/*
 * A 5.4-layer kernel's state in the common DesignState shape: memcgs,
 * page stocks, tasks, warnings and costs here; the controller's byte
 * stock, kmem pointer objects and shared pre-charge holders from its
 * SnapshotParts. Every byte charged to a page counter that no live object
 * uses is listed with its holder in `precharged` (the refinement mapping).
 */

import type { CpuState, DesignState, ObjcgState, ObjStockState, Precharge } from '../../design.ts';
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

/** The controller's half of the snapshot: cheap and side-effect free, like snapshot(). */
export interface SnapshotParts {
  /** The kmem pointer objects ever created, as `objcgs`. */
  objcgs(k: Kernel): ObjcgState[];
  /** A CPU's byte stock, null when it caches nothing. */
  byteStock(stock: MemcgStockPcp): ObjStockState | null;
  /** The bytes a CPU's byte stock pre-charges, null for none. */
  byteStockPrecharge(stock: MemcgStockPcp, cpu: number): Precharge | null;
  /** Pre-charge holders shared by all CPUs (cpu null): the leftover nr_stocked_bytes. */
  sharedPrecharges(k: Kernel): Precharge[];
}

function cpuState(parts: SnapshotParts, stock: MemcgStockPcp, cpu: number): CpuState {
  return {
    cpu,
    online: stock.online,
    pageStock: stock.cached ? [{ memcg: stock.cached.name, nrPages: stock.nrPages }] : [],
    objStock: parts.byteStock(stock),
    workPending: stock.flushing,
  };
}

function cpuPrecharges(parts: SnapshotParts, stock: MemcgStockPcp, cpu: number): Precharge[] {
  const out: Precharge[] = [];
  if (stock.cached && stock.nrPages) out.push({ memcg: stock.cached.name, bytes: stock.nrPages * PAGE_SIZE, cpu, where: `cpu${cpu} page stock` });
  const bytes = parts.byteStockPrecharge(stock, cpu);
  if (bytes) out.push(bytes);
  return out;
}

/** snapshot(): cheap and side-effect free. */
export function snapshotOf(k: Kernel, parts: SnapshotParts, tasks: Iterable<Task>): DesignState {
  const precharged = k.stocks.flatMap((s, cpu) => cpuPrecharges(parts, s, cpu));
  precharged.push(...parts.sharedPrecharges(k));
  return {
    memcgs: k.memcgs.map((m) => memcgState(m, m.counter, m.css)),
    objcgs: parts.objcgs(k),
    cpus: k.stocks.map((s, cpu) => cpuState(parts, s, cpu)),
    tasks: [...tasks].map((t) => ({ name: t.name, cgroup: t.memcg.name, cpu: t.cpu, cachedObjcg: null })),
    precharged,
    warnings: k.log.all,
    forcedCharge: false,
    costs: { ...k.costs },
  };
}
