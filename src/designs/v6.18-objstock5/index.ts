/*
 * v6.18+objstock5: linux-6.18.y with the pending series that turns the
 * per-CPU object stock into NR_OBJ_STOCK = 5 slots, checked before it lands.
 *
 * The series (Shakeel Butt, linux-mm/cgroups, May 2026), latest version
 * found: "[PATCH v3 0/4] memcg: shrink obj_stock_pcp and cache multiple
 * objcgs" <20260526033931.1760588-1-shakeel.butt@linux.dev>, 2026-05-25:
 * - 1/4 "memcg: store node_id instead of pglist_data pointer" (vmstat
 *   only: not modelled)
 * - 2/4 "memcg: uint16_t for nr_bytes in obj_stock_pcp": the refill flushes
 *   whole pages also when the sum exceeds U16_MAX
 * - 3/4 "memcg: int16_t for cached slab stats" (vmstat only: not modelled)
 * - 4/4 "memcg: multi objcg charge support"
 *   <20260526033931.1760588-5-shakeel.butt@linux.dev>: cached[] and
 *   nr_bytes[] of NR_OBJ_STOCK = 5, drain_obj_stock_slot(), victims
 *   chosen round-robin by drain_idx ("Changes since v1: Use round robin
 *   for drain"; v1, "[PATCH 4/4] memcg: multi objcg charge support"
 *   <20260520053123.2709959-5-shakeel.butt@linux.dev>, used
 *   get_random_u32_below()). Round-robin is deterministic as it is.
 * Motivation (cover letter): 01b9da291c49 ("mm: memcontrol: convert objcg
 * to be per-memcg per-node type") made the single-slot stock thrash, a
 * 67.7% stress-ng.switch regression reported by the kernel test robot.
 *
 * Everything else is v6.18 (../v6.18/index.ts lists the kernel functions
 * and simplifications); only the object-stock table differs
 * (obj-stock5.ts: consume_obj_stock, __refill_obj_stock, drain_obj_stock,
 * drain_obj_stock_slot, obj_stock_flush_required; drain_local_obj_stock
 * and memcg_hotplug_cpu_dead reach every slot through drain_obj_stock).
 *
 * In the common state shape, cpus[].objStockSlots lists every cached slot
 * (each holds an obj_cgroup reference, which the refcount rules count),
 * cpus[].objStock the most recently used one, and precharged every slot
 * with bytes ("cpuN obj stock slot i (objcg X)").
 */

import type { Design, PrechargeBound, WorldConfig } from '../../design.ts';
import { MEMCG_CHARGE_BATCH_V6, NR_MEMCG_STOCK, PAGE_SIZE } from '../../kernel/constants.ts';
import { LARGEST_CHARGE_BYTES, v6_18 } from '../v6.18/index.ts';
import { V618Instance } from '../v6.18/instance.ts';
import { NR_OBJ_STOCK, U16_MAX, objStock5 } from './obj-stock5.ts';

function prechargeBound(config: WorldConfig): PrechargeBound {
  const batch = config.batch ?? MEMCG_CHARGE_BATCH_V6;
  const slots = config.stockSlots ?? NR_MEMCG_STOCK;
  const pageStock = slots * batch * PAGE_SIZE;
  const perSlot = Math.min(LARGEST_CHARGE_BYTES + PAGE_SIZE - 2, U16_MAX);
  const objStock = NR_OBJ_STOCK * perSlot;
  return {
    perCpuBytes: pageStock + objStock,
    perHolderBytes: config.nrCpus * (PAGE_SIZE - 1),
    why:
      `page stock: NR_MEMCG_STOCK=${slots} slots x MEMCG_CHARGE_BATCH=${batch} pages x PAGE_SIZE = ${pageStock}; object stock: ` +
      `NR_OBJ_STOCK=${NR_OBJ_STOCK} slots, each refilled as 6.18's single stock (a slot is only ever refilled for its own objcg, ` +
      `a new objcg forces allow_uncharge) so each holds at most "(sizeof(object) + PAGE_SIZE - 2)" with sizeof(object) <= ` +
      `${LARGEST_CHARGE_BYTES}, and never more than U16_MAX (__refill_obj_stock flushes above it): ${NR_OBJ_STOCK} x ${perSlot} = ${objStock}; ` +
      `nr_charged_bytes: each drain_obj_stock_slot adds < PAGE_SIZE, and a CPU caches an objcg in one slot at most and must take ` +
      `the whole sum (the xchg) before it can drain it again, so at most nr_cpus x (PAGE_SIZE - 1)`,
  };
}

/** 6.18 plus the NR_OBJ_STOCK series. */
export const v6_18_objstock5: Design = {
  info: {
    name: 'v6.18+objstock5',
    title: 'linux-6.18.y with the pending NR_OBJ_STOCK=5 series: five cached obj_cgroups per CPU, round-robin eviction, uint16_t nr_bytes',
    kernel: '6.18 (linux-6.18.y) + "[PATCH v3 0/4] memcg: shrink obj_stock_pcp and cache multiple objcgs" (2026-05-25)',
    batch: MEMCG_CHARGE_BATCH_V6,
    stockSlots: NR_MEMCG_STOCK,
    refRules: v6_18.info.refRules,
    prechargeBound,
    // Findings, as in v6.18 (the series changes no other path): refill_stock()
    // of a root-reparented objcg's charge WARNs (no-warnings); an aborted bulk
    // allocation leaves its partial charge in the stocks (failed-charge);
    // drain work of a CPU that went down leaves its stocks undrainable
    // (quiescence: the same trace and message as v6.18).
    expected: {
      refinement: 'fails',
      'no-warnings': 'fails',
      'failed-charge': 'fails',
      quiescence: 'fails',
    },
  },
  create: (config) => new V618Instance(config, objStock5),
};
