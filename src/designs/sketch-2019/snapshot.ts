/*
 * The sketch's half of the snapshot (the 5.4 half is ../linux-5.4/snapshot.ts):
 * its obj_cgroups, its byte stock keyed by obj_cgroup, and the bytes that
 * stock and objcg->nr_stocked_bytes pre-charge.
 */

import type { ObjcgState, ObjStockState, Precharge } from '../../design.ts';
import type { SnapshotParts } from '../linux-5.4/snapshot.ts';
import type { SketchKernel, SketchStockPcp } from './kernel.ts';

function objcgs(k: SketchKernel): ObjcgState[] {
  return k.objcgs.map((o) => ({
    name: o.name,
    memcg: o.memcg.name,
    refs: o.ref.count,
    nrChargedBytes: o.nrStockedBytes,
    killed: o.ref.killed,
    released: o.ref.released,
  }));
}

function byteStock(stock: SketchStockPcp): ObjStockState | null {
  const objcg = stock.objCached;
  return objcg ? { kind: 'objcg', cached: objcg.name, nrBytes: stock.nrBytes } : null;
}

function byteStockPrecharge(stock: SketchStockPcp, cpu: number): Precharge | null {
  const objcg = stock.objCached;
  if (objcg && stock.nrBytes) return { memcg: objcg.memcg.name, bytes: stock.nrBytes, cpu, where: `cpu${cpu} obj stock (objcg ${objcg.name})` };
  return null;
}

function sharedPrecharges(k: SketchKernel): Precharge[] {
  const out: Precharge[] = [];
  for (const o of k.objcgs) {
    // A released obj_cgroup's nr_stocked_bytes are charged for good (see objcg.ts): not pre-charge.
    if (!o.ref.released && o.nrStockedBytes)
      out.push({ memcg: o.memcg.name, bytes: o.nrStockedBytes, cpu: null, where: `objcg ${o.name} nr_stocked_bytes` });
  }
  return out;
}

export const SNAPSHOT: SnapshotParts = { objcgs, byteStock, byteStockPrecharge, sharedPrecharges };
