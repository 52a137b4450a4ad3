/*
 * The sketch's obj_cgroup_charge() and obj_cgroup_uncharge(), verbatim in
 * behaviour: a byte-stock hit, else one page from try_charge() and
 * `PAGE_SIZE - size` bytes into the byte stock.
 */

import { PAGE_SIZE } from '../../kernel/constants.ts';
import { u32Sub } from '../../kernel/u32.ts';
import { tryCharge } from '../linux-5.4/try-charge.ts';
import type { SketchKernel } from './kernel.ts';
import { consumeObjStock, refillObjStock } from './obj-stock.ts';
import type { Objcg } from './objcg.ts';

/**
 * objCgroupCharge - charge @size bytes to @objcg on this CPU (obj_cgroup_charge, sketch)
 *
 * `if (consume_obj_stock(objcg, nr_bytes)) return 0;` (nr_bytes is the
 * sketch's name for @size), then `try_charge(objcg->memcg, gfp, 1)` - one
 * page whatever @size is - and `refill_obj_stock(objcg, PAGE_SIZE - size)`,
 * whose unsigned int parameter wraps when @size > PAGE_SIZE (Roman's third
 * objection). Returns false for -ENOMEM.
 */
export function objCgroupCharge(k: SketchKernel, objcg: Objcg, size: number): boolean {
  if (consumeObjStock(k, objcg, size)) return true;
  if (!tryCharge(k, objcg.memcg, 1)) return false;
  refillObjStock(k, objcg, u32Sub(PAGE_SIZE, size));
  return true;
}

/* obj_cgroup_uncharge (sketch): refill_obj_stock(objcg, size) */
export function objCgroupUncharge(k: SketchKernel, objcg: Objcg, size: number): void {
  refillObjStock(k, objcg, size);
}
