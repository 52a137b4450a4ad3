/*
 * The sketch's per-CPU byte stock (consume_obj_stock, drain_obj_stock,
 * refill_obj_stock): v1's subpage stock keyed by obj_cgroup instead of
 * memcg, stacked on the 5.4 page stock. Whole pages drained from it go to
 * the page stock (refill_stock), the sub-page rest to
 * objcg->nr_stocked_bytes.
 *
 * nr_bytes is an unsigned int; arithmetic goes through the u32 helpers, so
 * `PAGE_SIZE - size` for size > PAGE_SIZE wraps as it does in C.
 */

import { PAGE_SHIFT, PAGE_SIZE } from '../../kernel/constants.ts';
import { u32, u32Add } from '../../kernel/u32.ts';
import { type Memcg, memCgroupIsDescendant } from '../linux-5.4/memcg.ts';
import { refillStock } from '../linux-5.4/page-stock.ts';
import type { SketchKernel, SketchStockPcp } from './kernel.ts';
import { type Objcg, objCgroupGet, objCgroupPut } from './objcg.ts';

/** MEMCG_CHARGE_BATCH << PAGE_SHIFT: the byte stock's drain threshold. */
function byteBatch(k: SketchKernel): number {
  return k.batch * 2 ** PAGE_SHIFT;
}

/**
 * consumeObjStock - take @nrBytes from this CPU's byte stock (consume_obj_stock, sketch)
 *
 * Requests above MEMCG_CHARGE_BATCH << PAGE_SHIFT never hit; otherwise a
 * hit needs @objcg cached with enough bytes.
 */
export function consumeObjStock(k: SketchKernel, objcg: Objcg, nrBytes: number): boolean {
  const want = u32(nrBytes);
  if (want > byteBatch(k)) return false;
  const stock = k.thisCpuStock();
  if (objcg === stock.objCached && stock.nrBytes >= want) {
    stock.nrBytes -= want;
    return true;
  }
  return false;
}

/**
 * drainObjStock - flush a CPU's byte stock (drain_obj_stock, sketch)
 *
 * With bytes in the stock, the whole pages go to this CPU's page stock
 * through refill_stock(old->memcg, nr_pages) - called even when nr_pages
 * is 0, which still switches the page stock to old->memcg - and the
 * remainder is atomic_add()ed to old->nr_stocked_bytes. Then the stock's
 * obj_cgroup reference is put (the sketch's `percpu_ref_put(&objcg->refcount)`
 * means the old obj_cgroup). The "this never be root cgroup" comment on
 * stock->cached does not hold once an obj_cgroup is reparented to the root.
 */
export function drainObjStock(k: SketchKernel, stock: SketchStockPcp): void {
  const old = stock.objCached;
  if (!old) return;
  k.costs.stockDrains++;
  if (stock.nrBytes) {
    const nrPages = Math.floor(stock.nrBytes / 2 ** PAGE_SHIFT);
    const nrBytes = stock.nrBytes & (PAGE_SIZE - 1);
    refillStock(k, old.memcg, nrPages);
    old.nrStockedBytes += nrBytes; // atomic_add(nr_bytes, &old->nr_stocked_bytes)
    k.costs.objcgBytes++;
    stock.nrBytes = 0;
  }
  stock.objCached = null;
  objCgroupPut(k, old);
}

/**
 * objStockFlushRequired - does drain_all_stock(@root) need this stock's
 * byte part? (sketch; filled from v1's subpage_cached test in
 * drain_all_stock, applied to obj_cached->memcg)
 */
export function objStockFlushRequired(stock: SketchStockPcp, root: Memcg): boolean {
  const objcg = stock.objCached;
  return objcg !== null && memCgroupIsDescendant(objcg.memcg, root);
}

/**
 * refillObjStock - add @nrBytes to this CPU's byte stock (refill_obj_stock, sketch)
 * @nrBytes: unsigned int, as the caller's expression wraps
 *
 * A stock caching another obj_cgroup is drained; @objcg is cached with a
 * reference and its nr_stocked_bytes taken over (atomic_xchg). Above
 * MEMCG_CHARGE_BATCH << PAGE_SHIFT bytes the whole stock is drained.
 */
export function refillObjStock(k: SketchKernel, objcg: Objcg, nrBytes: number): void {
  const stock = k.thisCpuStock();
  if (stock.objCached !== objcg) {
    drainObjStock(k, stock);
    objCgroupGet(k, objcg);
    stock.objCached = objcg;
    stock.nrBytes = u32(objcg.nrStockedBytes); // atomic_xchg(&objcg->nr_stocked_bytes, 0)
    objcg.nrStockedBytes = 0;
    k.costs.objcgBytes++;
    k.costs.stockRefills++;
  }
  stock.nrBytes = u32Add(stock.nrBytes, u32(nrBytes));
  if (stock.nrBytes > byteBatch(k)) drainObjStock(k, stock);
}
