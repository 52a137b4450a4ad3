/*
 * struct mem_cgroup of the 5.4 tree (../linux-5.4/memcg.ts) with the
 * fields v1 adds: the active mem_cgroup_ptr, the list of those pointing
 * at this memcg, and the sub-page leftovers of drained subpage stocks.
 *
 * v1 keeps 5.4's coupled css references for page charges but takes none
 * for subpage charges: the subpage stock holds one on the memcg it caches.
 */

import type { Kernel } from '../linux-5.4/kernel.ts';
import { Memcg } from '../linux-5.4/memcg.ts';
import type { MemcgPtr } from './mem-cgroup-ptr.ts';

export class V1Memcg extends Memcg {
  declare readonly parent: V1Memcg | null;
  /** memcg->kmem_memcg_ptr: the active mem_cgroup_ptr, NULL once reparented. */
  kmemMemcgPtr: MemcgPtr | null = null;
  /** memcg->kmem_memcg_ptr_list: the active mem_cgroup_ptr and those reparented here. */
  readonly kmemMemcgPtrList: MemcgPtr[] = [];
  /** memcg->nr_stocked_bytes (atomic_t): sub-page leftovers of drained subpage stocks. */
  nrStockedBytes = 0;

  constructor(k: Kernel, name: string, parent: V1Memcg | null) {
    super(k, name, parent);
  }
}
