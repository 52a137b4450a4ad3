/*
 * The per-CPU object (byte) stock of v5.10: sub-page bytes already charged
 * to an obj_cgroup's memcg, held by one CPU. It lives in the same
 * memcg_stock_pcp as the page stock, so both are drained together and
 * share the FLUSHING_CACHED_CHARGE bit.
 *
 * nr_bytes is an unsigned int; arithmetic goes through the u32 helpers.
 */

import { PAGE_SHIFT, PAGE_SIZE } from '../../kernel/constants.ts';
import { u32, u32Add } from '../../kernel/u32.ts';
import type { Kernel, MemcgStockPcp } from './kernel.ts';
import { type Memcg, cssPut, cssTrygetRetry, memCgroupIsDescendant } from './memcg.ts';
import { type Objcg, objCgroupGet, objCgroupMemcg, objCgroupPut } from './objcg.ts';
import { memcgKmemUncharge } from './page-stock.ts';

/**
 * consumeObjStock - take @nrBytes from this CPU's byte stock (consume_obj_stock, v5.10)
 *
 * Hits only if the stock caches @objcg and holds enough bytes. The caller
 * passes a size_t; the parameter is an unsigned int, hence u32().
 */
export function consumeObjStock(k: Kernel, objcg: Objcg, nrBytes: number): boolean {
  const stock = k.thisCpuStock();
  const want = u32(nrBytes);
  if (objcg === stock.cachedObjcg && stock.nrBytes >= want) {
    stock.nrBytes -= want;
    return true;
  }
  return false;
}

/**
 * drainObjStock - flush this CPU's byte stock (drain_obj_stock, v5.10)
 *
 * Whole pages go back through __memcg_kmem_uncharge(), i.e. into this
 * CPU's page stock; the sub-page remainder is added to the obj_cgroup's
 * nr_charged_bytes for whichever CPU caches it next. The stock drops its
 * obj_cgroup reference, which may release the obj_cgroup.
 */
export function drainObjStock(k: Kernel, stock: MemcgStockPcp): void {
  const old = stock.cachedObjcg;
  if (!old) return;
  old.costs.stockDrains++; // cost: the byte stock flushed
  if (stock.nrBytes) {
    const nrPages = Math.floor(stock.nrBytes / 2 ** PAGE_SHIFT);
    const nrBytes = stock.nrBytes & (PAGE_SIZE - 1);
    if (nrPages) {
      const memcg = objCgroupMemcg(old);
      const pinned = cssTrygetRetry(k, memcg, 'drain_obj_stock');
      memcgKmemUncharge(k, memcg, nrPages);
      if (pinned) cssPut(memcg);
    }
    // The leftover is flushed to the centralized per-objcg value; the
    // next refill_obj_stock() of this objcg on any CPU takes it back.
    old.nrChargedBytes += nrBytes;
    old.costs.objcgBytes++; // cost: atomic_add on objcg->nr_charged_bytes
    stock.nrBytes = 0;
  }
  objCgroupPut(old);
  stock.cachedObjcg = null;
}

/**
 * objStockFlushRequired - does drain_all_stock(@root) need this CPU?
 * (obj_stock_flush_required, v5.10)
 *
 * Unlike the page stock, a cached obj_cgroup counts even with nr_bytes 0:
 * the stock still holds its reference.
 */
export function objStockFlushRequired(stock: MemcgStockPcp, root: Memcg): boolean {
  const objcg = stock.cachedObjcg;
  return objcg !== null && memCgroupIsDescendant(objCgroupMemcg(objcg), root);
}

/**
 * refillObjStock - put @nrBytes into this CPU's byte stock (refill_obj_stock, v5.10)
 *
 * A stock caching another obj_cgroup is drained first; the new one is
 * cached with a reference and its nr_charged_bytes moved into the stock
 * (atomic_xchg). Above PAGE_SIZE the whole stock is drained, objcg
 * included, so the stock never keeps more than PAGE_SIZE bytes.
 */
export function refillObjStock(k: Kernel, objcg: Objcg, nrBytes: number): void {
  const stock = k.thisCpuStock();
  if (stock.cachedObjcg !== objcg) {
    drainObjStock(k, stock);
    objCgroupGet(objcg);
    stock.cachedObjcg = objcg;
    stock.nrBytes = u32(objcg.nrChargedBytes);
    objcg.nrChargedBytes = 0;
    objcg.costs.objcgBytes++; // cost: atomic_xchg on objcg->nr_charged_bytes
    objcg.costs.stockRefills++; // cost: the byte stock now caches another obj_cgroup
  }
  stock.nrBytes = u32Add(stock.nrBytes, u32(nrBytes));
  if (stock.nrBytes > PAGE_SIZE) drainObjStock(k, stock);
}
