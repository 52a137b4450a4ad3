/*
 * The default simulated world and its validation.
 *
 * Short counterexamples need a world where the interesting situations are
 * one step away: two child cgroups of root with one task each, the tasks on
 * different CPUs, so a single "task runs on the other CPU" step puts a CPU
 * whose stocks cache one cgroup under a task of the other.
 */

import { ROOT } from './kernel/constants.ts';
import type { WorldConfig } from './design.ts';

export const MAX_CPUS = 8;

export function defaultWorld(nrCpus = 2): WorldConfig {
  return {
    nrCpus,
    nrNodes: 1,
    cgroups: [
      { name: 'A', parent: ROOT },
      { name: 'B', parent: ROOT },
    ],
    tasks: [
      { name: 't0', cgroup: 'A', cpu: 0 },
      { name: 't1', cgroup: 'B', cpu: 1 % nrCpus },
    ],
  };
}

/** Throws a one-line error naming what was expected and what was found. */
export function validateWorld(config: WorldConfig): void {
  const bad = (msg: string): never => {
    throw new Error(`invalid world: ${msg}`);
  };
  if (!Number.isInteger(config.nrCpus) || config.nrCpus < 1 || config.nrCpus > MAX_CPUS)
    bad(`nrCpus must be an integer in 1..${MAX_CPUS}, got ${config.nrCpus}`);
  if (!Number.isInteger(config.nrNodes) || config.nrNodes < 1) bad(`nrNodes must be a positive integer, got ${config.nrNodes}`);
  const known = new Set([ROOT]);
  for (const c of config.cgroups) {
    if (!known.has(c.parent)) bad(`cgroup ${c.name}: parent ${c.parent} does not exist before it`);
    if (known.has(c.name)) bad(`cgroup ${c.name} defined twice`);
    known.add(c.name);
  }
  for (const t of config.tasks) {
    if (!known.has(t.cgroup)) bad(`task ${t.name}: cgroup ${t.cgroup} does not exist`);
    if (!Number.isInteger(t.cpu) || t.cpu < 0 || t.cpu >= config.nrCpus) bad(`task ${t.name}: cpu ${t.cpu} out of range 0..${config.nrCpus - 1}`);
  }
  if (config.batch !== undefined && (!Number.isInteger(config.batch) || config.batch < 1)) bad(`batch must be a positive integer, got ${config.batch}`);
  if (config.stockSlots !== undefined && (!Number.isInteger(config.stockSlots) || config.stockSlots < 1))
    bad(`stockSlots must be a positive integer, got ${config.stockSlots}`);
}
