/*
 * The switch-cost table: shared operations per charge when k cgroups take
 * turns on one CPU, for small and large objects.
 *
 * Workload (deterministic, scripted with runAction on a Harness, no
 * invariant checked): a one-CPU world with cgroups A.. (k of them) under
 * root, task t<i> in the i-th, all on cpu0. Each turn, one task allocates
 * an object (kmem_cache_alloc) and frees the object it allocated on its
 * previous turn (kmem_cache_free), so every cgroup keeps one live object
 * and every allocation follows another cgroup's. One warm-up round, then
 * ROUNDS measured rounds; the figures are the shared operations counted
 * during the measured steps (allocations and frees) divided by the
 * measured allocations.
 */

import type { Design, SharedOpCounts, WorldConfig } from '../../src/design.ts';
import { PAGE_SIZE, ROOT } from '../../src/kernel/constants.ts';
import { Harness } from '../harness.ts';
import { runAction } from '../commands/index.ts';
import { COST_FIELDS } from './switch-cost.ts';

export const COST_KS = [1, 2, 4, 8] as const;
export const ROUNDS = 8;
/** A small slab object and one larger than a page (a percpu-sized charge). */
export const COST_SIZES = { small: 64, large: 2 * PAGE_SIZE + 512 } as const;
export type SizeClass = keyof typeof COST_SIZES;

export interface CostRow {
  readonly k: number;
  readonly size: SizeClass;
  readonly bytes: number;
  readonly charges: number;
  /** Shared operations per charge, by kind, and their total. */
  readonly perCharge: Record<keyof SharedOpCounts, number> & { total: number };
}

/** null when the design counts no shared operations. */
export type CostTable = readonly CostRow[] | null;

function world(k: number): WorldConfig {
  const names = Array.from({ length: k }, (_, i) => String.fromCharCode(65 + i));
  return {
    nrCpus: 1,
    nrNodes: 1,
    cgroups: names.map((name) => ({ name, parent: ROOT })),
    tasks: names.map((cgroup, i) => ({ name: `t${i}`, cgroup, cpu: 0 })),
  };
}

/** Run the workload for k cgroups and one object size; null if the design has no costs. */
export function measureRow(design: Design, k: number, size: SizeClass): CostRow | null {
  const config = world(k);
  const h = new Harness(design, config, { invariants: new Set() });
  const last = new Map<string, string>();
  const sums = Object.fromEntries(COST_FIELDS.map((f) => [f, 0])) as Record<keyof SharedOpCounts, number>;
  let charges = 0;
  for (let round = 0; round <= ROUNDS; round++) {
    for (const t of config.tasks) {
      const before = h.state.costs;
      const got = runAction(h, { op: 'alloc', task: t.name, cpu: 0, cgroup: t.cgroup, size: COST_SIZES[size], count: 1, fail: [] });
      const prev = last.get(t.name);
      if (prev) runAction(h, { op: 'free', cpu: 0, objs: [prev] });
      if (got !== '-ENOMEM') last.set(t.name, got);
      else last.delete(t.name);
      const after = h.state.costs;
      if (!before || !after) return null;
      if (round === 0) continue;
      charges++;
      for (const f of COST_FIELDS) sums[f] += after[f] - before[f];
    }
  }
  const per = (n: number): number => Math.round((n / charges) * 100) / 100;
  const perCharge = { ...(Object.fromEntries(COST_FIELDS.map((f) => [f, per(sums[f])])) as Record<keyof SharedOpCounts, number>), total: per(COST_FIELDS.reduce((n, f) => n + sums[f], 0)) };
  return { k, size, bytes: COST_SIZES[size], charges, perCharge };
}

/** Every k and size class, or null when the design counts no shared operations. */
export function costTable(design: Design): CostTable {
  const rows: CostRow[] = [];
  for (const size of ['small', 'large'] as const)
    for (const k of COST_KS) {
      const row = measureRow(design, k, size);
      if (!row) return null;
      rows.push(row);
    }
  return rows;
}
