/*
 * roman-v1-2019: Roman Gushchin's "The new slab memory controller" v1.
 *
 * Sources:
 * - The v1 series, 2019-10-17, <20191018002820.307763-1-guro@fb.com>
 *   (16 patches); 09/16 "mm: memcg/slab: charge individual slab objects
 *   instead of pages" <20191018002820.307763-10-guro@fb.com> (the slab
 *   hooks modelled here).
 * - The subpage charging API v1 carries: RFC 01/14 "mm: memcg: subpage
 *   charging API" <20190905214553.1643060-2-guro@fb.com>, in the v1 form
 *   quoted (with v1's comments) by Johannes Weiner's reply
 *   <20191025194118.GA393641@cmpxchg.org>: subpage_cached/nr_bytes in
 *   memcg_stock_pcp, memcg->nr_stocked_bytes, try_charge(memcg, gfp,
 *   amount, subpage).
 * - mem_cgroup_ptr: RFC 02/14 "mm: memcg: introduce mem_cgroup_ptr"
 *   <20190905214553.1643060-3-guro@fb.com> (v1 01/16).
 * - The 5.4 page layer underneath, as for sketch-2019 (coupled css
 *   references), shared with it in ../linux-5.4/. This folder keeps what
 *   v1 wrote (mem_cgroup_ptr, the subpage stock, the subpage overload of
 *   try_charge, its slab hooks, drain_local_stock) and plugs it in through
 *   SlabControllerOps (kernel.ts), MemcgSlabHooks, KernelUserOps and
 *   SnapshotParts (instance.ts).
 *
 * Kernel functions modelled (file; ../linux-5.4/ is the shared 5.4 layer):
 *   try_charge (subpage overload),
 *   __memcg_kmem_{charge,uncharge}_subpage .... try-charge.ts (v1, wrapping
 *                                               ../linux-5.4/try-charge.ts)
 *   consume/drain/refill_subpage_stock ........ subpage-stock.ts (v1)
 *   consume_stock, refill_stock, drain_stock .. ../linux-5.4/page-stock.ts (5.4)
 *   memcg_ptr_release, memcg_init_kmem_memcg_ptr,
 *   mem_cgroup_ptr_{get,put}, mem_cgroup_get_kmem_ptr  mem-cgroup-ptr.ts (v1)
 *   memcg_online_kmem, memcg_reparent_kmem_memcg_ptr,
 *   memcg_offline_kmem ........................ reparent.ts (v1)
 *   mem_cgroup_css_{alloc,online,offline,free}  ../linux-5.4/cgroup.ts, ../linux-5.4/memcg.ts (5.4);
 *                                               memcg.ts (v1's fields)
 *   drain_local_stock ......................... drain.ts (v1)
 *   drain_all_stock, memcg_hotplug_cpu_dead ... ../linux-5.4/drain.ts (5.4 + v1's subpage test)
 *   memcg_slab_{pre,post}_alloc_hook,
 *   memcg_slab_free_hook ...................... slab-hooks.ts (v1)
 *   SLUB kmem_cache_alloc(_bulk) .............. ../linux-5.4/slub.ts (5.4)
 *   __memcg_kmem_charge/uncharge, split_page .. ../linux-5.4/kmem-pages.ts (5.4)
 *   memory_max_write .......................... ../linux-5.4/memory-max.ts (5.4)
 *
 * Shape: subpage charges take (amount >> PAGE_SHIFT) + 1 pages through the
 * overloaded try_charge(), never use the page stock, and keep the rest as
 * bytes in a per-CPU stock keyed by memcg, drained above
 * MEMCG_CHARGE_BATCH << PAGE_SHIFT bytes with the sub-page leftover in
 * memcg->nr_stocked_bytes. Subpage charges take no css reference; the
 * subpage stock holds one on the memcg it caches. Objects point to the
 * memcg's mem_cgroup_ptr, which moves to the parent on deletion.
 *
 * RefRules: none of the schemes fits v1, which is a hybrid - page charges
 * (kmem pages, the page stock) keep 5.4's per-page css references while
 * subpage charges hold none and the subpage stock holds one per cached
 * memcg (a pointer-style reference RefRules only knows for page stocks).
 * 'coupled' is declared as the closest (v1 left the page layer's
 * refcounting alone); the memcg-refs invariant therefore does not describe
 * v1, and its verdict there is a rules mismatch, not a kernel finding.
 *
 * Fills and simplifications: kernel users keep a mem_cgroup_ptr and charge
 * ptr->memcg through the subpage API (v1 had no such user yet; percpu
 * accounting came later). The rest as for sketch-2019: cgroup v2 only,
 * no reclaim or OOM victims, no vmstats or kmem_cache clones,
 * single-threaded with immediate RCU, queued drain work runs on a CPU
 * before it goes down, the root css counted but never checked. Costs are
 * counted at the page counter (per level), memcg->nr_stocked_bytes
 * atomics, css and percpu_ref operations in atomic (killed) mode, stock
 * drains and refills that change what a stock caches.
 */

import type { Design, PrechargeBound, WorldConfig } from '../../design.ts';
import { MEMCG_CHARGE_BATCH_V5, PAGE_SIZE } from '../../kernel/constants.ts';
import { V1Instance } from './instance.ts';

/* the bound on pre-charged bytes, from v1's two drain thresholds */
function prechargeBound(config: WorldConfig): PrechargeBound {
  const batch = config.batch ?? MEMCG_CHARGE_BATCH_V5;
  return {
    perCpuBytes: 2 * batch * PAGE_SIZE,
    perHolderBytes: config.nrCpus * (PAGE_SIZE - 1),
    why:
      `Per CPU: refill_stock() drains once nr_pages > MEMCG_CHARGE_BATCH (${batch} pages) and ` +
      `refill_subpage_stock() once nr_bytes > MEMCG_CHARGE_BATCH << PAGE_SHIFT, so 2*${batch}*PAGE_SIZE. ` +
      `Per memcg: nr_stocked_bytes grows by drain_subpage_stock() remainders (< PAGE_SIZE) and is emptied by ` +
      `the atomic_xchg() of each refill that starts caching the memcg: ${config.nrCpus}*(PAGE_SIZE - 1).`,
  };
}

export const romanV1_2019: Design = {
  info: {
    name: 'roman-v1-2019',
    title: "Roman Gushchin's 2019 v1 slab controller: mem_cgroup_ptr vectors and a per-CPU subpage byte stock keyed by memcg",
    kernel: 'v1 series of 2019-10-17 (<20191018002820.307763-1-guro@fb.com>) on the 5.4 mm tree',
    batch: MEMCG_CHARGE_BATCH_V5,
    stockSlots: 1,
    // No RefRules scheme describes v1's css references (per-page references for
    // page charges, none for subpage charges, one per subpage stock), so
    // memcg-refs is not applicable; objection 1 checks its references directly.
    refRules: { memcg: 'none', kmemPagesPinObjcg: false, taskObjcgCache: false, origObjcgRef: false, objcgs: true },
    prechargeBound,
    // Findings (README, Roman's objections): 5.4 split_page leaves tail pages charged with
    // their css references (conservation, quiescence); memcg-refs is the RefRules
    // mismatch explained above, not a kernel finding.
    expected: { refinement: 'fails', conservation: 'fails', quiescence: 'fails' },
  },
  create(config: WorldConfig) {
    return new V1Instance(config, config.batch ?? MEMCG_CHARGE_BATCH_V5);
  },
};
