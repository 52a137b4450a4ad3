/*
 * Helpers for the v5.10 unit tests: small worlds and readers of the
 * snapshot by name. Not a test file itself.
 */

import type { CpuState, DesignInstance, DesignState, InitialCgroup, InitialTask, MemcgState, ObjcgState, WorldConfig } from '../../design.ts';
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

export function memcg(s: DesignState, name: string): MemcgState {
  const m = s.memcgs.find((x) => x.name === name);
  if (!m) throw new Error(`no memcg ${name} in snapshot`);
  return m;
}

export function objcg(s: DesignState, name: string): ObjcgState {
  const o = s.objcgs.find((x) => x.name === name);
  if (!o) throw new Error(`no objcg ${name} in snapshot`);
  return o;
}

export function cpu(s: DesignState, n: number): CpuState {
  const c = s.cpus.find((x) => x.cpu === n);
  if (!c) throw new Error(`no cpu${n} in snapshot`);
  return c;
}

/** Pre-charged bytes the snapshot lists for memcg `name`. */
export function precharged(s: DesignState, name: string): number {
  return s.precharged.filter((p) => p.memcg === name).reduce((n, p) => n + p.bytes, 0);
}
