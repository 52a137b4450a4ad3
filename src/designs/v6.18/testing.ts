/*
 * Helpers for the v6.18 unit tests: small worlds and lookups into a
 * snapshot that fail loudly when a name is missing.
 */

import type { InitialCgroup, InitialTask, WorldConfig } from '../../design.ts';
import { V618Instance } from './instance.ts';

/** A world of `cgroups` (name -> parent) and `tasks` (name -> [cgroup, cpu]). */
export function boot(cgroups: Record<string, string>, tasks: Record<string, [string, number]>, nrCpus = 2, extra: Partial<WorldConfig> = {}): V618Instance {
  const cg: InitialCgroup[] = Object.entries(cgroups).map(([name, parent]) => ({ name, parent }));
  const ts: InitialTask[] = Object.entries(tasks).map(([name, [cgroup, cpu]]) => ({ name, cgroup, cpu }));
  return new V618Instance({ nrCpus, nrNodes: 1, cgroups: cg, tasks: ts, ...extra });
}

/** root -> A, B; t0 in A on cpu0, t1 in B on cpu1. */
export function bootAB(nrCpus = 2, extra: Partial<WorldConfig> = {}): V618Instance {
  return boot({ A: 'root', B: 'root' }, { t0: ['A', 0], t1: ['B', 1] }, nrCpus, extra);
}

export { cpu, memcg, objcg, precharged as prechargedFor } from '../../snapshot-lookup.ts';
