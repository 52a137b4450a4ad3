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

import { PAGE_SHIFT, PAGE_SIZE } from '../../kernel/constants.ts';
import { u32, u32Add, u32Sub } from '../../kernel/u32.ts';
import { cssPut } from './css.ts';
import { memcgUncharge } from './memcg-counter.ts';
import { getMemCgroupFromObjcg, objCgroupGet, objCgroupPut } from './objcg.ts';
import { objCgroupUnchargePages } from './objcg-pages.ts';
import { cpuOf, memCgroupIsDescendant, memCgroupIsRoot, type Kernel, type MemCgroup, type ObjCgroup, type ObjStock } from './structs.ts';

/* consume_obj_stock (v6.18): a hit needs @objcg cached and enough bytes */
export function consumeObjStock(k: Kernel, cpu: number, objcg: ObjCgroup, nrBytes: number): boolean {
  const stock = cpuOf(k, cpu).objStock; // local_trylock() never fails here
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
  k.costs.stockDrains++;
  if (stock.nrBytes) {
    const nrPages = stock.nrBytes >>> PAGE_SHIFT;
    const nrBytes = stock.nrBytes & (PAGE_SIZE - 1);
    if (nrPages) {
      const memcg = getMemCgroupFromObjcg(k, old);
      if (!memCgroupIsRoot(k, memcg)) memcgUncharge(k, memcg, nrPages);
      cssPut(k, memcg);
    }
    // "The leftover is flushed to the centralized per-memcg value."
    old.nrChargedBytes = u32Add(old.nrChargedBytes, nrBytes);
    k.costs.objcgBytes++;
    stock.nrBytes = 0;
  }
  stock.cachedObjcg = null;
  objCgroupPut(k, old);
}

/* drain_local_obj_stock (v6.18): the work item, run on @cpu */
export function drainLocalObjStock(k: Kernel, cpu: number): void {
  const stock = cpuOf(k, cpu).objStock;
  drainObjStock(k, stock);
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
  const stock = cpuOf(k, cpu).objStock; // local_trylock() never fails here
  let nrPages = 0;
  if (stock.cachedObjcg !== objcg) {
    drainObjStock(k, stock);
    objCgroupGet(k, objcg);
    k.costs.stockRefills++;
    if (objcg.nrChargedBytes) {
      stock.nrBytes = u32(objcg.nrChargedBytes); // atomic_xchg(&objcg->nr_charged_bytes, 0)
      objcg.nrChargedBytes = 0;
      k.costs.objcgBytes++;
    } else stock.nrBytes = 0;
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
