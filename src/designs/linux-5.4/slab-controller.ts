/*
 * What a 2019 slab controller stacks on the 5.4 page layer, as the ops
 * table the shared 5.4 functions call back into: its struct mem_cgroup
 * and struct memcg_stock_pcp (subclasses adding its fields), the kmem
 * pointer object memcg_online_kmem() creates and memcg_offline_kmem()
 * reparents (the sketch's obj_cgroup, v1's mem_cgroup_ptr), and its
 * per-CPU byte stock, which drain_local_stock() drains and
 * drain_all_stock() tests.
 *
 * Why an ops table: these are the only points where the 5.4 functions
 * (mem_cgroup_css_alloc/offline, drain_all_stock, reached from try_charge
 * and memory_max_write) call code the two controllers wrote differently;
 * everything else is the same 5.4 code, kept once in this folder.
 *
 * The hooks take the shared types; each controller's implementations take
 * its own subclasses (TypeScript accepts that for method parameters),
 * which is sound because a controller's kernel only ever holds its own
 * memcgs and stocks.
 */

import type { Kernel, MemcgStockPcp } from './kernel.ts';
import type { Memcg } from './memcg.ts';

export interface SlabControllerOps<M extends Memcg = Memcg, S extends MemcgStockPcp = MemcgStockPcp> {
  /** An empty struct memcg_stock_pcp with the controller's byte stock fields. */
  memcgStockPcp(): S;
  /** mem_cgroup_alloc(): struct mem_cgroup with the controller's fields. */
  memCgroupAlloc(k: Kernel<M, S>, name: string, parent: M | null): M;
  /** memcg_online_kmem(): create the memcg's kmem pointer object (every memcg but the root in 5.4). */
  memcgOnlineKmem(k: Kernel<M, S>, memcg: M): void;
  /** memcg_offline_kmem(): hand the memcg's kmem pointer objects to its parent. */
  memcgOfflineKmem(k: Kernel<M, S>, memcg: M): void;
  /** drain_local_stock(): this CPU's page and byte stocks, in the controller's order; clears FLUSHING_CACHED_CHARGE. */
  drainLocalStock(k: Kernel<M, S>): void;
  /** drain_all_stock()'s test of a CPU's byte stock: does it hold charges of @root or a descendant? */
  byteStockFlushRequired(stock: S, root: Memcg): boolean;
}
