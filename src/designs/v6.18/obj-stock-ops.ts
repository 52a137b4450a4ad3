/*
 * The per-CPU object stock as the rest of the v6.18 model sees it: the
 * functions of mm/memcontrol.c that touch struct obj_stock_pcp, behind one
 * small table so a patch series that changes only the object stock can be
 * modelled as v6.18 plus another table (v6.18-objstock5/). The default
 * table, the 6.18 single-slot stock, is singleObjStock in obj-stock.ts.
 *
 * Callers: obj_cgroup_charge_account / obj_cgroup_uncharge (consume,
 * refill), __memcg_slab_free_hook (refill), drain_all_stock (flushRequired,
 * drainLocal), memcg_hotplug_cpu_dead (drain), the snapshot (view,
 * precharged).
 */

import type { ObjStockState, Precharge } from '../../design.ts';
import type { Cpu, Kernel, MemCgroup, ObjCgroup, ObjStockPcp } from './structs.ts';

export interface ObjStockOps {
  /** struct obj_stock_pcp as DEFINE_PER_CPU_ALIGNED initialises it. */
  create(): ObjStockPcp;
  /* consume_obj_stock: take @nrBytes of @objcg's pre-charge on @cpu, or false */
  consume(k: Kernel, cpu: number, objcg: ObjCgroup, nrBytes: number): boolean;
  /* refill_obj_stock: put @nrBytes pre-charged bytes of @objcg in @cpu's stock */
  refill(k: Kernel, cpu: number, objcg: ObjCgroup, nrBytes: number, allowUncharge: boolean): void;
  /* drain_obj_stock: flush everything the stock holds and drop its references */
  drain(k: Kernel, stock: ObjStockPcp): void;
  /* obj_stock_flush_required: the stock caches an objcg charging under @root */
  flushRequired(stock: ObjStockPcp, root: MemCgroup): boolean;
  /** DesignState.cpus[].objStock: the only slot, or the most recently used one. */
  view(stock: ObjStockPcp): ObjStockState | null;
  /** DesignState.cpus[].objStockSlots: every slot caching an objcg, for multi-slot stocks. */
  slots?(stock: ObjStockPcp): ObjStockState[];
  /** The stock's pre-charged bytes, one entry per holder with bytes. */
  precharged(c: Cpu): Precharge[];
}

/** Narrow a CPU's stock to the layout of the table that created it. */
export function stockOfKind<S extends ObjStockPcp>(stock: ObjStockPcp, kind: S['kind']): S {
  if (stock.kind !== kind) throw new Error(`v6.18: object stock is '${stock.kind}', expected '${kind}'`);
  return stock as S;
}
