/*
 * sketch-2019: Johannes Weiner's obj_cgroup sketch, as posted.
 *
 * Sources:
 * - The sketch: Johannes Weiner, "Re: [PATCH 09/16] mm: memcg/slab: charge
 *   individual slab objects instead of pages", 2019-10-25,
 *   <20191025194118.GA393641@cmpxchg.org> (a diff against Roman's v1 series,
 *   <20191018002820.307763-1-guro@fb.com>): struct obj_cgroup with
 *   nr_stocked_bytes, obj_cgroup_alloc/release/reparent,
 *   consume/drain/refill_obj_stock, obj_cgroup_charge/uncharge, the
 *   reworked slab hooks.
 * - Roman Gushchin's objections, 2019-10-30, <20191031015238.GA21323@castle.DHCP.thefacebook.com>
 *   ("Re: [PATCH 09/16] mm: memcg/slab: charge individual slab objects instead of pages"), and Johannes's answers <20191031142323.GA1168@cmpxchg.org>
 *   (objection 1: "mm: memcontrol: decouple reference counting from page
 *   accounting") and <20191031144151.GB1168@cmpxchg.org> (2 and 3).
 * - The memcg page layer the sketch stacks on: the 5.4 tree both posted
 *   against (try_charge with css_get_many(batch), consume/refill/drain_stock
 *   with css_put_many, __memcg_kmem_charge/uncharge, drain_all_stock,
 *   memory_max_write, mem_cgroup_css_offline with drain_all_stock), as
 *   quoted in the thread's diffs (the decoupling patch shows the coupled
 *   lines it removes). That layer is shared with roman-v1-2019 and lives in
 *   ../linux-5.4/; this folder keeps what the sketch wrote (obj_cgroup, the
 *   byte stock, its slab hooks, drain_local_stock) and plugs it in through
 *   SlabControllerOps (kernel.ts), MemcgSlabHooks, KernelUserOps and
 *   SnapshotParts (instance.ts).
 *
 * Kernel functions modelled (file; ../linux-5.4/ is the shared 5.4 layer):
 *   try_charge ................................ ../linux-5.4/try-charge.ts (5.4)
 *   consume_stock, refill_stock, drain_stock .. ../linux-5.4/page-stock.ts (5.4)
 *   consume_obj_stock, drain_obj_stock,
 *   refill_obj_stock .......................... obj-stock.ts (sketch)
 *   obj_cgroup_charge, obj_cgroup_uncharge .... obj-charge.ts (sketch)
 *   obj_cgroup_alloc, obj_cgroup_release,
 *   mem_cgroup_get_slab_objs .................. objcg.ts (sketch)
 *   memcg_online_kmem, obj_cgroup_reparent,
 *   memcg_offline_kmem ........................ reparent.ts (sketch)
 *   mem_cgroup_css_{alloc,online,offline,free}  ../linux-5.4/cgroup.ts, ../linux-5.4/memcg.ts (5.4);
 *                                               memcg.ts (the sketch's fields)
 *   drain_local_stock ......................... drain.ts (sketch)
 *   drain_all_stock, memcg_hotplug_cpu_dead ... ../linux-5.4/drain.ts (5.4 + the byte-stock test)
 *   memcg_slab_{pre,post}_alloc_hook,
 *   memcg_slab_free_hook ...................... slab-hooks.ts (sketch)
 *   SLUB kmem_cache_alloc(_bulk) .............. ../linux-5.4/slub.ts (5.4)
 *   __memcg_kmem_charge/uncharge, split_page .. ../linux-5.4/kmem-pages.ts (5.4)
 *   memory_max_write .......................... ../linux-5.4/memory-max.ts (5.4)
 *
 * Where the sketch leaves a function out or does not compile, it is filled
 * with the closest code of its time:
 * - `consume_obj_stock(objcg, nr_bytes)` in obj_cgroup_charge(): nr_bytes
 *   is read as the charged size.
 * - The pre-alloc hook's `obj_cgroup_charge(objcg, s->size, size, flags)`
 *   charges objects * size bytes, as v1's `size * s->size` did.
 * - Object references: the prose says the charge path bumps the refcount
 *   "by the number of objects we allocated"; the sketch's post-alloc hook
 *   puts one per NULL object and the lookup's. So the pre-alloc hook takes
 *   the lookup reference plus one per requested object.
 * - drain_obj_stock()'s `if (stock->subpage_cached) percpu_ref_put(&objcg->refcount)`
 *   puts the old obj_cgroup (the only one in scope).
 * - drain_all_stock(): v1's `subpage_cached` test, applied to
 *   obj_cached->memcg (the test 5.10's obj_stock_flush_required() makes).
 * - Kernel users (get/charge/uncharge/put of an obj_cgroup across steps):
 *   mem_cgroup_get_slab_objs(), obj_cgroup_charge/uncharge, percpu_ref_put.
 * - The root memcg has no obj_cgroup (5.4 skips memcg_online_kmem() for
 *   it); tasks never run in the root.
 *
 * What the sketch does, kept as is (each a finding when a property fails):
 * - try_charge() takes css references per charged page; objects freed after
 *   reparenting return their pages through objcg->memcg, the parent, whose
 *   references are put, while the child's stay taken (objection 1).
 * - `refill_obj_stock(objcg, PAGE_SIZE - size)` with an unsigned int
 *   parameter wraps for size > PAGE_SIZE, and only one page was charged
 *   (objection 3).
 * - drain_obj_stock() calls refill_stock(old->memcg, nr_pages) even with
 *   nr_pages 0, switching (and draining) the page stock on every byte-stock
 *   switch that has bytes to flush (objection 2).
 * - obj_cgroup_release() does not uncharge nr_stocked_bytes.
 * - The 5.4 bulk-allocation error path leaks the pre-charged bytes and
 *   references of the objects it never got; 5.4 split_page() leaves tail
 *   pages uncharged.
 *
 * Simplifications (as in the v5.10 model): cgroup v2 only (no memsw/kmem
 * counters); reclaim frees nothing and the OOM killer finds no victim;
 * no vmstats, kmem_cache clones or kmemcg_id; single-threaded, so
 * trylocks succeed, RCU is immediate and a percpu_ref release runs at the
 * put that drops it to zero; queued drain work on a CPU going down runs
 * there first; the root css counts gets and puts (CSS_NO_REF in the
 * kernel) but is never checked. Shared-operation costs are counted at the
 * page counter (per level), objcg->nr_stocked_bytes atomics, css and
 * percpu_ref operations in atomic (killed) mode, stock drains and
 * refills that change what a stock caches.
 */

import type { Design, PrechargeBound, WorldConfig } from '../../design.ts';
import { MEMCG_CHARGE_BATCH_V5, PAGE_SIZE } from '../../kernel/constants.ts';
import { SketchInstance } from './instance.ts';

/* the bound on pre-charged bytes, from the sketch's two drain thresholds */
function prechargeBound(config: WorldConfig): PrechargeBound {
  const batch = config.batch ?? MEMCG_CHARGE_BATCH_V5;
  return {
    perCpuBytes: 2 * batch * PAGE_SIZE,
    perHolderBytes: config.nrCpus * (PAGE_SIZE - 1),
    why:
      `Per CPU: refill_stock() drains once nr_pages > MEMCG_CHARGE_BATCH (${batch} pages) and the sketch's ` +
      `refill_obj_stock() once nr_bytes > MEMCG_CHARGE_BATCH << PAGE_SHIFT, so 2*${batch}*PAGE_SIZE. ` +
      `Per objcg: nr_stocked_bytes grows by drain_obj_stock() remainders (< PAGE_SIZE) and is emptied by the ` +
      `atomic_xchg() of each refill that starts caching it: at most one remainder per CPU, ${config.nrCpus}*(PAGE_SIZE - 1).`,
  };
}

export const sketch2019: Design = {
  info: {
    name: 'sketch-2019',
    title: "Johannes Weiner's 2019 obj_cgroup sketch: a byte stock stacked on the 5.4 page layer with coupled css references",
    kernel: 'sketch of 2019-10-25 (<20191025194118.GA393641@cmpxchg.org>) on the 5.4 mm tree of Roman Gushchin\'s v1 series',
    batch: MEMCG_CHARGE_BATCH_V5,
    stockSlots: 1,
    refRules: { memcg: 'coupled', kmemPagesPinObjcg: false, taskObjcgCache: false, origObjcgRef: false, objcgs: true, childPinsParent: true },
    prechargeBound,
    // Findings (README, Roman's objections): the wrap of PAGE_SIZE - size (counters-nonneg,
    // no-warnings), 5.4 split_page (conservation), the bulk error path's leaked
    // references (objcg-refs), per-page css references taken on the child and put
    // on the parent after reparenting (quiescence; memcg-refs holds: the child's
    // leaked reference matches the page its own counter level never gets back).
    expected: {
      refinement: 'fails',
      conservation: 'fails',
      'counters-nonneg': 'fails',
      'no-warnings': 'fails',
      'objcg-refs': 'fails',
      quiescence: 'fails',
    },
  },
  create(config: WorldConfig) {
    return new SketchInstance(config, config.batch ?? MEMCG_CHARGE_BATCH_V5);
  },
};
