/*
 * The per-CPU page stock (struct memcg_stock_pcp, mm/memcontrol.c v6.18):
 * NR_MEMCG_STOCK slots of (cached memcg, uint8_t nr_pages), "selected to
 * keep the cached memcgs and their nr_pages in a single cacheline".
 *
 * A slot caching a memcg holds one css reference on it, whatever its
 * nr_pages (zero included). Pages in a slot are charged to the memcg's
 * page counter and used by nothing: pre-charge. A slot never holds more
 * than MEMCG_CHARGE_BATCH pages: refill_stock() drains a slot that goes
 * over, and sends a refill larger than a batch straight to the counter.
 */

import { cssGet, cssPut } from './css.ts';
import { memcgUncharge } from './memcg-counter.ts';
import { getRandomU32Below } from './random.ts';
import { cpuOf, memCgroupIsDescendant, memCgroupIsRoot, VERSION, warnOnce, type Kernel, type MemCgroup, type MemcgStock } from './structs.ts';

/** uint8_t arithmetic of nr_pages[] (BUILD_BUG_ON(MEMCG_CHARGE_BATCH > S8_MAX) keeps sums below 256). */
function u8(x: number): number {
  return x & 0xff;
}

/**
 * consumeStock - consume_stock (v6.18): take @nrPages from this CPU's slot for @memcg
 * @returns true when the slot of @memcg had enough pages; false for a
 *   charge larger than MEMCG_CHARGE_BATCH or a miss. Only the first slot
 *   caching @memcg is looked at.
 */
export function consumeStock(k: Kernel, cpu: number, memcg: MemCgroup, nrPages: number): boolean {
  if (nrPages > k.batch) return false; // local_trylock() never fails: nothing runs concurrently
  const stock = cpuOf(k, cpu).memcgStock;
  for (let i = 0; i < k.nrStock; ++i) {
    if (stock.cached[i] !== memcg) continue;
    const stockPages = stock.nrPages[i] ?? 0;
    if (stockPages >= nrPages) {
      stock.nrPages[i] = u8(stockPages - nrPages);
      return true;
    }
    return false;
  }
  return false;
}

/* drain_stock (v6.18): give slot @i's pages back to its memcg and drop its css reference */
export function drainStock(k: Kernel, stock: MemcgStock, i: number): void {
  const old = stock.cached[i];
  if (!old) return;
  k.costs.stockDrains++;
  const stockPages = stock.nrPages[i] ?? 0;
  if (stockPages) {
    memcgUncharge(k, old, stockPages);
    stock.nrPages[i] = 0;
  }
  cssPut(k, old);
  stock.cached[i] = null;
}

/* drain_stock_fully (v6.18) */
export function drainStockFully(k: Kernel, stock: MemcgStock): void {
  for (let i = 0; i < k.nrStock; ++i) drainStock(k, stock, i);
}

/* drain_local_memcg_stock (v6.18): the work item, run on @cpu */
export function drainLocalMemcgStock(k: Kernel, cpu: number): void {
  const stock = cpuOf(k, cpu).memcgStock;
  drainStockFully(k, stock);
  stock.flushing = false; // clear_bit(FLUSHING_CACHED_CHARGE) of the CPU it runs on
}

/**
 * refillStock - refill_stock (v6.18): park @nrPages charged pages of @memcg in this CPU's stock
 *
 * Slot choice: @memcg's own slot (drained if it goes over a batch), else
 * the first empty slot, else a victim slot picked by
 * get_random_u32_below(NR_MEMCG_STOCK) and drained. The victim comes from
 * the design's seeded generator (random.ts). A refill of more than a batch
 * is uncharged at once. Refilling the root memcg is VM_WARN_ON_ONCE and
 * then done anyway: the slot caches root (its css_get is a no-op).
 */
export function refillStock(k: Kernel, cpu: number, memcg: MemCgroup, nrPages: number): void {
  if (memCgroupIsRoot(k, memcg)) warnOnce(k, `refill_stock (${VERSION})`, `VM_WARN_ON_ONCE(mem_cgroup_is_root(memcg)): refill of ${nrPages} page(s) for the root memcg`);
  if (nrPages > k.batch) {
    memcgUncharge(k, memcg, nrPages); // "larger than batch refill ... uncharge memcg directly"
    return;
  }
  const stock = cpuOf(k, cpu).memcgStock;
  let emptySlot = -1;
  for (let i = 0; i < k.nrStock; ++i) {
    const cached = stock.cached[i] ?? null;
    if (!cached && emptySlot === -1) emptySlot = i;
    if (memcg === cached) {
      const stockPages = u8((stock.nrPages[i] ?? 0) + nrPages);
      stock.nrPages[i] = stockPages;
      if (stockPages > k.batch) drainStock(k, stock, i);
      return;
    }
  }
  let i = emptySlot;
  if (i === -1) {
    i = getRandomU32Below(k.rng, k.nrStock);
    drainStock(k, stock, i);
  }
  k.costs.stockRefills++;
  cssGet(k, memcg);
  stock.cached[i] = memcg;
  stock.nrPages[i] = nrPages;
}

/* is_memcg_drain_needed (v6.18): a slot with pages for a memcg under @root */
export function isMemcgDrainNeeded(stock: MemcgStock, nrStock: number, root: MemCgroup): boolean {
  for (let i = 0; i < nrStock; ++i) {
    const memcg = stock.cached[i];
    if (!memcg) continue;
    if (stock.nrPages[i] && memCgroupIsDescendant(memcg, root)) return true;
  }
  return false;
}
