/*
 * The per-CPU object stock of the NR_OBJ_STOCK series (Shakeel Butt,
 * "[PATCH v3 4/4] memcg: multi objcg charge support",
 * <20260526033931.1760588-5-shakeel.butt@linux.dev>, on top of
 * "[PATCH v3 2/4] memcg: uint16_t for nr_bytes in obj_stock_pcp"):
 * struct obj_stock_pcp keeps NR_OBJ_STOCK = 5 slots of
 * (uint16_t nr_bytes[i], struct obj_cgroup *cached[i]) and a round-robin
 * uint8_t drain_idx for evictions.
 *
 * Each cached slot holds one reference on its obj_cgroup. Only the byte
 * arithmetic and the slot choice are new; draining a slot is 6.18's
 * drain_obj_stock body (flushStockedObjcg) and taking an objcg into a slot
 * is 6.18's (stockObjcg). The slab vmstat fields (index, node_id,
 * nr_slab_*_b) are statistics and are left out, as in v6.18.
 */

import type { ObjStockState, Precharge } from '../../design.ts';
import { PAGE_SHIFT, PAGE_SIZE } from '../../kernel/constants.ts';
import { u32Add } from '../../kernel/u32.ts';
import { flushStockedObjcg, stockObjcg } from '../v6.18/obj-stock.ts';
import { stockOfKind, type ObjStockOps } from '../v6.18/obj-stock-ops.ts';
import { objCgroupUnchargePages } from '../v6.18/objcg-pages.ts';
import { cpuOf, memCgroupIsDescendant, type Cpu, type Kernel, type MemCgroup, type ObjCgroup, type ObjStockPcp } from '../v6.18/structs.ts';

/** NR_OBJ_STOCK: "sized so the entire hot path of obj_stock_pcp ... fits within a single 64-byte cache line". */
export const NR_OBJ_STOCK = 5;

/** U16_MAX: nr_bytes[] is uint16_t when PAGE_SHIFT <= 16 (always here: PAGE_SIZE is 4096). */
export const U16_MAX = 0xffff;

/** struct obj_stock_pcp with NR_OBJ_STOCK slots (vmstat fields not modelled). */
export interface ObjStock5 extends ObjStockPcp {
  readonly kind: 'slots';
  /** struct obj_cgroup *cached[NR_OBJ_STOCK]. */
  readonly cached: (ObjCgroup | null)[];
  /** uint16_t nr_bytes[NR_OBJ_STOCK]. */
  readonly nrBytes: number[];
  /** uint8_t drain_idx: the next victim when every slot is taken. */
  drainIdx: number;
  /** Not a kernel field: the slot the last refill or stock hit used, shown by the snapshot. */
  recent: number;
}

/** A C store into uint16_t. */
export function u16(x: number): number {
  return x & U16_MAX;
}

/** This CPU's stock, which objStock5 created. */
export function slotsOf(stock: ObjStockPcp): ObjStock5 {
  return stockOfKind<ObjStock5>(stock, 'slots');
}

/* __consume_obj_stock (series): only @objcg's slot may serve, if it holds enough bytes */
export function consumeObjStock5(k: Kernel, cpu: number, objcg: ObjCgroup, nrBytes: number): boolean {
  const stock = slotsOf(cpuOf(k, cpu).objStock); // local_trylock() never fails here
  const i = stock.cached.indexOf(objcg);
  if (i < 0 || stock.nrBytes[i]! < nrBytes) return false;
  stock.nrBytes[i] = u16(stock.nrBytes[i]! - nrBytes);
  stock.recent = i;
  return true;
}

/**
 * drainObjStockSlot - drain_obj_stock_slot (series): flush slot @i and forget its objcg
 *
 * Whole pages are uncharged from objcg->memcg directly (not for root), the
 * sub-page rest goes to objcg->nr_charged_bytes, the slot's reference is put.
 */
export function drainObjStockSlot(k: Kernel, stock: ObjStock5, i: number): void {
  const old = stock.cached[i];
  if (!old) return;
  const stocked = stock.nrBytes[i]!;
  stock.nrBytes[i] = 0;
  stock.cached[i] = null;
  flushStockedObjcg(k, old, stocked);
}

/* drain_obj_stock (series): every slot, in index order; drain_idx is left alone */
export function drainObjStock5(k: Kernel, stock: ObjStock5): void {
  for (let i = 0; i < NR_OBJ_STOCK; i++) drainObjStockSlot(k, stock, i);
}

/* obj_stock_flush_required (series): some slot's objcg charges a memcg under @root */
export function objStockFlushRequired5(stock: ObjStock5, root: MemCgroup): boolean {
  return stock.cached.some((objcg) => objcg !== null && memCgroupIsDescendant(objcg.memcg, root));
}

/**
 * slotFor - __refill_obj_stock (series) picking @objcg's slot: its own, else the
 * first empty one, else drain_idx's (drained; drain_idx moves round-robin)
 * @returns the slot and whether @objcg is new in it
 */
function slotFor(k: Kernel, stock: ObjStock5, objcg: ObjCgroup): { slot: number; fresh: boolean } {
  const own = stock.cached.indexOf(objcg);
  if (own >= 0) return { slot: own, fresh: false };
  const empty = stock.cached.indexOf(null);
  if (empty >= 0) return { slot: empty, fresh: true };
  const victim = stock.drainIdx;
  stock.drainIdx = (victim + 1) % NR_OBJ_STOCK;
  drainObjStockSlot(k, stock, victim);
  return { slot: victim, fresh: true };
}

/**
 * refillObjStock5 - __refill_obj_stock (series): put @nrBytes pre-charged bytes of @objcg in this CPU's stock
 * @allowUncharge: true on free; forced true when @objcg takes a slot.
 *
 * The sum is kept in an unsigned int (stock_nr_bytes) before the store into
 * uint16_t: whole pages go back (obj_cgroup_uncharge_pages, into the page
 * stock) when allowed and above a page, or whenever the sum exceeds U16_MAX.
 */
export function refillObjStock5(k: Kernel, cpu: number, objcg: ObjCgroup, nrBytes: number, allowUncharge: boolean): void {
  const stock = slotsOf(cpuOf(k, cpu).objStock); // local_trylock() never fails here
  const { slot, fresh } = slotFor(k, stock, objcg);
  let stockNrBytes: number;
  if (fresh) {
    stockNrBytes = stockObjcg(k, objcg); // "Keep the xchg result in the unsigned int local"
    stock.cached[slot] = objcg;
    allowUncharge = true; // "Allow uncharge when objcg changes"
  } else stockNrBytes = stock.nrBytes[slot]!;
  stockNrBytes = u32Add(stockNrBytes, nrBytes);
  let nrPages = 0;
  if ((allowUncharge && stockNrBytes > PAGE_SIZE) || stockNrBytes > U16_MAX) {
    nrPages = stockNrBytes >>> PAGE_SHIFT;
    stockNrBytes &= PAGE_SIZE - 1;
  }
  stock.nrBytes[slot] = u16(stockNrBytes);
  stock.recent = slot;
  if (nrPages) objCgroupUnchargePages(k, cpu, objcg, nrPages);
}

/* The common shape has room for one cached objcg: the most recently used slot, else the lowest taken one */
function viewObjStock5(s: ObjStockPcp): ObjStockState | null {
  const stock = slotsOf(s);
  const shown = stock.recent >= 0 && stock.cached[stock.recent] ? stock.recent : stock.cached.findIndex((o) => o !== null);
  const objcg = shown >= 0 ? stock.cached[shown]! : null;
  return objcg ? { kind: 'objcg', cached: objcg.name, nrBytes: stock.nrBytes[shown]! } : null;
}

/** Every slot caching an objcg, with or without bytes: each holds a reference. */
function objStock5Slots(s: ObjStockPcp): ObjStockState[] {
  const stock = slotsOf(s);
  return stock.cached.flatMap((objcg, i) => (objcg ? [{ kind: 'objcg' as const, cached: objcg.name, nrBytes: stock.nrBytes[i]! }] : []));
}

/* Every slot with bytes: nr_bytes[i] for cached[i]->memcg at this moment */
function objStock5Precharged(c: Cpu): Precharge[] {
  const stock = slotsOf(c.objStock);
  const out: Precharge[] = [];
  stock.cached.forEach((objcg, i) => {
    const bytes = stock.nrBytes[i]!;
    if (objcg && bytes) out.push({ memcg: objcg.memcg.name, bytes, cpu: c.cpu, where: `cpu${c.cpu} obj stock slot ${i} (objcg ${objcg.name})` });
  });
  return out;
}

/** The series' object stock, for V618Instance. */
export const objStock5: ObjStockOps = {
  create: (): ObjStock5 => ({
    kind: 'slots',
    cached: Array<ObjCgroup | null>(NR_OBJ_STOCK).fill(null),
    nrBytes: Array<number>(NR_OBJ_STOCK).fill(0),
    drainIdx: 0,
    recent: -1,
    flushing: false,
  }),
  consume: consumeObjStock5,
  refill: refillObjStock5,
  drain: (k, stock) => drainObjStock5(k, slotsOf(stock)),
  flushRequired: (stock, root) => objStockFlushRequired5(slotsOf(stock), root),
  view: viewObjStock5,
  slots: objStock5Slots,
  precharged: objStock5Precharged,
};
