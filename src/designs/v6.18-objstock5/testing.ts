/*
 * Helpers for the v6.18+objstock5 unit tests: small worlds booted with the
 * series' object stock.
 */

import type { InitialCgroup, InitialTask } from '../../design.ts';
import { V618Instance } from '../v6.18/instance.ts';
import { objStock5 } from './obj-stock5.ts';

/** A world of `cgroups` (name -> parent) and `tasks` (name -> [cgroup, cpu]). */
export function boot5(cgroups: Record<string, string>, tasks: Record<string, [string, number]>, nrCpus = 2): V618Instance {
  const cg: InitialCgroup[] = Object.entries(cgroups).map(([name, parent]) => ({ name, parent }));
  const ts: InitialTask[] = Object.entries(tasks).map(([name, [cgroup, cpu]]) => ({ name, cgroup, cpu }));
  return new V618Instance({ nrCpus, nrNodes: 1, cgroups: cg, tasks: ts }, objStock5);
}

/** cgroups A..F under root, task tX in cgroup X on cpu0 for each. */
export function bootSix(): V618Instance {
  const names = ['A', 'B', 'C', 'D', 'E', 'F'];
  return boot5(Object.fromEntries(names.map((n) => [n, 'root'])), Object.fromEntries(names.map((n) => [`t${n}`, [n, 0]])));
}

export { cpu, memcg, objcg, precharged } from '../../snapshot-lookup.ts';
