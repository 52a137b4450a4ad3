/*
 * The per-CPU page stock of v5.10 (mm/memcontrol.c): pages charged to a
 * memcg's page counter in advance, held by one CPU for the next charges of
 * the same memcg.
 *
 * 5.10 has a single slot per CPU. `Kernel.stockSlots` > 1 (the world's
 * exploration override) generalises it without changing the one-slot
 * behaviour: a memcg's own slot is used if it has one, else the first free
 * slot, else slot 0 is drained and reused (5.10 drains its only slot).
 *
 * The stock holds one css reference on the memcg it caches, whatever
 * nr_pages is (5.9+ decoupled refcounting).
 */

import { pageCounterUncharge } from '../../kernel/page-counter.ts';
import type { Kernel, MemcgStockPcp, PageStockSlot } from './kernel.ts';
import { type Memcg, cssGet, cssPut } from './memcg.ts';

/**
 * consumeStock - try to consume stocked charge on this cpu (consume_stock, v5.10)
 * @memcg: memcg to consume from
 * @nrPages: how many pages to charge
 *
 * Returns true if @memcg is cached on this CPU with at least @nrPages.
 * Requests above MEMCG_CHARGE_BATCH never hit: the stock cannot hold them.
 */
export function consumeStock(k: Kernel, memcg: Memcg, nrPages: number): boolean {
  if (nrPages > k.batch) return false;
  const slot = k.thisCpuStock().slots.find((s) => s.cached === memcg);
  if (slot && slot.nrPages >= nrPages) {
    slot.nrPages -= nrPages;
    return true;
  }
  return false;
}

/* drain_stock (v5.10), one slot: return the pages to the counter, drop the css ref */
export function drainStockSlot(slot: PageStockSlot): void {
  const old = slot.cached;
  if (!old) return;
  old.costs.stockDrains++; // cost: a slot flushed
  if (slot.nrPages) {
    for (const _ of old.counter.levels()) old.costs.pageCounter++; // cost: page_counter levels written
    pageCounterUncharge(old.counter, slot.nrPages);
    slot.nrPages = 0;
  }
  cssPut(old);
  slot.cached = null;
}

/**
 * drainStock - return the stocked pages of @stock (drain_stock, v5.10)
 *
 * Works on any CPU's stock: memcg_hotplug_cpu_dead() calls it on a dead
 * CPU's stock from another CPU.
 */
export function drainStock(stock: MemcgStockPcp): void {
  for (const slot of stock.slots) drainStockSlot(slot);
}

/* the slot refill_stock() fills: 5.10 resets its only slot if it caches another memcg */
function refillSlot(stock: MemcgStockPcp, memcg: Memcg): PageStockSlot {
  const own = stock.slots.find((s) => s.cached === memcg);
  if (own) return own;
  const slot = stock.slots.find((s) => s.cached === null) ?? stock.slots[0];
  if (!slot) throw new Error('v5.10: page stock without slots');
  drainStockSlot(slot);
  cssGet(memcg);
  slot.cached = memcg;
  memcg.costs.stockRefills++; // cost: the slot now caches another memcg
  return slot;
}

/**
 * refillStock - cache charges to the local per-CPU stock (refill_stock, v5.10)
 * @memcg: memcg the pages are charged to (may be the root: see
 *         memcgKmemUncharge; the "never be root" comment on the struct
 *         field does not hold for reparented obj_cgroups)
 * @nrPages: pages to add
 *
 * A stock above MEMCG_CHARGE_BATCH is drained entirely, so a slot never
 * keeps more than MEMCG_CHARGE_BATCH pages.
 */
export function refillStock(k: Kernel, memcg: Memcg, nrPages: number): void {
  const slot = refillSlot(k.thisCpuStock(), memcg);
  slot.nrPages += nrPages;
  if (slot.nrPages > k.batch) drainStockSlot(slot);
}

/**
 * memcgKmemUncharge - uncharge kernel pages from a memcg (__memcg_kmem_uncharge, v5.10)
 *
 * On cgroup v2 there is no separate kmem counter, so this is just
 * refill_stock(): the pages go to the local stock, not straight back to
 * the counter. There is no root check here, so obj_cgroups reparented to
 * the root cache the root memcg in the page stock.
 */
export function memcgKmemUncharge(k: Kernel, memcg: Memcg, nrPages: number): void {
  refillStock(k, memcg, nrPages);
}
