/*
 * Helpers for the v5.10 unit tests: small worlds and readers of the
 * snapshot by name. Not a test file itself.
 */

import type { DesignInstance, InitialCgroup, InitialTask, WorldConfig } from '../../design.ts';
import { PAGE_SIZE } from '../../kernel/constants.ts';
import { v5_10 } from './index.ts';

export const P = PAGE_SIZE;

/** A world of `nrCpus` CPUs with the given cgroups and tasks (default: A, B; t0 in A on cpu0, t1 in B on cpu1). */
export function world(
  opts: { nrCpus?: number; cgroups?: InitialCgroup[]; tasks?: InitialTask[]; batch?: number; stockSlots?: number } = {},
): DesignInstance {
  const config: WorldConfig = {
    nrCpus: opts.nrCpus ?? 2,
    nrNodes: 1,
    cgroups: opts.cgroups ?? [
      { name: 'A', parent: 'root' },
      { name: 'B', parent: 'root' },
    ],
    tasks: opts.tasks ?? [
      { name: 't0', cgroup: 'A', cpu: 0 },
      { name: 't1', cgroup: 'B', cpu: 1 },
    ],
    ...(opts.batch !== undefined ? { batch: opts.batch } : {}),
    ...(opts.stockSlots !== undefined ? { stockSlots: opts.stockSlots } : {}),
  };
  return v5_10.create(config);
}

export { cpu, memcg, objcg, precharged } from '../../snapshot-lookup.ts';
