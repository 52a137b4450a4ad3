/*
 * Byte-granular charging of v5.10: obj_cgroup_charge() and
 * obj_cgroup_uncharge(), built on the byte stock and try_charge().
 */

import { PAGE_SIZE } from '../../kernel/constants.ts';
import type { Kernel } from './kernel.ts';
import { cssPut, cssTrygetRetry } from './memcg.ts';
import { consumeObjStock, refillObjStock } from './obj-stock.ts';
import { type Objcg, objCgroupMemcg } from './objcg.ts';
import { memcgKmemCharge } from './try-charge.ts';

/**
 * objCgroupCharge - charge @size bytes to @objcg on this CPU (obj_cgroup_charge, v5.10)
 *
 * Served from the byte stock when it caches @objcg with enough bytes;
 * nr_charged_bytes is deliberately ignored here. Otherwise the size is
 * rounded up to whole pages, charged to the objcg's current memcg, and the
 * unused part of the last page (PAGE_SIZE - remainder, only when there is a
 * remainder) goes to the byte stock. For an obj_cgroup reparented to the
 * root, try_charge() charges nothing but the stock is refilled all the
 * same. Returns false for -ENOMEM, with nothing charged.
 */
export function objCgroupCharge(k: Kernel, objcg: Objcg, size: number): boolean {
  if (consumeObjStock(k, objcg, size)) return true;

  const memcg = objCgroupMemcg(objcg);
  const pinned = cssTrygetRetry(k, memcg, 'obj_cgroup_charge');
  let nrPages = Math.floor(size / PAGE_SIZE); // size >> PAGE_SHIFT
  const nrBytes = size % PAGE_SIZE; // size & (PAGE_SIZE - 1)
  if (nrBytes) nrPages += 1;

  const ok = memcgKmemCharge(k, memcg, nrPages);
  if (ok && nrBytes) refillObjStock(k, objcg, PAGE_SIZE - nrBytes);
  if (pinned) cssPut(memcg);
  return ok;
}

/* obj_cgroup_uncharge (v5.10): the bytes go to this CPU's byte stock */
export function objCgroupUncharge(k: Kernel, objcg: Objcg, size: number): void {
  refillObjStock(k, objcg, size);
}
