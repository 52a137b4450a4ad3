/*
 * The per-CPU object (byte) stock (struct obj_stock_pcp, mm/memcontrol.c
 * v6.18): one cached obj_cgroup and unsigned int nr_bytes, separate from
 * the page stock since 6.16. The slab vmstat caching it also does
 * (cached_pgdat, nr_slab_*_b) is statistics and is left out.
 *
 * The stock holds one reference on its obj_cgroup. Its bytes are charged
 * to the objcg's memcg and used by nothing: pre-charge. On the charge path
 * (allow_uncharge false) it may exceed a page, up to
 * "(sizeof(object) + PAGE_SIZE - 2) if there is no data race".
 */

import type { ObjStockState, Precharge } from '../../design.ts';
import { PAGE_SHIFT, PAGE_SIZE } from '../../kernel/constants.ts';
import { u32, u32Add, u32Sub } from '../../kernel/u32.ts';
import { cssPut } from './css.ts';
import { memcgUncharge } from './memcg-counter.ts';
import { getMemCgroupFromObjcg, objCgroupGet, objCgroupPut } from './objcg.ts';
import { objCgroupUnchargePages } from './objcg-pages.ts';
import { stockOfKind, type ObjStockOps } from './obj-stock-ops.ts';
import { cpuOf, memCgroupIsDescendant, memCgroupIsRoot, type Cpu, type Kernel, type MemCgroup, type ObjCgroup, type ObjStock, type ObjStockPcp } from './structs.ts';

/** This CPU's stock, which singleObjStock created. */
function single(stock: ObjStockPcp): ObjStock {
  return stockOfKind<ObjStock>(stock, 'single');
}

/* consume_obj_stock (v6.18): a hit needs @objcg cached and enough bytes */
export function consumeObjStock(k: Kernel, cpu: number, objcg: ObjCgroup, nrBytes: number): boolean {
  const stock = single(cpuOf(k, cpu).objStock); // local_trylock() never fails here
  if (objcg === stock.cachedObjcg && stock.nrBytes >= nrBytes) {
    stock.nrBytes = u32Sub(stock.nrBytes, nrBytes);
    return true;
  }
  return false;
}

/**
 * drainObjStock - drain_obj_stock (v6.18): flush the stock and forget its objcg
 *
 * Whole pages are uncharged from objcg->memcg directly (not through the
 * page stock), except from root; the sub-page rest is added to
 * objcg->nr_charged_bytes; the stock's reference is put.
 */
export function drainObjStock(k: Kernel, stock: ObjStock): void {
  const old = stock.cachedObjcg;
  if (!old) return;
  const stocked = stock.nrBytes;
  stock.nrBytes = 0;
  stock.cachedObjcg = null;
  flushStockedObjcg(k, old, stocked);
}

/**
 * flushStockedObjcg - the body of drain_obj_stock (v6.18) for one cached @old with @stocked bytes
 *
 * The caller has already emptied its slot (drain_obj_stock_slot of the
 * NR_OBJ_STOCK series reuses this). Puts the stock's reference.
 */
export function flushStockedObjcg(k: Kernel, old: ObjCgroup, stocked: number): void {
  k.costs.stockDrains++;
  if (stocked) {
    const nrPages = stocked >>> PAGE_SHIFT;
    const nrBytes = stocked & (PAGE_SIZE - 1);
    if (nrPages) {
      const memcg = getMemCgroupFromObjcg(k, old);
      if (!memCgroupIsRoot(k, memcg)) memcgUncharge(k, memcg, nrPages);
      cssPut(k, memcg);
    }
    // "The leftover is flushed to the centralized per-memcg value."
    old.nrChargedBytes = u32Add(old.nrChargedBytes, nrBytes);
    k.costs.objcgBytes++;
  }
  objCgroupPut(k, old);
}

/**
 * stockObjcg - refill_obj_stock (v6.18) starting to cache @objcg: obj_cgroup_get
 * and atomic_xchg(&objcg->nr_charged_bytes, 0)
 * @returns the bytes taken over, as unsigned int
 */
export function stockObjcg(k: Kernel, objcg: ObjCgroup): number {
  objCgroupGet(k, objcg);
  k.costs.stockRefills++;
  if (!objcg.nrChargedBytes) return 0;
  const taken = u32(objcg.nrChargedBytes);
  objcg.nrChargedBytes = 0;
  k.costs.objcgBytes++;
  return taken;
}

/* drain_local_obj_stock (v6.18): the work item, run on @cpu, whatever the stock's layout */
export function drainLocalObjStock(k: Kernel, cpu: number): void {
  const stock = cpuOf(k, cpu).objStock;
  k.objStockOps.drain(k, stock);
  stock.flushing = false; // clear_bit(FLUSHING_CACHED_CHARGE) of the CPU it runs on
}

/* obj_stock_flush_required (v6.18): the cached objcg charges a memcg under @root */
export function objStockFlushRequired(stock: ObjStock, root: MemCgroup): boolean {
  const objcg = stock.cachedObjcg;
  return objcg !== null && memCgroupIsDescendant(objcg.memcg, root);
}

/**
 * refillObjStock - refill_obj_stock (v6.18): put @nrBytes pre-charged bytes of @objcg in this CPU's stock
 * @allowUncharge: true on free; forced true when the cached objcg changes.
 *   Then, if the stock holds more than a page, its whole pages are
 *   uncharged (obj_cgroup_uncharge_pages, i.e. into the page stock) and
 *   the remainder stays with @objcg cached.
 */
export function refillObjStock(k: Kernel, cpu: number, objcg: ObjCgroup, nrBytes: number, allowUncharge: boolean): void {
  const stock = single(cpuOf(k, cpu).objStock); // local_trylock() never fails here
  let nrPages = 0;
  if (stock.cachedObjcg !== objcg) {
    drainObjStock(k, stock);
    stock.nrBytes = stockObjcg(k, objcg);
    stock.cachedObjcg = objcg;
    allowUncharge = true; // "Allow uncharge when objcg changes"
  }
  stock.nrBytes = u32Add(stock.nrBytes, nrBytes);
  if (allowUncharge && stock.nrBytes > PAGE_SIZE) {
    nrPages = stock.nrBytes >>> PAGE_SHIFT;
    stock.nrBytes &= PAGE_SIZE - 1;
  }
  if (nrPages) objCgroupUnchargePages(k, cpu, objcg, nrPages);
}

/* The stock in the common shape: its cached objcg and nr_bytes */
function viewObjStock(stock: ObjStockPcp): ObjStockState | null {
  const o = single(stock);
  return o.cachedObjcg ? { kind: 'objcg', cached: o.cachedObjcg.name, nrBytes: o.nrBytes } : null;
}

/* nr_bytes, charged to objcg->memcg at this moment */
function objStockPrecharged(c: Cpu): Precharge[] {
  const o = single(c.objStock);
  if (!o.cachedObjcg || !o.nrBytes) return [];
  return [{ memcg: o.cachedObjcg.memcg.name, bytes: o.nrBytes, cpu: c.cpu, where: `cpu${c.cpu} obj stock (objcg ${o.cachedObjcg.name})` }];
}

/** The 6.18 object stock: one cached objcg per CPU. */
export const singleObjStock: ObjStockOps = {
  create: (): ObjStock => ({ kind: 'single', cachedObjcg: null, nrBytes: 0, flushing: false }),
  consume: consumeObjStock,
  refill: refillObjStock,
  drain: (k, stock) => drainObjStock(k, single(stock)),
  flushRequired: (stock, root) => objStockFlushRequired(single(stock), root),
  view: viewObjStock,
  precharged: objStockPrecharged,
};
