/*
 * v1's half of the snapshot (the 5.4 half is ../linux-5.4/snapshot.ts).
 *
 * Mapping (v1 has no obj_cgroup): each mem_cgroup_ptr is listed in
 * `objcgs`, named after the cgroup it was created for, with ptr->memcg,
 * its percpu_ref count and nrChargedBytes 0 (v1 keeps leftovers per
 * memcg, not per pointer). The subpage stock is the byte stock of kind
 * 'memcg' (it caches a memcg). memcg->nr_stocked_bytes is a shared
 * pre-charge holder (cpu null).
 */

import type { ObjcgState, ObjStockState, Precharge } from '../../design.ts';
import type { SnapshotParts } from '../linux-5.4/snapshot.ts';
import type { V1Kernel, V1StockPcp } from './kernel.ts';

function objcgs(k: V1Kernel): ObjcgState[] {
  return k.ptrs.map((p) => ({ name: p.name, memcg: p.memcg.name, refs: p.ref.count, nrChargedBytes: 0, killed: p.ref.killed, released: p.ref.released }));
}

function byteStock(stock: V1StockPcp): ObjStockState | null {
  const memcg = stock.subpageCached;
  return memcg ? { kind: 'memcg', cached: memcg.name, nrBytes: stock.nrBytes } : null;
}

function byteStockPrecharge(stock: V1StockPcp, cpu: number): Precharge | null {
  const memcg = stock.subpageCached;
  if (memcg && stock.nrBytes) return { memcg: memcg.name, bytes: stock.nrBytes, cpu, where: `cpu${cpu} subpage stock` };
  return null;
}

function sharedPrecharges(k: V1Kernel): Precharge[] {
  const out: Precharge[] = [];
  for (const m of k.memcgs) {
    // A freed memcg's nr_stocked_bytes stay charged to its ancestors for good: not pre-charge.
    if (!m.freed && m.nrStockedBytes)
      out.push({ memcg: m.name, bytes: m.nrStockedBytes, cpu: null, where: `memcg ${m.name} nr_stocked_bytes` });
  }
  return out;
}

export const SNAPSHOT: SnapshotParts = { objcgs, byteStock, byteStockPrecharge, sharedPrecharges };
